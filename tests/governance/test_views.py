import datetime
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import (
    AgendaItem,
    Attendance,
    Board,
    Correction,
    DeclarationOfInterest,
    Meeting,
    Outcome,
    PublicQuestion,
    SupportingDocument,
    london,
)
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingEventFactory,
    MeetingFactory,
    PublicQuestionFactory,
    ResolutionFactory,
    upcoming_meeting,
)
from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_meetings_page_lists_upcoming_and_past(client):
    past = MeetingFactory()
    future = upcoming_meeting()
    html = client.get("/meetings/").content.decode()
    assert future.get_absolute_url() in html
    assert past.get_absolute_url() in html
    assert html.index("Upcoming meetings") < html.index(future.get_absolute_url())
    assert html.index("Past meetings") < html.index(past.get_absolute_url())


def test_past_meetings_are_paged_newest_first_without_counting_them(client):
    first = MeetingFactory(start=london(datetime.date(2023, 1, 2), 10, 0))
    board = first.board
    later = [
        MeetingFactory(board=board, start=london(datetime.date(2023, 2, day), 10, 0))
        for day in range(1, 21)
    ]
    with CaptureQueriesContext(connection) as queries:
        page_one = client.get("/meetings/").content.decode()
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    assert all(meeting.get_absolute_url() in page_one for meeting in later)
    assert first.get_absolute_url() not in page_one
    assert 'href="?page=2" rel="next"' in page_one and 'rel="prev"' not in page_one
    page_two = client.get("/meetings/?page=2").content.decode()
    assert first.get_absolute_url() in page_two and later[0].get_absolute_url() not in page_two
    assert 'href="?page=1" rel="prev"' in page_two and 'rel="next"' not in page_two
    beyond = client.get("/meetings/?page=7").content.decode()
    assert "fewer past meetings than this page number" in beyond
    assert "No past meetings are recorded" not in beyond


def test_meetings_page_filters_by_board_and_year(client):
    # Dated explicitly: the factory's dates run on with every meeting the suite creates.
    kept = MeetingFactory(start=london(datetime.date(2022, 3, 1), 14, 0))
    other_board = MeetingFactory(start=kept.start)
    other_year = MeetingFactory(board=kept.board, start=kept.start.replace(year=2021))
    html = client.get(f"/meetings/?board={kept.board.slug}&year=2022").content.decode()
    assert kept.get_absolute_url() in html
    assert other_board.get_absolute_url() not in html
    assert other_year.get_absolute_url() not in html


def test_board_page_shows_host_members_and_meetings(client):
    line = AttendanceFactory(meeting__start=timezone.now() - datetime.timedelta(days=20))
    board = line.meeting.board
    html = client.get(board.get_absolute_url()).content.decode()
    assert board.host.name in html
    assert line.person.display_name in html
    assert line.meeting.get_absolute_url() in html


def test_boards_list_shows_each_board_its_host_and_its_next_and_last_meetings(client):
    board = BoardFactory(name="Rutland Health and Wellbeing Board")
    held = MeetingFactory(board=board, start=london(datetime.date(2022, 2, 22), 14, 0))
    MeetingFactory(board=board, start=held.start + datetime.timedelta(days=7),
                   status=Meeting.Status.CANCELLED)
    upcoming = upcoming_meeting(board=board)
    MeetingFactory(board=board, start=upcoming.start - datetime.timedelta(days=1),
                   status=Meeting.Status.POSTPONED, minutes_status=Meeting.MinutesStatus.NONE)
    quiet = BoardFactory(name="Audit Committee", kind=Board.Kind.COMMITTEE)
    html = client.get("/boards/").content.decode()
    rows = html.split('<tr role="row" class="nhsuk-table__row">')[1:]
    assert [quiet.get_absolute_url() in row for row in rows] == [True, False]  # by name
    assert "Committee" in rows[0] and "None scheduled" in rows[0]
    assert "None recorded" in rows[0] and board.host.get_absolute_url() not in rows[0]
    row = rows[1]
    assert f'<a href="{board.get_absolute_url()}">{board.name}</a>' in row
    assert "Health and wellbeing board" in row
    assert f'<a href="{board.host.get_absolute_url()}">{board.host.name}</a>' in row
    # Cancelled and postponed meetings are neither the next nor the last.
    assert f'<a href="{held.get_absolute_url()}">Tuesday 22 February 2022</a>' in row
    day = timezone.localtime(upcoming.start)
    assert f'<a href="{upcoming.get_absolute_url()}">{day:%A} {day.day} {day:%B %Y}</a>' in row
    assert row.count("<a href=") == 4


