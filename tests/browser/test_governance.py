"""A governance officer records and publishes a meeting; a visitor reads the minutes."""

import pytest

from governance.models import AgendaItem, Meeting
from tests.browser.conftest import choose, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_records_and_publishes_a_meeting_and_the_public_reads_it(
    live_server, page, axe, governance_user
):
    from tests.governance.factories import BoardFactory
    from tests.people.factories import PersonFactory

    board = BoardFactory(name="Rutland Health and Wellbeing Board", slug="rutland-hwb")
    PersonFactory(honorific="Councillor", given_name="S", family_name="Harvey")

    login(page, live_server, governance_user.username)
    page.goto(f"{live_server.url}/admin/governance/meeting/add/")
    choose(page, "id_board", "Rutland Health")
    page.select_option("#id_kind", "special")
    page.fill("#id_start_0", "2022-02-22")
    page.fill("#id_start_1", "14:00")
    page.select_option("#id_status", "held")
    page.fill("#id_venue", "Zoom")
    page.select_option("#id_mode", "virtual")
    choose(page, "id_attendances-0-person", "Harvey")
    page.fill("#id_attendances-0-role", "Portfolio Holder for Health, Wellbeing and Adult Care")
    page.check("#id_attendances-0-is_chair")
    page.fill("#id_items-0-number", "6")
    page.fill("#id_items-0-title", "Joint Health and Wellbeing Strategy")
    page.fill("#id_items-0-report_reference", "Report No. 42/2022")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/governance/meeting/")

    item = AgendaItem.objects.get(meeting__board=board)
    page.goto(f"{live_server.url}/admin/governance/agendaitem/{item.pk}/change/")
    page.fill("#id_resolutions-0-letter", "a")
    page.select_option("#id_resolutions-0-outcome", label="AGREED TO DEFER")
    page.fill("#id_resolutions-0-text", "the endorsement of the strategy.")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/governance/agendaitem/")

    meeting = Meeting.objects.get(board=board)
    page.goto(f"{live_server.url}/admin/governance/meeting/")
    page.check(f"input[name=_selected_action][value='{meeting.pk}']")
    page.select_option("select[name=action]", "publish_minutes")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED

    page.context.clear_cookies()
    response = page.goto(f"{live_server.url}/meetings/rutland-hwb/2022-02-22/")
    assert response.status == 200
    assert "Tuesday 22 February 2022, 2.00 pm" in page.inner_text("main")
    assert page.inner_text(".ics-chair") == "(Chair)"
    assert page.inner_text(".ics-outcome") == "AGREED TO DEFER"
    assert "could not legally take decisions" in page.inner_text("main")
    axe(page)

    page.goto(f"{live_server.url}/decisions/")
    assert "the endorsement of the strategy." in page.inner_text("main")
    axe(page)


def test_governance_pages_of_the_demo_pass_axe(live_server, page, axe, demo):
    from tests.governance.factories import upcoming_meeting

    upcoming = upcoming_meeting(board__slug="future-board")
    for path in ["/meetings/rutland-hwb/2022-02-22/", "/meetings/rutland-hwb/2022-04-05/",
                 "/meetings/", "/boards/", "/boards/rutland-hwb/", "/people/s-harvey/",
                 f"{upcoming.get_absolute_url()}questions/new/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        axe(page)
    page.click("main button[type=submit]")
    assert "There is a problem" in page.inner_text("main")
    axe(page)
