"""Governance fragments shown on other apps' pages (home, person, organisation)."""

from django import template
from django.db.models import Q

from governance.models import PUBLIC_MINUTES, Attendance, Board, Meeting, PublicQuestion

register = template.Library()


@register.inclusion_tag("governance/_upcoming_meetings.html")
def upcoming_meetings():
    """The next few meetings across all boards, for the home page."""
    return {"meetings": list(Meeting.objects.upcoming()[:3])}


@register.inclusion_tag("governance/_meetings_attended.html")
def meetings_attended(person):
    """A person's meetings (from published minutes), their attendance rate per board
    (present at / expected as a member) and the public questions they answered."""
    lines = list(
        Attendance.objects.filter(person=person, meeting__minutes_status__in=PUBLIC_MINUTES)
        .select_related("meeting__board")
        .order_by("-meeting__start")
    )
    rates = {}
    for line in lines:
        if line.category in Attendance.MEMBER_CATEGORIES:
            board = line.meeting.board
            present, expected = rates.get(board, (0, 0))
            rates[board] = (present + (line.category == Attendance.Category.PRESENT),
                            expected + 1)
    answered = list(
        PublicQuestion.objects.public()
        .filter(responder=person, response_published=True,
                meeting__minutes_status__in=PUBLIC_MINUTES)
        .select_related("meeting__board")
        .order_by("-meeting__start")
    )
    return {
        "person": person,
        "attended": [line for line in lines if line.category in Attendance.ATTENDED_CATEGORIES],
        "rates": [
            {"board": board, "present": present, "expected": expected,
             "percent": round(100 * present / expected)}
            for board, (present, expected) in rates.items()
        ],
        "answered": answered,
    }


@register.inclusion_tag("governance/_boards_of.html")
def boards_of(organisation):
    """Boards the organisation hosts or has people recorded at."""
    boards = list(
        Board.objects.filter(
            Q(host=organisation) | Q(meetings__attendances__organisation=organisation)
        ).distinct().order_by("name")
    )
    return {"organisation": organisation, "boards": boards}