@override_settings(ICSPORTAL_PAGE_CACHE=False)
@pytest.mark.parametrize("boards", [1, 8])
def test_boards_list_reads_one_query_whatever_the_boards(
    client, django_assert_num_queries, boards
):
    for _ in range(boards):
        board = MeetingFactory().board
        upcoming_meeting(board=board)
    with django_assert_num_queries(1):
        html = client.get("/boards/").content.decode()
    assert html.count('<tr role="row" class="nhsuk-table__row">') == boards


def test_boards_list_without_boards_says_so(client):
    assert "No boards have been added yet." in client.get("/boards/").content.decode()


def test_board_page_leads_back_to_the_boards_list_and_the_meetings_list_to_it(client):
    board = BoardFactory()
    assert 'class="nhsuk-back-link" href="/boards/"' in client.get(
        board.get_absolute_url()).content.decode()
    assert 'href="/boards/">boards and committees</a>' in client.get(
        "/meetings/").content.decode()


def test_meeting_page_shows_the_minutes_with_their_structure(client):
    meeting = MeetingFactory(start=timezone.make_aware(datetime.datetime(2022, 2, 22, 14)),
                             kind=Meeting.Kind.SPECIAL, mode=Meeting.Mode.VIRTUAL)
    AttendanceFactory(meeting=meeting, is_chair=True, person__family_name="Harvey")
    AttendanceFactory(meeting=meeting, person=None, role="Head of Community Health Services",
                      category=Attendance.Category.ABSENT)
    item = AgendaItemFactory(meeting=meeting, number=6, report_reference="Report No. 42/2022")
    ResolutionFactory(item=item, letter="c",
                      outcome=Outcome.objects.get(word="AGREED TO DEFER"), text="endorsement.")
    MeetingEventFactory(meeting=meeting, at=meeting.start + datetime.timedelta(minutes=157))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tuesday 22 February 2022, 2.00 pm" in html
    assert "Harvey" in html and '<strong class="ics-chair">(Chair)</strong>' in html
    assert "Vacant post" in html and "Head of Community Health Services" in html
    assert "Report No. 42/2022" in html
    assert 'c) <strong class="ics-outcome">AGREED TO DEFER</strong> endorsement.' in html
    assert "could not legally take decisions" in html
    assert "4.37 pm" in html
    assert "There were no declarations of interest" not in html  # no declarations item
    assert '"@type": "Event"' in html and "application/ld+json" in html


