"""schema.org descriptions of governance records for search engines (JSON-LD)."""

from governance.models import Meeting, MeetingEvent

STATUS = {
    Meeting.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Meeting.Status.HELD: "https://schema.org/EventScheduled",
    Meeting.Status.CANCELLED: "https://schema.org/EventCancelled",
    Meeting.Status.POSTPONED: "https://schema.org/EventPostponed",
}
MODE = {
    Meeting.Mode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Meeting.Mode.VIRTUAL: "https://schema.org/OnlineEventAttendanceMode",
    Meeting.Mode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def meeting_event(request, meeting, events):
    """A schema.org Event for a meeting; `events` is its timeline, already fetched."""
    url = request.build_absolute_uri(meeting.get_absolute_url())
    locations = []
    if meeting.mode != Meeting.Mode.VIRTUAL:
        locations.append({"@type": "Place", "name": meeting.venue or meeting.board.default_venue,
                          "address": meeting.board.host.name})
    if meeting.mode != Meeting.Mode.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": meeting.remote_link or url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": meeting.start.isoformat(),
        "eventStatus": STATUS[meeting.status],
        "eventAttendanceMode": MODE[meeting.mode],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": meeting.board.host.name,
                      "url": request.build_absolute_uri(meeting.board.host.get_absolute_url())},
        "url": url,
        "isAccessibleForFree": True,
    }
    closed = [event for event in events if event.kind == MeetingEvent.Kind.CLOSED]
    if closed:
        data["endDate"] = closed[-1].at.isoformat()
    return data
