"""Public pages: meetings, boards, a meeting's minutes, the decisions register, questions."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from governance import services
from governance.filters import decision_params, filter_decisions
from governance.forms import PublicQuestionForm
from governance.models import (
    Attendance,
    Board,
    Meeting,
    Outcome,
    Resolution,
    meeting_page_data,
)
from governance.schema import meeting_event

# Each address may send this many questions an hour; enough for a person, not a robot.
QUESTIONS_PER_HOUR = 5
DECISIONS_PER_PAGE = 25
MAX_PAGE = 1_000_000


def _year(value):
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def meeting_list(request):
    boards = list(Board.objects.all())
    board = request.GET.get("board", "")
    year = _year(request.GET.get("year", ""))
    meetings = Meeting.objects.all()
    if board:
        meetings = meetings.filter(board__slug=board)
    if year:
        meetings = meetings.filter(date__year=year)
    past = Paginator(meetings.past(), 20).get_page(request.GET.get("page"))
    return render(request, "governance/meeting_list.html", {
        "boards": boards, "board": board, "year": year,
        "years": range(timezone.localdate().year + 1, 2019, -1),
        "upcoming": list(meetings.upcoming()[:20]), "page": past,
        "query": urlencode({k: v for k, v in [("board", board), ("year", year or "")] if v}),
    })


def board_detail(request, slug):
    board = get_object_or_404(Board.objects.select_related("host"), slug=slug)
    year_ago = timezone.now() - datetime.timedelta(days=366)
    members = (
        Attendance.objects.filter(
            meeting__board=board, meeting__start__gte=year_ago,
            category__in=Attendance.MEMBER_CATEGORIES,
        )
        .select_related("person", "organisation")
        .order_by("order")
    )
    seen, current = set(), []
    for line in members:
        key = line.person_id or f"post:{line.role}"
        if key not in seen:
            seen.add(key)
            current.append(line)
    return render(request, "governance/board_detail.html", {
        "board": board, "members": current, "crumbs": [("Meetings", "/meetings/")],
        "upcoming": list(board.meetings.upcoming()),
        "past": list(board.meetings.past()[:20]),
    })


def meeting_detail(request, board, date):
    day = _parse_date(date)
    meeting = get_object_or_404(Meeting.objects.for_page(), board__slug=board, date=day)
    context = {"meeting": meeting, "board": meeting.board, **meeting_page_data(meeting)}
    context["crumbs"] = [("Meetings", "/meetings/"),
                         (meeting.board.name, meeting.board.get_absolute_url())]
    context["jsonld"] = meeting_event(request, meeting, context["events"])
    context["questions_open"] = services.questions_open(meeting)
    return render(request, "governance/meeting_detail.html", context)


def _parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404("No meeting on that date.") from exc


class UncountedPage:
    """A page of a list that is never counted: one row beyond the page tells whether a
    next page exists, so paging costs the rows shown rather than a count of them all."""

    def __init__(self, queryset, number, per_page):
        try:
            # Capped so that a silly page number cannot overflow the database's OFFSET.
            self.number = min(max(int(number), 1), MAX_PAGE)
        except (TypeError, ValueError):
            self.number = 1
        offset = (self.number - 1) * per_page
        rows = list(queryset[offset:offset + per_page + 1])
        self.object_list = rows[:per_page]
        self.has_next = len(rows) > per_page
        self.has_previous = self.number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1

    def __iter__(self):
        return iter(self.object_list)


def decision_list(request):
    boards = list(Board.objects.all())
    outcomes = list(Outcome.objects.all())
    params = decision_params(request.GET)
    decisions, errors = filter_decisions(Resolution.objects.public(), params)
    # Counting every public resolution across three tables cost 31-45 ms at scale 5.
    page = UncountedPage(decisions, request.GET.get("page"), DECISIONS_PER_PAGE)
    return render(request, "governance/decision_list.html", {
        "boards": boards, "outcomes": outcomes, "params": params, "errors": errors,
        "page": page, "query": urlencode({k: v for k, v in params.items() if v}),
    })


def _client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def question_new(request, board, date):
    meeting = get_object_or_404(
        Meeting.objects.select_related("board"), board__slug=board, date=_parse_date(date)
    )
    deadline = services.question_deadline(meeting)
    is_open = services.questions_open(meeting)
    form = PublicQuestionForm(request.POST or None)
    error = None
    if request.method == "POST" and is_open and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("governance:question_sent", board=board, date=date)
        key = f"governance:questions:{_client_address(request)}"
        cache.add(key, 0, 3600)
        if cache.incr(key) > QUESTIONS_PER_HOUR:
            error = "You have sent several questions in the last hour. Please try again later."
        else:
            try:
                services.submit_question(meeting, form.cleaned_data)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("governance:question_sent", board=board, date=date)
    return render(request, "governance/question_form.html", {
        "meeting": meeting, "form": form, "is_open": is_open, "deadline": deadline,
        "error": error,
    }, status=429 if error and "hour" in error else 200)


def question_sent(request, board, date):
    meeting = get_object_or_404(
        Meeting.objects.select_related("board"), board__slug=board, date=_parse_date(date)
    )
    return render(request, "governance/question_sent.html", {"meeting": meeting})