def test_each_agenda_item_shows_its_presenter_declarations_questions_decisions_and_papers(
    client,
):
    meeting = MeetingFactory()
    declarations = AgendaItemFactory(meeting=meeting, number=2, minutes="",
                                     kind=AgendaItem.Kind.DECLARATIONS, presenter=None)
    report = AgendaItemFactory(meeting=meeting, number=7, report_reference="Report <7>",
                               presenter__given_name="Mina", presenter__family_name="Shah",
                               presenter_role="Director of Public Health")
    early = DeclarationOfInterest.objects.create(
        meeting=meeting, item=declarations, person=PersonFactory(family_name="Gale"),
        kind=DeclarationOfInterest.Kind.REGISTRABLE, description="A trustee of <Vista>")
    late = DeclarationOfInterest.objects.create(
        meeting=meeting, item=report, person=PersonFactory(family_name="Orme"),
        kind=DeclarationOfInterest.Kind.NON_REGISTRABLE, description="Employed by the trust")
    question = PublicQuestionFactory(meeting=meeting, item=report, speaker_name="Ed <Rees>",
                                     kind=PublicQuestion.Kind.PETITION)
    ResolutionFactory(item=report, letter="b", text="the plan.")
    SupportingDocument.objects.create(item=report, title="Appendix <A>",
                                      file="governance/appendix-a.pdf")
    html = client.get(meeting.get_absolute_url()).content.decode()
    own, reported = html.split('id="item-2"')[1].split('id="item-7"')
    # The declarations item lists all the meeting's declarations, escaped.
    assert (f'<a href="{early.person.get_absolute_url()}">{early.person.display_name}</a>'
            "</span> declared an other registrable interest: A trustee of &lt;Vista&gt;</li>"
            ) in own
    assert "declared a non-registrable interest: Employed by the trust" in own
    assert "There were no declarations of interest" not in html
    assert ("<p class=\"ics-meta\">Report &lt;7&gt;, presented by "
            f'<span class="ics-person-line"><a href="{report.presenter.get_absolute_url()}">'
            "Mina Shah</a>, <span class=\"ics-person-line__role\">Director of Public Health"
            "</span></span></p>") in reported
    assert late.description in reported and early.description not in reported
    assert (f'Questions taken under this item: <a href="#question-{question.pk}">petition from '
            "Ed &lt;Rees&gt;</a>.") in reported
    assert '<li id="item-7-b">b) <strong class="ics-outcome">NOTED</strong> the plan.</li>' in (
        reported)
    assert '<a href="/media/governance/appendix-a.pdf">Appendix &lt;A&gt; (PDF)</a>' in reported


def test_a_declarations_item_without_minutes_says_there_were_none(client):
    item = AgendaItemFactory(kind=AgendaItem.Kind.DECLARATIONS, minutes="", presenter=None)
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "<p>There were no declarations of interest.</p>" in html


def contents_of(html):
    """(address, text) of each entry in the page's "On this page" list, or None."""
    nav = re.search(r'<nav class="nhsuk-contents-list".*?</nav>', html, re.S)
    return nav and re.findall(r'<a class="nhsuk-contents-list__link" href="([^"]+)">([^<]+)</a>',
                              nav.group())


def test_published_minutes_open_with_a_list_of_their_items_and_sections(client):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting)
    for number, title in [(2, "Declarations of interest"), (1, "Apologies"),
                          (10, "Any other business")]:
        AgendaItemFactory(meeting=meeting, number=number, title=title)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert contents_of(html) == [
        ("#attendance", "Attendance"), ("#item-1", "1. Apologies"),
        ("#item-2", "2. Declarations of interest"), ("#item-10", "10. Any other business"),
    ]
    assert all(f'id="{anchor[1:]}"' in html for anchor, _text in contents_of(html))


