"""Open-data API for boards, their meetings as the public record shows them, and decisions."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from governance.filters import narrow
from governance.models import (
    MEETING_LISTS,
    PUBLIC_MINUTES,
    Attendance,
    Board,
    Meeting,
    PublicQuestion,
    Resolution,
    sorted_rows,
)
from icsportal.api import (
    ID,
    SLUG_PATTERN,
    CompiledList,
    Error,
    Page,
    PersonRef,
    Record,
    absolute_url,
)
from icsportal.compiled import Compiled, given, planned_once

router = Router(tags=["governance"])

# A questioner's contact details are kept for correspondence only; no schema may name them.
PRIVATE_FIELDS = list(PublicQuestion.PRIVATE_FIELDS)

SLUG = Path(..., pattern=SLUG_PATTERN, max_length=100)
OUTCOME_PATTERN = r"^[A-Za-z][A-Za-z ]*$"


class Ref(Record):
    id: int
    slug: str
    name: str


class BoardOut(Record):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    host: Ref
    description: str = Field(..., description="Sanitised HTML.")
    terms_of_reference: str = Field(..., description="Sanitised HTML.")
    default_venue: str
    url: str = Field(..., description="The board's page on the site.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


class AttendanceOut(Record):
    category: str
    name: str = Field(..., description="As the minutes give it; empty for a vacant post.")
    person: PersonRef | None
    role: str
    organisation: Ref | None
    chair: bool
    representative: PersonRef | None


class ResolutionOut(Record):
    id: int
    letter: str
    outcome: str
    text: str


class ItemOut(Record):
    number: int
    title: str
    exempt: bool = Field(..., description="Taken in private: only the title is published.")
    kind: str
    report_reference: str
    presenter: PersonRef | None
    minutes: str = Field(..., description="Sanitised HTML; empty until minutes are published.")
    resolutions: list[ResolutionOut]


class QuestionOut(Record):
    id: int
    number: int
    kind: str
    speaker_name: str
    on_behalf_of: str
    question: str
    response: str = Field(..., description="Sanitised HTML; empty until published.")
    responder: PersonRef | None
    responder_role: str


class MeetingOut(Record):
    id: int
    board: Ref
    title: str
    kind: str
    start: datetime.datetime
    date: datetime.date
    venue: str
    mode: str
    status: str
    minutes_status: str = Field(
        ..., description="none, draft, published or approved. Until minutes are published "
        "(or approved) a meeting shows its agenda only: no attendance, minutes, decisions "
        "or questions.",
    )
    attendance: list[AttendanceOut]
    items: list[ItemOut]
    questions: list[QuestionOut]
    url: str = Field(..., description="The meeting's page on the site.")
    updated_at: datetime.datetime


class MeetingRef(Record):
    id: int
    date: datetime.date
    board: Ref
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


class DecisionOut(Record):
    id: int
    letter: str
    outcome: str
    text: str
    item_number: int = Field(..., alias="item.number")
    item_title: str = Field(..., alias="item.title")
    meeting: MeetingRef = Field(..., alias="item.meeting")
    url: str = Field(..., description="The decision on its meeting's page.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_outcome(obj):
        return obj.outcome.word

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


def _attendance(line):
    return {
        "category": line.category, "name": line.display_name, "person": line.person,
        "role": line.role, "organisation": line.organisation, "chair": line.is_chair,
        "representative": line.representative,
    }


def _item(item, minutes_public):
    """An agenda item as the public may see it: exempt or not yet minuted, the title only."""
    open_record = minutes_public and not item.is_exempt
    return {
        "number": item.number, "title": item.title, "exempt": item.is_exempt,
        "kind": item.kind,
        "report_reference": item.report_reference if not item.is_exempt else "",
        "presenter": item.presenter if open_record else None,
        "minutes": item.minutes if open_record else "",
        "resolutions": [
            {"id": r["id"], "letter": r["letter"], "outcome": r["word"], "text": r["text"]}
            for r in item.resolution_list
        ] if open_record else [],
    }


def _question(question):
    published = question.response_published
    return {
        "id": question.pk, "number": question.number, "kind": question.kind,
        "speaker_name": question.speaker_name, "on_behalf_of": question.on_behalf_of,
        "question": question.question,
        "response": question.response if published else "",
        "responder": question.responder if published else None,
        "responder_role": question.responder_role if published else "",
    }


def meeting_record(meeting, request):
    """What the API publishes of a meeting, decided here once: the page's rules. The
    meeting's lists must have been read by `with_records`."""
    public = meeting.minutes_status in PUBLIC_MINUTES
    return {
        "id": meeting.pk, "board": meeting.board, "title": meeting.title, "kind": meeting.kind,
        "start": meeting.start, "date": meeting.date, "venue": meeting.venue,
        "mode": meeting.mode, "status": meeting.status,
        "minutes_status": meeting.minutes_status if public else "none",
        "attendance": [_attendance(line) for line in meeting.attendance_list] if public else [],
        "items": [_item(item, public) for item in meeting.item_list],
        "questions": [_question(q) for q in meeting.question_list] if public else [],
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "updated_at": meeting.updated_at,
    }


def _attendance_of(meetings):
    return Attendance.objects.filter(meeting__id__any_of=meetings).select_related(
        "person", "organisation", "representative"
    ).order_by()


# A page of meeting records' lists, each by a list of keys; compiled once
# (icsportal.compiled). All but the attendance are the meeting page's, whose lines are
# plain values where a record names people and organisations by their records.
RECORD_LISTS = {
    "items": MEETING_LISTS["items"],
    "resolutions": MEETING_LISTS["resolutions"],  # asked only for the open items
    "attendance": Compiled(_attendance_of, meetings=list),
    "questions": MEETING_LISTS["questions"],
}


