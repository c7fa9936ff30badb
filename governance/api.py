"""Open-data API for boards, their meetings as the public record shows them, and decisions."""

import datetime
from typing import Annotated, Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Path, Query, Router, Schema
from ninja.pagination import paginate

from governance.filters import narrow
from governance.models import (
    PUBLIC_MINUTES,
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    PublicQuestion,
    Resolution,
)
from icsportal.api import SLUG_PATTERN, CompiledList, Error, Page, PersonRef, absolute_url
from icsportal.search_index import without_long_documents

router = Router(tags=["governance"])

# A questioner's contact details are kept for correspondence only; no schema may name them.
PRIVATE_FIELDS = list(PublicQuestion.PRIVATE_FIELDS)

ID = Path(..., ge=1, le=2**62)
SLUG = Path(..., pattern=SLUG_PATTERN, max_length=100)
OUTCOME_PATTERN = r"^[A-Za-z][A-Za-z ]*$"


class Ref(Schema):
    id: int
    slug: str
    name: str


class BoardOut(Schema):
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


class AttendanceOut(Schema):
    category: str
    name: str = Field(..., description="As the minutes give it; empty for a vacant post.")
    person: PersonRef | None
    role: str
    organisation: Ref | None
    chair: bool
    representative: PersonRef | None


class ResolutionOut(Schema):
    id: int
    letter: str
    outcome: str
    text: str


class ItemOut(Schema):
    number: int
    title: str
    exempt: bool = Field(..., description="Taken in private: only the title is published.")
    kind: str
    report_reference: str
    presenter: PersonRef | None
    minutes: str = Field(..., description="Sanitised HTML; empty until minutes are published.")
    resolutions: list[ResolutionOut]


class QuestionOut(Schema):
    id: int
    number: int
    kind: str
    speaker_name: str
    on_behalf_of: str
    question: str
    response: str = Field(..., description="Sanitised HTML; empty until published.")
    responder: PersonRef | None
    responder_role: str


class MeetingOut(Schema):
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


class MeetingRef(Schema):
    id: int
    date: datetime.date
    board: Ref
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


class DecisionOut(Schema):
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
            {"id": r.pk, "letter": r.letter, "outcome": r.outcome.word, "text": r.text}
            for r in item.resolutions.all()
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
    """What the API publishes of a meeting, decided here once: the page's rules."""
    public = meeting.minutes_status in PUBLIC_MINUTES
    return {
        "id": meeting.pk, "board": meeting.board, "title": meeting.title, "kind": meeting.kind,
        "start": meeting.start, "date": meeting.date, "venue": meeting.venue,
        "mode": meeting.mode, "status": meeting.status,
        "minutes_status": meeting.minutes_status if public else "none",
        "attendance": [_attendance(line) for line in meeting.attendances.all()] if public else [],
        "items": [_item(item, public) for item in meeting.items.all()],
        "questions": [_question(q) for q in meeting.questions.all()] if public else [],
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "updated_at": meeting.updated_at,
    }


class Meetings:
    """A queryset wrapper whose rows come out as public records, for `paginate`."""

    def __init__(self, queryset, request):
        self.queryset, self.request = queryset, request

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        return [meeting_record(meeting, self.request) for meeting in self.queryset[window]]


class BoardFilters(FilterSchema):
    kind: Literal[tuple(Board.Kind.values)] | None = None


class MeetingFilters(FilterSchema):
    board: Annotated[str | None, FilterLookup("board__slug")] = Field(
        None, pattern=SLUG_PATTERN, max_length=100, description="Slug of the board."
    )
    date_from: Annotated[datetime.date | None, FilterLookup("date__gte")] = Field(
        None, description="Meetings on or after this day (YYYY-MM-DD)."
    )
    date_to: Annotated[datetime.date | None, FilterLookup("date__lte")] = Field(
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


def _decision_list(board=None, outcome=None, date_from=None, date_to=None):
    decisions = narrow(Resolution.objects.public(), board=board, outcome=outcome,
                       since=date_from, until=date_to)
    return decisions.order_by("-item__meeting__start", "item__number", "letter", "id")


def _meetings():
    """Meetings with their public record in a fixed number of queries, whatever the page.

    The related rows are narrowed as `meeting_record` narrows them, so what it leaves
    out of a record is not even loaded: nothing of unpublished minutes or exempt items.
    """
    minuted = {"meeting__minutes_status__in": PUBLIC_MINUTES}
    resolutions = Resolution.objects.filter(
        item__is_exempt=False, item__meeting__minutes_status__in=PUBLIC_MINUTES
    ).select_related("outcome")
    items = without_long_documents(AgendaItem.objects.select_related("presenter")).prefetch_related(
        Prefetch("resolutions", queryset=resolutions)
    ).order_by("number")
    lines = Attendance.objects.filter(**minuted).select_related(
        "person", "organisation", "representative"
    )
    # Contact fields are never even read: public() defers them, no record holds them.
    questions = (
        PublicQuestion.objects.public().filter(**minuted)
        .select_related("responder").order_by("number", "pk")
    )
    return Meeting.objects.with_board().prefetch_related(
        Prefetch("attendances", queryset=lines.order_by("order", "pk")),
        Prefetch("items", queryset=items),
        Prefetch("questions", queryset=questions),
    )


@router.get("/boards/", response=list[BoardOut], summary="Boards")
@paginate(Page)
def board_list(request, filters: Query[BoardFilters]):
    return filters.filter(Board.objects.select_related("host")).order_by("name", "id")


@router.get("/boards/{slug}", response={200: BoardOut, 404: Error}, summary="A board")
def board_detail(request, slug: str = SLUG):
    return get_object_or_404(Board.objects.select_related("host"), slug=slug)


@router.get("/meetings/", response=list[MeetingOut], summary="Meetings")
@paginate(Page)
def meeting_list(request, filters: Query[MeetingFilters]):
    return Meetings(filters.filter(_meetings()).order_by("-start", "-id"), request)


@router.get("/meetings/{id}", response={200: MeetingOut, 404: Error}, summary="A meeting")
def meeting_detail(request, id: int = ID):
    return meeting_record(get_object_or_404(_meetings(), pk=id), request)


@router.get("/decisions/", response=list[DecisionOut],
            summary="Decisions (resolutions) in published minutes")
@paginate(Page)
def decision_list(request, filters: Query[DecisionFilters]):
    chosen = filters.dict()
    if chosen["outcome"]:
        # Outcome words are kept in capitals (`Outcome.save`); the API takes any case.
        chosen["outcome"] = chosen["outcome"].upper()
    return CompiledList(_decision_list, **chosen)


@router.get("/decisions/{id}", response={200: DecisionOut, 404: Error}, summary="A decision")
def decision_detail(request, id: int = ID):
    return get_object_or_404(Resolution.objects.public(), pk=id)