def test_the_list_of_sections_names_the_timeline_and_questions_when_there_are_some(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    MeetingEventFactory(meeting=meeting, at=meeting.start)
    PublicQuestionFactory(meeting=meeting, response_published=True)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert contents_of(html)[-2:] == [
        ("#timeline", "Timeline"),
        ("#questions", "Petitions, deputations and questions from the public"),
    ]
    assert ('<h2 id="questions">Petitions, deputations and questions from the public</h2>'
            in html)


def test_an_agenda_before_its_minutes_has_no_list_of_sections(client):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    AgendaItemFactory(meeting=meeting)
    assert contents_of(client.get(meeting.get_absolute_url()).content.decode()) is None


def test_meeting_page_shows_only_the_agenda_before_minutes_are_published(client):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    item = AgendaItemFactory(meeting=meeting, minutes="<p>Secret draft wording</p>")
    ResolutionFactory(item=item, text="a draft decision")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert item.title in html
    assert "Secret draft wording" not in html and "a draft decision" not in html
    assert "Agenda" in html


def test_exempt_items_show_only_their_title(client):
    item = AgendaItemFactory(is_exempt=True, minutes="<p>Confidential contract terms</p>",
                             report_reference="Report No. 99/2022")
    ResolutionFactory(item=item, text="the confidential contract.")
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert item.title in html
    assert "Confidential contract terms" not in html
    assert "the confidential contract" not in html
    assert "Report No. 99/2022" not in html


def test_meeting_page_shows_questions_with_response_but_not_contacts(client):
    question = PublicQuestionFactory()
    received = PublicQuestionFactory(meeting=question.meeting, speaker_name="Not Yet Accepted",
                                     status=PublicQuestion.Status.RECEIVED)
    html = client.get(question.meeting.get_absolute_url()).content.decode()
    assert question.question in html and "In the spring." in html
    assert question.responder.display_name in html
    assert received.speaker_name not in html
    for private in (question.contact_address, question.contact_email, question.contact_phone):
        assert private not in html


def test_approved_minutes_list_their_corrections(client, governance_user):
    from governance import services

    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.APPROVED)
    services.record_correction(meeting, governance_user, "The venue was misspelt", {})
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Corrections" in html and "The venue was misspelt" in html
    assert contents_of(html)[-1] == ("#corrections", "Corrections")


def test_unknown_meeting_date_is_not_found(client):
    board = BoardFactory()
    assert client.get(f"/meetings/{board.slug}/2022-02-30/").status_code == 404
    assert client.get(f"/meetings/{board.slug}/2022-02-22/").status_code == 404


def test_a_meeting_has_one_address_with_its_date_written_yyyy_mm_dd(client):
    meeting = MeetingFactory(start=london(datetime.date(2022, 2, 22), 14, 0))
    board = meeting.board.slug
    assert client.get(f"/meetings/{board}/2022-02-22/").status_code == 200
    # Python reads these as the same day; the site has one address for it.
    for other in ("20220222", "2022-W08-2", "2022W082"):
        assert client.get(f"/meetings/{board}/{other}/").status_code == 404
        assert client.get(f"/meetings/{board}/{other}/questions/new/").status_code == 404


def test_a_meeting_address_without_its_date_leads_to_the_board(client):
    board = BoardFactory()
    response = client.get(f"/meetings/{board.slug}/")
    assert response.status_code == 301
    assert response["Location"] == board.get_absolute_url() == f"/boards/{board.slug}/"
    assert client.get("/meetings/no-such-board/").status_code == 404


def test_a_question_address_without_new_leads_to_the_form(client):
    meeting = MeetingFactory()
    day = meeting.local_date.isoformat()
    response = client.get(f"/meetings/{meeting.board.slug}/{day}/questions/")
    assert response.status_code == 301
    assert response["Location"] == f"/meetings/{meeting.board.slug}/{day}/questions/new/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/meetings/{meeting.board.slug}/1999-01-01/questions/").status_code == 404
    assert client.get(f"/meetings/no-such-board/{day}/questions/").status_code == 404


def test_decisions_register_lists_public_resolutions_newest_first(client):
    old = ResolutionFactory(text="older decision")
    new = ResolutionFactory(text="newer decision",
                            item__meeting__start=old.item.meeting.start + datetime.timedelta(60))
    draft = ResolutionFactory(text="draft decision",
                              item__meeting__minutes_status=Meeting.MinutesStatus.DRAFT)
    html = client.get("/decisions/").content.decode()
    assert html.index(new.text) < html.index(old.text)
    assert draft.text not in html
    assert f"{new.item.meeting.get_absolute_url()}#item-{new.item.number}" in html


