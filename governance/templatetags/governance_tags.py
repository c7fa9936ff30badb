"""Governance fragments shown on other apps' pages (home, person, organisation)."""

import datetime
from urllib.parse import urlencode

from django import template
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    MINUTES_STATUS_LABELS,
    MODE_LABELS,
    PUBLIC_MINUTES,
    STATUS_LABELS,
    Attendance,
    AttendanceRecord,
    Board,
    Meeting,
    PublicQuestion,
    meeting_places,
    role_line,
)
from icsportal.compiled import Compiled, planned_once
from icsportal.dates import date_words, time_words
from icsportal.paths import path_maker
from people.lines import line_html
from people.models import NAME_FIELDS, display_name

register = template.Library()

# A member of several boards for years gets the most recent meetings and questions, the
# counts, and a link to search for the rest: the page does not grow with the archive.
MEETINGS_SHOWN = 10
QUESTIONS_SHOWN = 10
# What a line naming a meeting shows: its board, its date and its address.
MEETING_LINE = ("meeting__start", "meeting__board__name", "meeting__board__slug")


@planned_once
def _next_meetings(now):
    return Meeting.objects.upcoming(now)[:3]


# Compiled once (icsportal.compiled): building and compiling it was most of its cost.
NEXT_MEETINGS = Compiled(_next_meetings, now=datetime.datetime)


# Read once: get_kind_display() builds the dict per call.
QUESTION_LABELS = dict(PublicQuestion.Kind.choices)


@register.inclusion_tag("governance/_meeting_lines.html")
def meeting_lines(meetings):
    """A list of meetings, a line each: its title linked, then its date and time, venue,
    mode, and whether it was called off or how far its minutes have gone. Each meeting's
    board must be set.

    Each line's text is worked out here and handed to the template as plain strings:
    the template reading a dozen names from each meeting, three of them converting its
    start to London time, took 2.1 ms for a page of 40 meetings."""
    where_and_when = meeting_places()
    lines = []
    for meeting in meetings:
        url, start = where_and_when(meeting.start, meeting.board.slug)
        details = [f"{date_words(start)}, {time_words(start)}"]
        if meeting.venue:
            details.append(meeting.venue)
        details.append(MODE_LABELS.get(meeting.mode, meeting.mode))
        if meeting.called_off:
            details.append(STATUS_LABELS[meeting.status])
        elif meeting.minutes_are_public:
            details.append(f"minutes {MINUTES_STATUS_LABELS[meeting.minutes_status].lower()}")
        lines.append({"url": url, "title": meeting.title, "details": " · ".join(details)})
    return {"lines": lines}


@register.inclusion_tag("governance/_attendance_lines.html")
def attendance_lines(rows):
    """An attendance list as the minutes write it, a line each, from rows of
    ATTENDANCE_LINE's values: the person's name and role linked (or the name as recorded,
    or a vacant post's role), whether they chaired, who came in their place, and when they
    arrived late or left early."""
    person_path = path_maker("people:person")

    def named(row, who):  # the name and address of the line's person or representative
        name = display_name(*(row[f"{who}__{field}"] for field in NAME_FIELDS))
        return name, person_path(row[f"{who}__slug"])

    lines = []
    for row in rows:
        role = role_line(row["role"], row["organisation__name"] or "")
        line = {"role": role, "is_chair": row["is_chair"], "who": None,
                "representative": None, "arrived": "", "left": ""}
        if row["person__slug"]:
            line["who"] = line_html(*named(row, "person"), role)
        elif row["name"]:
            line["who"] = line_html(row["name"], None, role)
        if row["representative__slug"]:
            name, url = named(row, "representative")
            line["representative"] = {"url": url, "name": name}
        if row["arrived_at"]:
            line["arrived"] = time_words(row["arrived_at"])
        if row["left_at"]:
            line["left"] = time_words(row["left_at"])
        lines.append(line)
    return {"lines": lines}


@register.inclusion_tag("governance/_upcoming_meetings.html")
def upcoming_meetings():
    """The next few meetings across all boards, for the home page."""
    return {"meetings": NEXT_MEETINGS.run(now=timezone.now())}


def _attendance_records(person):
    return (
        AttendanceRecord.objects.filter(person=person)
        .values("expected", "present", "attended", "board__name", "board__slug")
        .order_by("-last", "board__name")  # the board of the latest meeting first
    )


