"""Public pages: meetings, boards, a meeting's minutes, the decisions register, questions."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode

from governance import services
from governance.filters import DECISION_FILTERS, decision_filters, decision_params, narrow
from governance.forms import PublicQuestionForm
from governance.models import (
    BOARD_KIND_LABELS,
    AgendaItem,
    Board,
    DeclarationOfInterest,
    Meeting,
    Outcome,
    PublicQuestion,
    Resolution,
    board_members,
    meeting_page_data,
    meeting_places,
    resolution_anchor,
)
from governance.schema import meeting_event
from icsportal import caching
from icsportal.clients import client_address
from icsportal.compiled import Compiled, planned_once
from icsportal.dates import date_words
from icsportal.pagination import UncountedPage
from icsportal.parameters import reads
from icsportal.paths import path_maker
from people.lines import line_html

# Each address may send this many questions an hour; enough for a person, not a robot.
QUESTIONS_PER_HOUR = 5
DECISIONS_PER_PAGE = 25
MEETINGS_PER_PAGE = 20


def _year(value):
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def _with_boards(meetings, boards):
    """The meetings (a list read without their boards), each given its board from
    `boards` ({pk: board}): the boards are at hand already, so the meeting rows need not
    join and rebuild them."""
    for meeting in meetings:
        meeting.board = boards[meeting.board_id]
    return meetings


def _boards():
    return Board.objects.all()


def _meetings(board=None, first=None, last=None):
    """Meetings of a board (by slug) or between two days (a year's), when given."""
    meetings = Meeting.objects.all()
    if board is not None:
        meetings = meetings.filter(board__slug=board)
    if first is not None:
        meetings = meetings.filter(date__range=(first, last))
    return meetings


def _past_meetings(now, offset, **filters):
    # The page and one more; each meeting is given its board from the page's boards.
    past = _meetings(**filters).past(now).select_related(None)
    return past[offset:offset + MEETINGS_PER_PAGE + 1]


def _upcoming_meetings(now, **filters):
    return _meetings(**filters).upcoming(now).select_related(None)[:20]


# Compiled once (icsportal.compiled): the lists once for each set of filters.
BOARDS = Compiled(_boards)


@reads("board", "year", "page")
def meeting_list(request):
    boards = BOARDS.run()
    board = request.GET.get("board", "")
    year = _year(request.GET.get("year", ""))
    filters = {}
    if board:
        filters["board"] = board
    if year:
        # As `date__year` compares: the first and last days of the year.
        filters["first"], filters["last"] = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    now = timezone.now()
    by_pk = {item.pk: item for item in boards}
    # Uncounted: counting every past meeting grew with the archive (5 ms of a 25 ms page
    # at corpus scale 50), and the page only links the previous and next pages.
    past = UncountedPage(
        lambda offset: Compiled.run_shaped(_past_meetings, now=now, offset=offset, **filters),
        request.GET.get("page"), MEETINGS_PER_PAGE)
    past.object_list = _with_boards(past.object_list, by_pk)
    upcoming = Compiled.run_shaped(_upcoming_meetings, now=now, **filters)
    return render(request, "governance/meeting_list.html", {
        "boards": boards, "board": board, "year": year,
        "years": range(timezone.localdate().year + 1, 2019, -1),
        "upcoming": _with_boards(upcoming, by_pk), "page": past,
        "query": urlencode({k: v for k, v in [("board", board), ("year", year or "")] if v}),
    })


def _boards_listed(now):
    # As plain values, as the partners list reads its rows. A board's next and last
    # meetings are the ones held or to be held: cancelled and postponed ones are skipped.
    held = Meeting.objects.filter(board=OuterRef("pk")).exclude(status__in=Meeting.CALLED_OFF)
    return Board.objects.values(
        "name", "slug", "kind", "host__name", "host__slug",
    ).annotate(
        next_start=Subquery(held.filter(start__gte=now).order_by("start").values("start")[:1]),
        last_start=Subquery(held.filter(start__lt=now).order_by("-start").values("start")[:1]),
    ).order_by("name")


BOARDS_LISTED = Compiled(_boards_listed, now=datetime.datetime)  # icsportal.compiled


@reads()
def board_list(request):
    """Every board, a row each: what kind of board it is, who hosts it, and its next and
    last meetings, each linked, so a reader finds a board's page and its meetings."""
    boards = BOARDS_LISTED.run(now=timezone.now())
    where_and_when = meeting_places()
    board_path = path_maker("governance:board")
    host_path = path_maker("people:organisation")
    for board in boards:
        board["path"] = board_path(board["slug"])
        board["host_path"] = host_path(board["host__slug"])
        board["kind_label"] = BOARD_KIND_LABELS.get(board["kind"], board["kind"])
        for moment in ("next", "last"):
            start = board.pop(f"{moment}_start")
            if start is not None:
                url, start = where_and_when(start, board["slug"])
                board[moment] = {"url": url, "date": date_words(start)}
    return render(request, "governance/board_list.html", {"boards": boards})


def _board_on_page(slug):
    return Board.objects.select_related("host").filter(slug=slug)


@planned_once
def _board_upcoming(board, now):
    return Meeting.objects.filter(board_id=board).upcoming(now).select_related(None)


@planned_once
def _board_past(board, now):
    return Meeting.objects.filter(board_id=board).past(now).select_related(None)[:20]


# The board page's queries, compiled once (icsportal.compiled).
BOARD_ON_PAGE = Compiled(_board_on_page, slug=str)
BOARD_UPCOMING = Compiled(_board_upcoming, board=int, now=datetime.datetime)
BOARD_PAST = Compiled(_board_past, board=int, now=datetime.datetime)


@reads()
def board_detail(request, slug):
    board = BOARD_ON_PAGE.first(slug=slug)
    if board is None:
        raise Http404("No board with that name.")
    now = timezone.now()
    by_pk = {board.pk: board}
    return render(request, "governance/board_detail.html", {
        "board": board, "members": board_members(board, now),
        "crumbs": [("Boards", "/boards/")],
        "upcoming": _with_boards(BOARD_UPCOMING.run(board=board.pk, now=now), by_pk),
        "past": _with_boards(BOARD_PAST.run(board=board.pk, now=now), by_pk),
    })


@reads()
def board_meetings(request, board):
    """`/meetings/<board>/`, a meeting's address without its date: the board's page,
    which lists its meetings (a meeting's breadcrumb leads there too)."""
    if not Board.objects.filter(slug=board).exists():
        raise Http404("No board with that name.")
    return redirect("governance:board", slug=board, permanent=True)


def _meeting_on_page(board, day):
    return Meeting.objects.for_page().filter(board__slug=board, date=day)


# The page's own query, compiled once (icsportal.compiled).
MEETING_ON_PAGE = Compiled(_meeting_on_page, board=str, day=datetime.date)


@reads()
def meeting_detail(request, board, date):
    # At most one: one_meeting_per_board_a_day.
    meeting = MEETING_ON_PAGE.first(board=board, day=_parse_date(date))
    if meeting is None:
        raise Http404("No meeting of that board on that date.")
    context = {"meeting": meeting, "board": meeting.board, **meeting_page_data(meeting)}
    context["items"] = _agenda(context["items"], context["declarations"])
    context["crumbs"] = [("Meetings", "/meetings/"),
                         (meeting.board.name, meeting.board.get_absolute_url())]
    context["jsonld"] = meeting_event(request, meeting, context["events"])
    context["questions_open"] = services.questions_open(meeting)
    return render(request, "governance/meeting_detail.html", context)


# Labels of the choices an agenda item's lines name, read once: get_FOO_display() builds
# the dict per call. A declaration names its kind of interest with its article ("an other
# registrable interest").
DECLARATION_KINDS = {
    value: f"{'an' if label[0] in 'AEIOU' else 'a'} {label.lower()}"
    for value, label in DeclarationOfInterest.Kind.choices
}
QUESTION_KINDS = {value: label.lower() for value, label in PublicQuestion.Kind.choices}


def _agenda(items, declarations):
    """What the meeting page shows of each agenda item, as plain values: its number and
    title, its report and presenter, the declarations, questions, resolutions and papers
    under it, and its minutes (still to be rendered, as the `rich` filter does).

    The declarations item lists all the meeting's declarations; any other item those
    made under it. The template had read about 25 names through each item model, its
    number localised at each of its six uses: 0.6 ms more of an 11-item meeting's 5.3."""
    person_path = path_maker("people:person")

    def declared(declaration):
        person = declaration.person
        return {"who": line_html(person.display_name, person_path(person.slug)),
                "interest": DECLARATION_KINDS[declaration.kind],
                "description": declaration.description}

    every_declaration = [declared(declaration) for declaration in declarations]
    agenda = []
    for item in items:
        number = str(item.number)
        presenter = item.presenter
        agenda.append({
            "number": number,
            "title": item.title,
            "is_exempt": item.is_exempt,
            "reference": item.report_reference,
            "presenter": presenter and line_html(
                presenter.display_name, person_path(presenter.slug), item.presenter_role),
            "is_declarations": item.kind == AgendaItem.Kind.DECLARATIONS,
            "declarations": (
                every_declaration if item.kind == AgendaItem.Kind.DECLARATIONS
                else [declared(declaration) for declaration in item.public_declarations]),
            "minutes": item.minutes,
            "questions": [{"pk": question.pk, "kind": QUESTION_KINDS[question.kind],
                           "speaker": question.speaker_name}
                          for question in item.public_questions],
            "resolutions": [{"anchor": resolution_anchor(number, resolution["letter"]),
                             **resolution}
                            for resolution in item.resolution_list],
            "documents": [{"url": document.file.url, "title": document.title}
                          for document in item.document_list],
            "is_next_meeting": item.kind == AgendaItem.Kind.NEXT_MEETING,
        })
    return agenda


def _parse_date(value):
    """A meeting's date from its address, which writes it yyyy-mm-dd and nothing else:
    fromisoformat also reads "20220222" and "2022-W08-2", each of which would be
    another address for the same page."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404("No meeting on that date.") from exc
    if value != day.isoformat():
        raise Http404("No meeting on that date.")
    return day


def _board_choices():
    return Board.objects.values("slug", "name")


def _outcome_words():
    return Outcome.objects.values_list("word", flat=True)


# Left out: a deep page of one outcome, and a sparse board's dates or a range of days
# with no meetings, whose generic plans walk the register (docs/performance.md).
@planned_once(unless=("outcome", "since", "until"))
def _decision_rows(offset, **filters):
    """A page of the register (and one row more) as plain values, not four related
    model instances: the register shows a few columns of each, and building the objects
    cost more than the query."""
    rows = narrow(Resolution.objects.public(), **filters).values(
        "letter", "text", word=F("outcome__word"), number=F("item__number"),
        title=F("item__title"), start=F("item__meeting__start"),
        board_slug=F("item__meeting__board__slug"), board_name=F("item__meeting__board__name"),
    )
    return rows[offset:offset + DECISIONS_PER_PAGE + 1]


# Compiled once (icsportal.compiled): the register's page once for each set of filters.
BOARD_CHOICES = Compiled(_board_choices)
OUTCOME_WORDS = Compiled(_outcome_words)


@reads(*DECISION_FILTERS, "page")
def decision_list(request):
    # The form needs only the boards' slugs and names and the outcome words.
    boards = BOARD_CHOICES.run()
    outcomes = OUTCOME_WORDS.run()
    params = decision_params(request.GET)
    filters, errors = decision_filters(params)
    # Counting every public resolution across three tables cost 31-45 ms at scale 5.
    page = UncountedPage(
        lambda offset: Compiled.run_shaped(_decision_rows, offset=offset, **filters),
        request.GET.get("page"), DECISIONS_PER_PAGE)
    where_and_when = meeting_places()
    for row in page.object_list:
        row["url"], _start = where_and_when(row["start"], row["board_slug"])
    return render(request, "governance/decision_list.html", {
        "boards": boards, "outcomes": outcomes, "params": params, "errors": errors,
        "page": page, "query": urlencode({k: v for k, v in params.items() if v}),
    })


def _too_many_questions(request):
    """Whether this address has sent QUESTIONS_PER_HOUR questions in the last hour.

    The count lives in the cache, under a key every worker shares: Redis's, or without
    CACHE_URL a file on the machine (`caching.SHARED`), so that the limit
    is per address and not per address and worker. While the cache cannot be reached the
    question is accepted uncounted: a member of the public's question matters more than
    the limit, and the form's hidden field still turns robots away."""
    if not caching.health.available():
        return False
    # Named by a keyed hash of the address, so neither Redis nor the file the default
    # cache shares it in (ICSPORTAL_STATE_DIR) holds the address itself.
    address = salted_hmac("governance.questions", client_address(request) or "unknown",
                          algorithm="sha256").hexdigest()
    key = f"{caching.SHARED}governance:questions:{address}"
    try:
        cache.add(key, 0, 3600)
        return cache.incr(key) > QUESTIONS_PER_HOUR
    except caching.cache_errors() as error:
        caching.health.failed("counting a public question", error)
        return False


def _meeting_on(board, date):
    return get_object_or_404(Meeting.objects.with_board(), board__slug=board,
                             date=_parse_date(date))


@reads()
def questions(request, board, date):
    """`…/questions/`, the question form's address without `new/`: the form, which says
    when questions for the meeting have closed."""
    meeting = _meeting_on(board, date)
    return redirect("governance:question_new", board=meeting.board.slug,
                    date=meeting.local_date.isoformat(), permanent=True)


@reads()
def question_new(request, board, date):
    meeting = _meeting_on(board, date)
    deadline = services.question_deadline(meeting)
    is_open = services.questions_open(meeting)
    form = PublicQuestionForm(request.POST or None)
    error = None
    if request.method == "POST" and is_open and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("governance:question_sent", board=board, date=date)
        if _too_many_questions(request):
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


@reads()
def question_sent(request, board, date):
    meeting = _meeting_on(board, date)
    return render(request, "governance/question_sent.html", {"meeting": meeting})