def with_records(meetings):
    """`meetings` with the lists their records show, read in at most four queries
    whatever their number, into plain lists on each (`item_list`, `attendance_list`,
    `question_list`, and each item's `resolution_list`).

    What a record leaves out is not even read: the attendance and questions of meetings
    whose minutes are not public, the decisions of exempt or unminuted items. Django's
    prefetch_related did the same in as many queries, but built a related manager and
    queryset for each meeting and item: 12 of the 18 ms of a page of 20 meetings at
    corpus scale 1."""
    by_pk = {meeting.pk: meeting for meeting in meetings}
    for meeting in meetings:
        meeting.item_list, meeting.attendance_list, meeting.question_list = [], [], []
    if not by_pk:
        return meetings
    items = {}
    for item in sorted_rows(RECORD_LISTS["items"].run(meetings=list(by_pk)), "number"):
        item.resolution_list = []
        items[item.pk] = item
        by_pk[item.meeting_id].item_list.append(item)
    open_items = [pk for pk, item in items.items()
                  if not item.is_exempt and by_pk[item.meeting_id].minutes_status in PUBLIC_MINUTES]
    if open_items:
        resolutions = RECORD_LISTS["resolutions"].run(items=open_items)
        for resolution in sorted_rows(resolutions, "letter"):
            items[resolution["item_id"]].resolution_list.append(resolution)
    public = [pk for pk, meeting in by_pk.items() if meeting.minutes_status in PUBLIC_MINUTES]
    if public:
        lines = RECORD_LISTS["attendance"].run(meetings=public)
        for line in sorted_rows(lines, "order", "pk"):
            by_pk[line.meeting_id].attendance_list.append(line)
        questions = RECORD_LISTS["questions"].run(meetings=public)
        for question in sorted_rows(questions, "number", "pk"):
            by_pk[question.meeting_id].question_list.append(question)
    return meetings


class Meetings:
    """A list of meetings whose rows come out as public records, for `paginate`."""

    def __init__(self, meetings, request):
        self.meetings, self.request = meetings, request

    def count(self):
        return self.meetings.count()

    def __getitem__(self, window):
        return [meeting_record(meeting, self.request) for meeting in self.meetings[window]]


# Applied by `_board_list` (a docstring would show in the OpenAPI document).
class BoardFilters(Schema):
    kind: Literal[tuple(Board.Kind.values)] | None = None


# Applied by `_meeting_list` (a docstring would show in the OpenAPI document).
class MeetingFilters(Schema):
    board: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=100, description="Slug of the board."
    )
    date_from: datetime.date | None = Field(
        None, description="Meetings on or after this day (YYYY-MM-DD)."
    )
    date_to: datetime.date | None = Field(
        None, description="Meetings on or before this day (YYYY-MM-DD)."
    )


# Applied by `_decision_list` (a docstring would show in the OpenAPI document).
class DecisionFilters(Schema):
    board: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=100, description="Slug of the board."
    )
    outcome: str | None = Field(
        None, pattern=OUTCOME_PATTERN, max_length=40,
        description="The outcome word: NOTED, APPROVED, AGREED...",
    )
    date_from: datetime.date | None = Field(
        None, description="Decisions of meetings on or after this day (YYYY-MM-DD)."
    )
    date_to: datetime.date | None = Field(
        None, description="Decisions of meetings on or before this day (YYYY-MM-DD)."
    )


# The unfiltered first pages only were measured planned once (docs/performance.md).
@planned_once(unless=("board", "outcome", "date_from", "date_to"))
def _decision_list(board=None, outcome=None, date_from=None, date_to=None):
    decisions = narrow(Resolution.objects.public(), board=board, outcome=outcome,
                       since=date_from, until=date_to)
    return decisions.order_by("-item__meeting__start", "item__number", "letter", "id")


def _meeting_list(board=None, date_from=None, date_to=None):
    return Meeting.objects.with_board().filter(
        **given(board__slug=board, date__gte=date_from, date__lte=date_to)
    ).order_by("-start", "-id")


def _board_list(kind=None):
    return Board.objects.select_related("host").filter(**given(kind=kind)).order_by("name", "id")


@router.get("/boards/", response=list[BoardOut], summary="Boards")
@paginate(Page)
def board_list(request, filters: Query[BoardFilters]):
    return CompiledList(_board_list, **filters.dict())


@router.get("/boards/{slug}", response={200: BoardOut, 404: Error}, summary="A board")
def board_detail(request, slug: str = SLUG):
    return get_object_or_404(Board.objects.select_related("host"), slug=slug)


@router.get("/meetings/", response=list[MeetingOut], summary="Meetings")
@paginate(Page)
def meeting_list(request, filters: Query[MeetingFilters]):
    return Meetings(CompiledList(_meeting_list, fill=with_records, **filters.dict()), request)


@router.get("/meetings/{key:id}", response={200: MeetingOut, 404: Error}, summary="A meeting")
def meeting_detail(request, id: int = ID):
    meeting = get_object_or_404(Meeting.objects.with_board(), pk=id)
    return meeting_record(with_records([meeting])[0], request)


@router.get("/decisions/", response=list[DecisionOut],
            summary="Decisions (resolutions) in published minutes")
@paginate(Page)
def decision_list(request, filters: Query[DecisionFilters]):
    chosen = filters.dict()
    if chosen["outcome"]:
        # Outcome words are kept in capitals (`Outcome.save`); the API takes any case.
        chosen["outcome"] = chosen["outcome"].upper()
    return CompiledList(_decision_list, **chosen)


@router.get("/decisions/{key:id}", response={200: DecisionOut, 404: Error}, summary="A decision")
def decision_detail(request, id: int = ID):
    return get_object_or_404(Resolution.objects.public(), pk=id)
