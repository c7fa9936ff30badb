import datetime

import pytest

from governance.models import (
    AgendaItem,
    Correction,
    DeclarationOfInterest,
    Meeting,
    MeetingEvent,
)
from tests.conftest import drawn_as_rows_grow
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    PublicQuestionFactory,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
FEB_22 = datetime.datetime(2022, 2, 22, 14, 0, tzinfo=datetime.UTC)

EMPTY_INLINES = {
    "attendances-TOTAL_FORMS": "0", "attendances-INITIAL_FORMS": "0",
    "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0",
    "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    "declarations-TOTAL_FORMS": "0", "declarations-INITIAL_FORMS": "0",
}


def meeting_form(meeting=None, board=None, **extra):
    data = {
        "board": (board or meeting.board).pk, "kind": "special",
        "start_0": "2022-02-22", "start_1": "14:00", "status": "held",
        "venue": "Zoom", "mode": "virtual", "remote_link": "", "can_take_decisions": "unknown",
        **EMPTY_INLINES,
    }
    data.update(extra)
    return data


def test_governance_officer_records_a_meeting_with_attendance_items_and_timeline(
    client, governance_user
):
    board = BoardFactory()
    chair, vacant_org = PersonFactory(), board.host
    client.force_login(governance_user)
    response = client.post("/admin/governance/meeting/add/", meeting_form(board=board, **{
        "attendances-TOTAL_FORMS": "2",
        "attendances-0-category": "present", "attendances-0-person": chair.pk,
        "attendances-0-role": "Portfolio Holder", "attendances-0-is_chair": "on",
        "attendances-1-category": "absent", "attendances-1-role": "Head of Service",
        "attendances-1-organisation": vacant_org.pk,
        "items-TOTAL_FORMS": "1", "items-0-number": "1", "items-0-title": "Welcome",
        "items-0-kind": "welcome",
        "events-TOTAL_FORMS": "1", "events-0-kind": "closed", "events-0-time": "16:37",
    }))
    assert response.status_code == 302, errors(response)
    meeting = Meeting.objects.get()
    lines = list(meeting.attendances.all())
    assert [line.order for line in lines] == [1, 2]
    assert lines[0].is_chair and lines[1].is_vacant
    closed = MeetingEvent.objects.get()
    assert closed.at == meeting.start.replace(hour=16, minute=37)


def test_editing_approved_minutes_needs_a_reason(client, governance_user):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.APPROVED, venue="Zoom",
                             start=FEB_22, kind="special", mode="virtual")
    client.force_login(governance_user)
    response = client.post(f"/admin/governance/meeting/{meeting.pk}/change/",
                           meeting_form(meeting, venue="Zoom (Teams)"))
    assert response.status_code == 200
    assert "Reason for correction" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue == "Zoom"


def test_editing_approved_minutes_records_a_correction(client, governance_user):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.APPROVED, venue="Zoom",
                             start=FEB_22, kind="special", mode="virtual")
    client.force_login(governance_user)
    response = client.post(
        f"/admin/governance/meeting/{meeting.pk}/change/",
        meeting_form(meeting, venue="Microsoft Teams", correction_reason="Wrong platform"),
    )
    assert response.status_code == 302, errors(response)
    correction = Correction.objects.get()
    assert correction.reason == "Wrong platform"
    assert correction.made_by == governance_user
    assert correction.changes["venue"] == ["Zoom", "Microsoft Teams"]