def test_decisions_register_filters_by_board_outcome_and_dates(client):
    kept = ResolutionFactory(text="kept", outcome=Outcome.objects.get(word="APPROVED"))
    ResolutionFactory(text="other outcome", item__meeting__board=kept.item.meeting.board)
    ResolutionFactory(text="other board", outcome=kept.outcome)
    day = kept.item.meeting.date.isoformat()
    html = client.get(
        f"/decisions/?board={kept.item.meeting.board.slug}&outcome=APPROVED&from={day}&to={day}"
    ).content.decode()
    assert "kept" in html
    assert "other outcome" not in html and "other board" not in html


def test_decisions_register_explains_a_bad_date(client):
    html = client.get("/decisions/?from=yesterday").content.decode()
    assert "There is a problem" in html


def test_question_form_shows_the_privacy_notice(client):
    meeting = upcoming_meeting()
    html = client.get(f"{meeting.get_absolute_url()}questions/new/").content.decode()
    assert "never published" in html
    assert 'href="/privacy/"' in html


def test_question_form_receives_a_question_for_the_officer(client):
    meeting = upcoming_meeting()
    response = client.post(f"{meeting.get_absolute_url()}questions/new/", {
        "speaker_name": "Ann Other", "on_behalf_of": "myself",
        "contact_email": "ann@example.org", "question": "Will the bus serve the hospital?",
    })
    assert response.status_code == 302
    question = meeting.questions.get()
    assert question.status == PublicQuestion.Status.RECEIVED
    assert question.contact_email == "ann@example.org"


def test_question_form_keeps_what_was_typed_when_contact_is_missing(client):
    meeting = upcoming_meeting()
    response = client.post(f"{meeting.get_absolute_url()}questions/new/", {
        "speaker_name": "Ann Other", "question": "Will the bus serve the hospital?",
    })
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Will the bus serve the hospital?" in html
    assert not meeting.questions.exists()