# The person page's lists are read as plain values: as model instances, an attendance
# line or a question with its meeting and board, they were 30 of the 44 the page built.
def _meetings_attended(person):
    return (
        Attendance.objects.filter(
            person=person, meeting__minutes_status__in=PUBLIC_MINUTES,
            category__in=Attendance.ATTENDED_CATEGORIES,
        ).values("is_chair", *MEETING_LINE)
        .order_by("-meeting__start", "pk")[:MEETINGS_SHOWN]
    )


@planned_once
def _questions_answered(person):
    # The window counts before the LIMIT, so the capped list and its count are one query.
    return (
        PublicQuestion.objects.public()
        .filter(responder=person, response_published=True,
                meeting__minutes_status__in=PUBLIC_MINUTES)
        .values("pk", "kind", "speaker_name", *MEETING_LINE, total=Window(Count("pk")))
        .order_by("-meeting__start", "pk")[:QUESTIONS_SHOWN]
    )


# The person page's lists, by the person's key; compiled once (icsportal.compiled).
ATTENDANCE_RECORDS = Compiled(_attendance_records, person=int)
MEETINGS_ATTENDED = Compiled(_meetings_attended, person=int)
QUESTIONS_ANSWERED = Compiled(_questions_answered, person=int)


def _search_url(name, kind):
    return f"{reverse('search')}?{urlencode({'q': name, 'type': kind})}"


@register.inclusion_tag("governance/_meetings_attended.html")
def meetings_attended(person):
    """A person's most recent meetings (from published minutes), their attendance rate
    per board (present at / expected as a member) and the public questions they answered.

    The rates are over every minuted meeting, not the capped list; they are read from
    the person's attendance records (`governance.attendance`), a row per board, so the
    page does not read every line of a member of many years."""
    records = ATTENDANCE_RECORDS.run(person=person.pk)
    attended_total = sum(record["attended"] for record in records)
    # The records count every line the list could show: with none counted (most people
    # have no seat at any board), the list is empty and is not asked for.
    attended = MEETINGS_ATTENDED.run(person=person.pk) if attended_total else []
    answered = QUESTIONS_ANSWERED.run(person=person.pk)
    answered_total = answered[0]["total"] if answered else 0
    # Each line as plain values: the template reading them through the meeting and its
    # board, converting each start to London time twice, was most of the list's cost.
    where_and_when = meeting_places()
    attended_lines = []
    for line in attended:
        url, start = where_and_when(line["meeting__start"], line["meeting__board__slug"])
        attended_lines.append({"url": url, "board": line["meeting__board__name"],
                               "date": date_words(start), "is_chair": line["is_chair"]})
    answered_lines = []
    for question in answered:
        url, start = where_and_when(question["meeting__start"],
                                    question["meeting__board__slug"])
        answered_lines.append({
            "url": f"{url}#question-{question['pk']}",
            "kind": QUESTION_LABELS.get(question["kind"], question["kind"]),
            "speaker": question["speaker_name"], "board": question["meeting__board__name"],
            "date": date_words(start),
        })
    board_path = path_maker("governance:board")
    return {
        "person": person,
        "attended": attended_lines,
        "attended_total": attended_total,
        "more_attended": attended_total > len(attended),
        "rates": [
            {"board": record["board__name"], "board_url": board_path(record["board__slug"]),
             "present": record["present"], "expected": record["expected"],
             "percent": round(100 * record["present"] / record["expected"])}
            for record in records if record["expected"]
        ],
        "answered": answered_lines,
        "answered_total": answered_total,
        "more_answered": answered_total > len(answered),
        "meetings_url": _search_url(person.plain_name, "meetings"),
    }


def _boards_of(organisation):
    # EXISTS per board reads the attendance index by organisation for each board (a
    # handful), where an OR across the join with DISTINCT scanned every attendance row.
    recorded = Attendance.objects.filter(
        organisation_id=organisation, meeting__board=OuterRef("pk")
    )
    return Board.objects.filter(Q(host_id=organisation) | Q(Exists(recorded))).order_by("name")


BOARDS_OF = Compiled(_boards_of, organisation=int)  # compiled once (icsportal.compiled)


@register.inclusion_tag("governance/_boards_of.html")
def boards_of(organisation):
    """Boards the organisation hosts or has people recorded at."""
    return {"organisation": organisation, "boards": BOARDS_OF.run(organisation=organisation.pk)}