def test_editing_an_item_of_approved_minutes_records_a_correction(client, governance_user):
    item = AgendaItemFactory(meeting__minutes_status=Meeting.MinutesStatus.APPROVED,
                             report_reference="Report No. 41/2022")
    client.force_login(governance_user)
    response = client.post(f"/admin/governance/agendaitem/{item.pk}/change/", {
        "meeting": item.meeting.pk, "number": item.number, "title": item.title,
        "kind": item.kind, "report_reference": "Report No. 42/2022",
        "presenter": item.presenter.pk, "minutes": item.minutes,
        "correction_reason": "Typing error in the report number",
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
        "resolutions-TOTAL_FORMS": "1", "resolutions-INITIAL_FORMS": "0",
        "resolutions-0-letter": "a", "resolutions-0-outcome": 1,
        "resolutions-0-text": "the report.",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, errors(response)
    whats = sorted(c.what for c in Correction.objects.all())
    assert len(whats) == 2 and whats[0].startswith("Agenda item") and "Resolution" in whats[1]
    item_correction = Correction.objects.get(what__startswith="Agenda item")
    assert item_correction.changes == {
        "report_reference": ["Report No. 41/2022", "Report No. 42/2022"]
    }


def test_part_of_approved_minutes_cannot_be_deleted_silently(client, governance_user):
    item = AgendaItemFactory(meeting__minutes_status=Meeting.MinutesStatus.APPROVED)
    client.force_login(governance_user)
    response = client.post(f"/admin/governance/agendaitem/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_governance_officer_publishes_minutes_with_the_admin_action(client, governance_user):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    client.force_login(governance_user)
    client.post("/admin/governance/meeting/", {
        "action": "publish_minutes", "_selected_action": [meeting.pk],
    })
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED


def test_press_office_can_read_but_not_change_meetings(client, press_user):
    meeting = MeetingFactory()
    client.force_login(press_user)
    assert client.get(f"/admin/governance/meeting/{meeting.pk}/change/").status_code == 200
    response = client.post(f"/admin/governance/meeting/{meeting.pk}/change/",
                           meeting_form(meeting, venue="Changed"))
    assert response.status_code == 403
    response = client.get("/admin/governance/meeting/")
    assert "publish_minutes" not in response.content.decode()


def test_press_office_never_sees_questioners_contact_details(client, press_user):
    question = PublicQuestionFactory()
    client.force_login(press_user)
    pages = [
        client.get(f"/admin/governance/publicquestion/{question.pk}/change/"),
        client.get("/admin/governance/publicquestion/"),
        client.get(f"/admin/governance/agendaitem/{AgendaItemFactory(meeting=question.meeting).pk}"
                   "/change/"),
        client.get(f"/admin/governance/publicquestion/{question.pk}/history/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        for private in (question.contact_address, question.contact_email,
                        question.contact_phone):
            assert private not in html
    assert "contact_email" not in pages[0].content.decode()
    search = client.get(f"/admin/governance/publicquestion/?q={question.contact_email}")
    assert "0 results" in search.content.decode()


def test_governance_officer_sees_contact_details_to_reply(client, governance_user):
    question = PublicQuestionFactory()
    client.force_login(governance_user)
    html = client.get(f"/admin/governance/publicquestion/{question.pk}/change/").content.decode()
    assert question.contact_email in html


def errors(response):
    context = response.context
    if context is None or "adminform" not in context:
        return response.status_code
    found = [context["adminform"].form.errors]
    found += [formset.formset.errors for formset in context.get("inline_admin_formsets", [])]
    found += [formset.formset.non_form_errors() for formset in
              context.get("inline_admin_formsets", [])]
    return found


def test_a_declaration_is_on_an_item_of_its_own_meeting(client, governance_user):
    meeting = MeetingFactory()
    ours = [AgendaItemFactory(meeting=meeting, title=f"Our item {n}") for n in (1, 2)]
    AgendaItemFactory(title="Another meeting's item")  # offered to every meeting before
    client.force_login(governance_user)
    page = client.get(f"/admin/governance/meeting/{meeting.pk}/change/").content.decode()
    # The blank declaration kept for "Add another" offers this meeting's items only.
    blank = page[page.index('name="declarations-__prefix__-item"'):]
    offered = blank[:blank.index("</select>")]
    assert all(item.title in offered for item in ours)
    assert "Another meeting's item" not in page
    new = client.get("/admin/governance/meeting/add/").content.decode()
    assert "Our item" not in new and "Another meeting's item" not in new


def test_a_reader_who_may_only_view_sees_a_meetings_declarations(client, siteadmin_user):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Our item")
    DeclarationOfInterest.objects.create(meeting=meeting, item=item, person=PersonFactory(),
                                         description="Trustee of a local charity.")
    client.force_login(siteadmin_user)
    page = client.get(f"/admin/governance/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    assert "Trustee of a local charity." in page.content.decode()


def test_a_meetings_page_names_its_rows_chosen_people_in_a_query_per_field(
    client, governance_user
):
    meeting = MeetingFactory()
    client.force_login(governance_user)

    def add_row():  # an attendance line and an item
        AttendanceFactory(meeting=meeting, representative=PersonFactory())
        AgendaItemFactory(meeting=meeting)

    content, (few, many) = drawn_as_rows_grow(
        client, f"/admin/governance/meeting/{meeting.pk}/change/",
        meeting.attendances.count, add_row, totals=(2, 12))
    assert few == many
    for line in meeting.attendances.select_related("person", "organisation", "representative"):
        for record in (line.person, line.organisation, line.representative):
            assert f'<option value="{record.pk}" selected>{record}</option>' in content


def test_a_meetings_form_sent_back_with_a_key_that_is_no_record_shows_the_error(
    client, governance_user
):
    meeting = MeetingFactory()
    client.force_login(governance_user)
    response = client.post(f"/admin/governance/meeting/{meeting.pk}/change/", meeting_form(
        meeting, **{"attendances-TOTAL_FORMS": "1", "attendances-0-category": "present",
                    "attendances-0-person": "not-a-key", "attendances-0-role": "Member"}))
    assert response.status_code == 200
    [line_errors] = [e for formset in response.context["inline_admin_formsets"]
                     for e in formset.formset.errors if e]
    assert "person" in line_errors


def test_an_outcome_twin_in_other_letters_is_refused_with_the_word_kept(admin_client):
    # Words are kept in capitals: "noted" is NOTED, which the seed data already holds.
    from governance.models import Outcome

    before = Outcome.objects.count()
    response = admin_client.post("/admin/governance/outcome/add/", {"word": " noted ", "order": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Outcome with this Word already exists." in html
    assert 'name="word" value=" noted "' in html  # as typed
    response = admin_client.post("/admin/governance/outcome/add/", {"word": "ß" * 40, "order": 3})
    assert response.status_code == 200
    assert "In capitals the word is longer than 40 characters." in response.content.decode()
    assert Outcome.objects.count() == before
    response = admin_client.post("/admin/governance/outcome/add/", {"word": "deferred", "order": 3})
    assert response.status_code == 302
    assert Outcome.objects.filter(word="DEFERRED").exists()
