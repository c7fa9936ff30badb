"""iCalendar (RFC 5545) subscriptions: the latest meetings of every board, and of each."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Min, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar, Event

from governance.models import Board, Meeting, MeetingEvent
from icsportal.parameters import reads

LONDON = ZoneInfo("Europe/London")
# Minutes rarely record when a meeting closed; a board meeting is planned for about two hours.
DEFAULT_LENGTH = datetime.timedelta(hours=2)
# A subscription is for what is coming and what just happened: the latest meetings by
# start, so upcoming ones first, then about a year of a dozen monthly boards. Older
# meetings stay on the board pages; without a bound the file grew with the archive.
CALENDAR_SIZE = 100
STATUS = {
    Meeting.Status.CANCELLED: "CANCELLED",
    # A postponed meeting will not happen at this time, but is not called off either.
    Meeting.Status.POSTPONED: "TENTATIVE",
}


def meetings_for_calendar(meetings):
    """`meetings` with their board and the time the minutes say they closed, in one query."""
    closed = (
        MeetingEvent.objects.filter(meeting=OuterRef("pk"), kind=MeetingEvent.Kind.CLOSED)
        .values("meeting").annotate(at=Min("at")).values("at")
    )
    return meetings.with_board().annotate(closed_at=Subquery(closed)).order_by("start")


def meeting_event(request, meeting, domain):
    """The VEVENT of one meeting; its UID never changes, so calendars update it in place."""
    start = meeting.start.astimezone(LONDON)
    end = meeting.closed_at if meeting.closed_at and meeting.closed_at > meeting.start else None
    page = request.build_absolute_uri(meeting.get_absolute_url())
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", start)
    event.add("dtend", (end or meeting.start + DEFAULT_LENGTH).astimezone(LONDON))
    event.add("summary", meeting.title)
    event.add("location", meeting.venue or meeting.get_mode_display())
    event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
    event.add("url", page)
    lines = [f"{meeting.get_mode_display()}."]
    if meeting.remote_link:
        lines.append(f"Join online: {meeting.remote_link}")
    lines.append(f"Agenda and minutes: {page}")
    event.add("description", "\n".join(lines))
    return event


def calendar_response(request, name, meetings):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.ICS_NAME}//icsportal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    domain = get_current_site(request).domain
    latest = meetings.order_by("-start").values("pk")[:CALENDAR_SIZE]
    meetings = list(meetings_for_calendar(Meeting.objects.filter(pk__in=latest)))
    for meeting in meetings:
        calendar.add_component(meeting_event(request, meeting, domain))
    if meetings:
        # The VTIMEZONE every TZID=Europe/London time refers to, spanning these meetings
        # (a year beyond the last, so a calendar app can place a rescheduled one).
        calendar.add_missing_timezones(
            first_date=meetings[0].start.date() - datetime.timedelta(days=1),
            last_date=meetings[-1].start.date() + datetime.timedelta(days=366),
        )
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


@reads()
def meetings_calendar(request):
    return calendar_response(request, f"{settings.ICS_NAME}: meetings", Meeting.objects.all())


@reads()
def board_calendar(request, slug):
    board = get_object_or_404(Board, slug=slug)
    return calendar_response(request, f"{board.name}: meetings", board.meetings.all())
