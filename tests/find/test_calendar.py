"""The meeting calendars: parsed back with icalendar, property by property."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from governance.models import Meeting
from tests.governance.factories import BoardFactory, MeetingEventFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restart_meeting_dates():
    """Later tests expect MeetingFactory's dates to start in 2022; these tests make many."""
    yield
    MeetingFactory.reset_sequence()

LONDON = ZoneInfo("Europe/London")


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uid(meeting):
    return f"meeting-{meeting.pk}@{Site.objects.get_current().domain}"


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def meetings():
    board = BoardFactory(name="Rutland Health and Wellbeing Board", slug="rutland-hwb")
    summer = MeetingFactory(
        board=board, start=timezone.make_aware(datetime.datetime(2022, 7, 5, 14, 0)),
        venue="Council Chamber, Catmose", mode=Meeting.Mode.HYBRID,
        remote_link="https://zoom.example.org/j/123",
    )
    MeetingEventFactory(meeting=summer, at=summer.start + datetime.timedelta(minutes=95))
    winter = MeetingFactory(
        board=board, start=timezone.make_aware(datetime.datetime(2022, 12, 6, 10, 30)),
        venue="", mode=Meeting.Mode.VIRTUAL, status=Meeting.Status.CANCELLED,
    )
    other = MeetingFactory(start=timezone.make_aware(datetime.datetime(2022, 9, 1, 18, 0)))
    return summer, winter, other


def test_the_calendar_has_one_event_per_meeting_with_stable_uids(client, meetings, committed):
    first = events_by_uid(parse(client, "/meetings/calendar.ics"))
    assert set(first) == {uid(m) for m in meetings}
    meetings[0].venue = "Oakham Castle"
    with committed():
        meetings[0].save()
    again = events_by_uid(parse(client, "/meetings/calendar.ics"))
    assert set(again) == set(first)
    assert str(again[uid(meetings[0])]["LOCATION"]) == "Oakham Castle"


def test_times_are_london_times_with_a_vtimezone(client, meetings):
    calendar = parse(client, "/meetings/calendar.ics")
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/London"]
    summer = events_by_uid(calendar)[uid(meetings[0])]
    start = summer["DTSTART"]
    assert start.params["TZID"] == "Europe/London"
    assert start.dt == datetime.datetime(2022, 7, 5, 14, 0, tzinfo=LONDON)
    assert start.dt.utcoffset() == datetime.timedelta(hours=1)  # British Summer Time
    # The minutes record the close 95 minutes in.
    assert summer["DTEND"].dt == datetime.datetime(2022, 7, 5, 15, 35, tzinfo=LONDON)


def test_a_meeting_without_a_recorded_close_lasts_two_hours(client, meetings):
    winter = events_by_uid(parse(client, "/meetings/calendar.ics"))[
        uid(meetings[1])
    ]
    assert winter["DTSTART"].dt == datetime.datetime(2022, 12, 6, 10, 30, tzinfo=LONDON)
    assert winter["DTEND"].dt == datetime.datetime(2022, 12, 6, 12, 30, tzinfo=LONDON)
    assert winter["DTSTART"].dt.utcoffset() == datetime.timedelta(0)  # Greenwich Mean Time


def test_each_event_says_what_where_and_whether_it_is_on(client, meetings):
    events = events_by_uid(parse(client, "/meetings/calendar.ics"))
    summer = events[uid(meetings[0])]
    winter = events[uid(meetings[1])]
    assert str(summer["SUMMARY"]) == "Meeting of the Rutland Health and Wellbeing Board"
    assert str(summer["LOCATION"]) == "Council Chamber, Catmose"
    assert str(summer["STATUS"]) == "CONFIRMED"
    assert str(summer["URL"]) == "http://testserver/meetings/rutland-hwb/2022-07-05/"
    assert "https://zoom.example.org/j/123" in str(summer["DESCRIPTION"])
    assert "http://testserver/meetings/rutland-hwb/2022-07-05/" in str(summer["DESCRIPTION"])
    assert "DTSTAMP" in summer
    assert str(winter["STATUS"]) == "CANCELLED"
    assert str(winter["LOCATION"]) == "Virtual (online only)"


def test_a_postponed_meeting_is_tentative(client, meetings):
    Meeting.objects.filter(pk=meetings[0].pk).update(status=Meeting.Status.POSTPONED)
    event = events_by_uid(parse(client, "/meetings/calendar.ics"))[
        uid(meetings[0])
    ]
    assert str(event["STATUS"]) == "TENTATIVE"


def test_a_boards_calendar_has_only_its_meetings(client, meetings):
    calendar = parse(client, "/boards/rutland-hwb/calendar.ics")
    assert set(events_by_uid(calendar)) == {
        uid(meetings[0]), uid(meetings[1])
    }
    assert str(calendar["X-WR-CALNAME"]) == "Rutland Health and Wellbeing Board: meetings"
    assert client.get("/boards/nope/calendar.ics").status_code == 404


def test_the_meeting_pages_offer_add_to_calendar(client, meetings):
    listing = client.get("/meetings/").content.decode()
    assert '<a href="/meetings/calendar.ics">Add to calendar</a>' in listing
    board = client.get("/boards/rutland-hwb/").content.decode()
    assert '<a href="/boards/rutland-hwb/calendar.ics">Add to calendar</a>' in board
    assert 'type="text/calendar"' in board


@pytest.mark.parametrize("url", ["/meetings/calendar.ics", "/boards/budget/calendar.ics"])
def test_a_calendar_costs_the_same_few_queries_for_2_or_12_meetings(client, url, committed):
    board = BoardFactory(slug="budget")
    counts = []
    for size in (2, 10):
        with committed():
            for meeting in MeetingFactory.create_batch(size, board=board):
                MeetingEventFactory(meeting=meeting)
        Site.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            calendar = parse(client, url)
        counts.append(len(queries))
    assert len(calendar.walk("VEVENT")) == 12
    assert counts[0] == counts[1] <= 3, counts


def test_a_calendar_holds_the_latest_meetings_not_the_whole_archive(client, meetings, monkeypatch):
    from governance import calendar

    upcoming = MeetingFactory(start=timezone.now() + datetime.timedelta(days=30))
    monkeypatch.setattr(calendar, "CALENDAR_SIZE", 3)
    summer, winter, other = meetings
    events = events_by_uid(parse(client, "/meetings/calendar.ics"))
    # The oldest (5 July 2022) drops out; the upcoming meeting is in.
    assert set(events) == {uid(upcoming), uid(winter), uid(other)}