def test_question_form_refuses_an_email_address_longer_than_is_stored(client):
    # A valid address of 312 characters: Django's check allows 320, the column 254.
    meeting = upcoming_meeting()
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"
    response = client.post(f"{meeting.get_absolute_url()}questions/new/", {
        "speaker_name": "Ann Other", "contact_email": email,
        "question": "Will the bus serve the hospital?",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Email address: Ensure this value has at most 254 characters (it has 312)." in html
    assert f'value="{email}"' in html and "Will the bus serve the hospital?" in html
    assert not meeting.questions.exists()


def test_question_form_ignores_robots_that_fill_the_honeypot(client):
    meeting = upcoming_meeting()
    response = client.post(f"{meeting.get_absolute_url()}questions/new/", {
        "speaker_name": "Bot", "contact_email": "bot@example.org", "question": "Buy now",
        "website": "https://spam.example",
    })
    assert response.status_code == 302
    assert not meeting.questions.exists()


def test_question_form_limits_the_rate_per_address(client):
    meeting = upcoming_meeting()
    data = {"speaker_name": "Ann", "contact_email": "ann@example.org", "question": "Why?"}
    for _ in range(5):
        assert client.post(f"{meeting.get_absolute_url()}questions/new/", data).status_code == 302
    response = client.post(f"{meeting.get_absolute_url()}questions/new/", data)
    assert response.status_code == 429
    assert meeting.questions.count() == 5


def test_question_form_is_closed_after_the_deadline(client):
    meeting = upcoming_meeting()
    meeting.start = timezone.now() + datetime.timedelta(hours=20)
    meeting.save()
    url = f"{meeting.get_absolute_url()}questions/new/"
    assert "Questions have closed" in client.get(url).content.decode()
    client.post(url, {"speaker_name": "Ann", "contact_email": "a@example.org", "question": "?"})
    assert not meeting.questions.exists()


def test_person_page_shows_attendance_rate_and_questions_answered(client):
    line = AttendanceFactory()
    AttendanceFactory(person=line.person, category=Attendance.Category.APOLOGIES,
                      meeting=MeetingFactory(board=line.meeting.board))
    PublicQuestionFactory(responder=line.person, meeting=line.meeting)
    html = client.get(line.person.get_absolute_url()).content.decode()
    assert "present at 1 of 2 meetings (50%)" in html
    assert "Public questions answered" in html


def test_person_page_links_each_meeting_attended_and_question_answered_on_its_london_day(
    client,
):
    board = BoardFactory(name="Rutland Health & Wellbeing Board", slug="rutland-hwb")
    meeting = MeetingFactory(board=board, start=datetime.datetime(2023, 7, 4, 23, 30,
                                                                  tzinfo=datetime.UTC))
    line = AttendanceFactory(meeting=meeting, is_chair=True)
    question = PublicQuestionFactory(responder=line.person, meeting=meeting,
                                     kind=PublicQuestion.Kind.PETITION, speaker_name="Ann <Lee>")
    html = client.get(line.person.get_absolute_url()).content.decode()
    assert ('<li><a href="/meetings/rutland-hwb/2023-07-05/">Rutland Health &amp; Wellbeing '
            "Board, Wednesday 5 July 2023</a> (chair)</li>") in html
    assert (f'<li><a href="/meetings/rutland-hwb/2023-07-05/#question-{question.pk}">Petition '
            "from Ann &lt;Lee&gt;</a>, Rutland Health &amp; Wellbeing Board, Wednesday 5 July "
            "2023</li>") in html


def _minuted_meetings(board, count, first_day):
    return [MeetingFactory(board=board, start=first_day + datetime.timedelta(days=7 * n))
            for n in range(count)]


def test_person_page_caps_meetings_but_rates_count_every_minuted_meeting(client):
    person = PersonFactory(given_name="Ann", family_name="Hill")
    day = datetime.datetime(2021, 1, 5, 14, tzinfo=datetime.UTC)
    member_of = _minuted_meetings(BoardFactory(name="Rutland HWB"), 14, day)
    for number, meeting in enumerate(member_of):
        category = Attendance.Category.APOLOGIES if number in (0, 1) else "present"
        AttendanceFactory(person=person, meeting=meeting, category=category)
        AttendanceFactory(meeting=meeting, category=Attendance.Category.ABSENT)  # someone else
    guest_at = _minuted_meetings(BoardFactory(name="System Board"), 3, day)
    for meeting in guest_at:
        AttendanceFactory(person=person, meeting=meeting,
                          category=Attendance.Category.IN_ATTENDANCE)
    AttendanceFactory(person=person, meeting=MeetingFactory(
        board=member_of[0].board, minutes_status=Meeting.MinutesStatus.NONE))
    for meeting in guest_at:
        PublicQuestionFactory(responder=person, meeting=meeting)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Rutland HWB</a>: present at 12 of 14 meetings (86%)" in html
    assert "System Board</a>" not in html.split("Meetings attended")[0]  # no member there
    assert "The 10 most recent of 15 meetings attended." in html
    assert html.count('<li><a href="/meetings/') == 10 + 3  # meetings, then questions
    assert member_of[-1].get_absolute_url() in html
    assert member_of[2].get_absolute_url() not in html  # the oldest attended is left off
    assert 'href="/search/?q=Ann+Hill&amp;type=meetings"' in html
    assert "most recent of 3 questions" not in html


@override_settings(ICSPORTAL_PAGE_CACHE=False)  # measure rendering, not the page cache
@pytest.mark.parametrize("meetings", [3, 30])
def test_person_page_queries_do_not_grow_with_meetings(
    client, django_assert_num_queries, meetings
):
    person = PersonFactory()
    for meeting in _minuted_meetings(BoardFactory(), meetings, timezone.now()):
        AttendanceFactory(person=person, meeting=meeting)
        PublicQuestionFactory(responder=person, meeting=meeting)
    client.get(person.get_absolute_url())  # warm the site cache
    # person, roles, articles, attendance records, meetings attended, questions answered
    with django_assert_num_queries(6):
        html = client.get(person.get_absolute_url()).content.decode()
    assert f"present at {meetings} of {meetings} meeting" in html


def test_a_person_page_does_not_ask_for_meetings_no_record_counts(
    client, django_assert_num_queries
):
    person = PersonFactory()
    draft = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    AttendanceFactory(person=person, meeting=draft)  # not counted: the minutes are a draft
    client.get(person.get_absolute_url())  # warm the site cache
    # person, roles, articles, attendance records (none), questions answered
    with override_settings(ICSPORTAL_PAGE_CACHE=False), django_assert_num_queries(5):
        html = client.get(person.get_absolute_url()).content.decode()
    assert "Meetings attended" not in html
    draft.minutes_status = Meeting.MinutesStatus.PUBLISHED
    draft.save()  # recounts the people on its list
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        html = client.get(person.get_absolute_url()).content.decode()
    assert "Meetings attended" in html


def test_organisation_page_lists_boards_it_hosts_or_attends(client):
    organisation = OrganisationFactory(name="Rutland County Council")
    hosted = BoardFactory(name="Rutland HWB", host=organisation)
    attended = BoardFactory(name="System Board")
    AttendanceFactory(organisation=organisation, meeting=MeetingFactory(board=attended))
    AttendanceFactory(organisation=organisation, meeting=MeetingFactory(board=attended))
    elsewhere = BoardFactory(name="Elsewhere Board")
    AttendanceFactory(meeting=MeetingFactory(board=elsewhere))
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert html.count(attended.get_absolute_url()) == 1
    assert f'{hosted.get_absolute_url()}">Rutland HWB</a> (hosted by' in html
    assert elsewhere.get_absolute_url() not in html


def test_organisation_page_lists_its_boards(client):
    board = BoardFactory()
    html = client.get(board.host.get_absolute_url()).content.decode()
    assert board.get_absolute_url() in html


def test_home_page_lists_upcoming_meetings(client):
    meeting = upcoming_meeting()
    assert meeting.get_absolute_url() in client.get("/").content.decode()


def build_meeting(attendees, items, papers=True):
    """Approved minutes with every list the page shows; without `papers`, the lists most
    meetings lack (papers, declarations, corrections) are left empty."""
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.APPROVED)
    MeetingFactory(board=meeting.board, start=meeting.start + datetime.timedelta(days=40))
    AttendanceFactory.create_batch(attendees, meeting=meeting)
    for number in range(1, items + 1):
        item = AgendaItemFactory(meeting=meeting, number=number)
        ResolutionFactory(item=item)
        PublicQuestionFactory(meeting=meeting, item=item)
        if papers:
            SupportingDocument.objects.create(item=item, title=f"Paper {number}",
                                              file=f"governance/paper-{number}.pdf")
            DeclarationOfInterest.objects.create(meeting=meeting, item=item,
                                                 person=PersonFactory(), description="A post")
    if papers:
        Correction.objects.create(meeting=meeting, what="A name", reason="Misspelt")
    MeetingEventFactory(meeting=meeting)
    return meeting


@pytest.mark.parametrize("attendees,items", [(10, 5), (60, 30)])
def test_meeting_page_queries_do_not_grow_with_its_size(
    client, django_assert_num_queries, attendees, items
):
    meeting = build_meeting(attendees, items)
    with django_assert_num_queries(10):
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.count("(PDF)</a>") == items and html.count(" declared a") == items
    assert "Reason: Misspelt" in html


def test_a_meeting_without_papers_declarations_or_corrections_skips_their_queries(
    client, django_assert_num_queries
):
    # The meeting's own statement finds those lists empty: three queries fewer.
    meeting = build_meeting(10, 5, papers=False)
    with django_assert_num_queries(7):
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.count("Questions taken under this item") == 5
    assert "(PDF)" not in html and "Corrections" not in html


@pytest.mark.parametrize("count", [3, 40])
def test_decisions_register_runs_three_queries_and_counts_nothing(
    client, django_assert_num_queries, count
):
    ResolutionFactory.create_batch(count)
    client.get("/")  # warm the site cache
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        with django_assert_num_queries(3) as queries:  # boards, outcomes, a page and a row
            assert client.get("/decisions/?page=2").status_code == 200
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_decisions_register_pages_with_next_and_previous_links(client):
    item = AgendaItemFactory()
    for number in range(27):
        ResolutionFactory(item=item, letter=f"a{number}")
    first = client.get("/decisions/?outcome=NOTED").content.decode()
    assert first.count('<tr class="nhsuk-table__row">') == 1 + 25  # the head, then a page
    assert "<p>Page 1.</p>" in first and "27 decisions" not in first  # the total is unknown
    assert 'href="?outcome=NOTED&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/decisions/?outcome=NOTED&page=2").content.decode()
    assert second.count('<tr class="nhsuk-table__row">') == 1 + 2
    assert 'href="?outcome=NOTED&amp;page=1" rel="prev"' in second and 'rel="next"' not in second
    assert "<p>2 decisions.</p>" not in second  # a last page is not the whole list
    only = client.get(f"/decisions/?board={item.meeting.board.slug}&to=2000-01-01").content
    assert b"No decisions match your choice." in only
    beyond = client.get("/decisions/?page=99999999999999999999").content.decode()
    assert "fewer decisions than this page number" in beyond
    assert client.get("/decisions/?page=x").content.decode().count('rel="next"') == 1


def test_meeting_page_names_the_next_meeting_that_is_not_cancelled(client):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.APPROVED)
    AgendaItemFactory(meeting=meeting, number=1, kind="next_meeting", title="Next meeting")
    cancelled = MeetingFactory(board=meeting.board, status=Meeting.Status.CANCELLED,
                               start=meeting.start + datetime.timedelta(days=7))
    later = MeetingFactory(board=meeting.board, start=meeting.start + datetime.timedelta(days=14))
    AgendaItemFactory(meeting=later, number=1, title="Winter plan for the county")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'The next meeting: <a href="{later.get_absolute_url()}">' in html
    assert "<li>Winter plan for the county</li>" in html
    assert cancelled.get_absolute_url() not in html
    # A date between two meetings is no meeting, though later ones exist.
    between = (meeting.date + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/meetings/{meeting.board.slug}/{between}/").status_code == 404


@override_settings(ICSPORTAL_PAGE_CACHE=False)
@pytest.mark.parametrize("meetings", [2, 12])
def test_board_page_lists_each_member_once_in_constant_queries(
    client, django_assert_num_queries, meetings
):
    board = BoardFactory()
    chair, stand_in = PersonFactory(family_name="Okafor"), PersonFactory(family_name="Quinn")
    start = timezone.now() - datetime.timedelta(days=300)
    for number in range(meetings):
        meeting = MeetingFactory(board=board, start=start + datetime.timedelta(days=20 * number))
        AttendanceFactory(meeting=meeting, person=chair, order=1 + number % 2,
                          role="Chair" if number == 0 else f"Member {number}",
                          representative=stand_in)
        AttendanceFactory(meeting=meeting, person=None, role="Head of Community Services",
                          order=5, category=Attendance.Category.APOLOGIES)
    # board, members' lines as values, the chosen lines, upcoming meetings, past meetings
    with django_assert_num_queries(5):
        html = client.get(board.get_absolute_url()).content.decode()
    assert html.count(f'<a href="{chair.get_absolute_url()}">') == 1
    # Line 1 at several meetings: the earliest meeting's line is the one shown.
    assert "Chair, " in html and "Member 1," not in html and "Member 2," not in html
    assert html.count("Vacant post") == 1
    assert f"represented by <a href=\"{stand_in.get_absolute_url()}\">" in html
