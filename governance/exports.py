"""CSV downloads of the decisions register (with the page's filters) and a board's attendance."""

import csv

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404

from governance.filters import DECISION_FILTERS, decision_params, filter_decisions
from governance.models import Attendance, Board, Resolution, meeting_paths, resolution_anchor
from icsportal.caching import public_headers
from icsportal.http import first_read
from icsportal.parameters import reads
from people.models import NAME_FIELDS, display_name

# A spreadsheet runs a cell that opens with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500  # rows read from the database per query and sent per chunk


def safe_cell(value):
    """The value as text, quoted so that no spreadsheet treats it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Pending:
    """Where csv.writer writes: the text written since it was last taken."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text = "".join(self.parts)
        self.parts.clear()
        return text


def csv_lines(header, rows):
    """The CSV's text, CHUNK_ROWS rows at a time."""
    pending = _Pending()
    writer = csv.writer(pending)
    writer.writerow(header)
    for number, row in enumerate(rows, 1):
        writer.writerow([safe_cell(cell) for cell in row])
        if number % CHUNK_ROWS == 0:
            yield pending.take()
    if rest := pending.take():
        yield rest


def csv_response(filename, header, rows):
    """A download streamed as its rows are read, so that a worker holds a chunk of it at
    a time: the whole register is 44 MB at corpus scale 50, which built in memory, and
    kept again by the page cache, would take a worker far past its memory. Not kept by
    the page cache (it keeps no stream), which compresses it as it streams for a reader
    who accepts gzip; a CDN in front may keep it for max-age."""
    response = StreamingHttpResponse(csv_lines(header, first_read(rows)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return public_headers(response)


@reads(*DECISION_FILTERS)
def decisions_csv(request):
    decisions, errors = filter_decisions(Resolution.objects.public(),
                                         decision_params(request.GET))
    if errors:
        return HttpResponseBadRequest(" ".join(errors), content_type="text/plain; charset=utf-8")
    header = ["meeting date", "board", "item", "item title", "letter", "outcome", "decision",
              "meeting page"]
    # The columns alone, not a decision, item, meeting, board and outcome object a row:
    # the whole register is 255,000 rows at corpus scale 50.
    site, meeting_path = request.build_absolute_uri("/")[:-1], meeting_paths()
    columns = decisions.values_list(
        "item__meeting__date", "item__meeting__board__name", "item__meeting__board__slug",
        "item__number", "item__title", "letter", "outcome__word", "text")
    rows = (
        [date.isoformat(), board, number, title, letter, outcome, text,
         f"{site}{meeting_path(board_slug, date)}#{resolution_anchor(number, letter)}"]
        for date, board, board_slug, number, title, letter, outcome, text
        in columns.iterator(chunk_size=CHUNK_ROWS)
    )
    return csv_response("decisions.csv", header, rows)


@reads()
def attendance_csv(request, slug):
    board = get_object_or_404(Board, slug=slug)
    # Attendance is part of the minutes: none from a meeting whose minutes are not public.
    lines = (
        Attendance.objects.filter(meeting__board=board, meeting__in=board.meetings.with_minutes())
        .order_by("meeting__start", "order", "pk")
    )
    header = ["meeting date", "name", "role", "organisation", "category", "chair"]
    # The columns alone, as the register's: a line, meeting, person and organisation
    # object a row cost nine tenths of the 1.2 s of a board's 15,000 lines at corpus scale 50.
    columns = lines.values_list(
        "meeting__date", "person_id", *(f"person__{field}" for field in NAME_FIELDS), "name",
        "role", "organisation__name", "category", "is_chair")
    category = dict(Attendance.Category.choices)
    rows = (
        # As Attendance.display_name: the person's name, or the name recorded without one.
        [date.isoformat(), display_name(*name_parts) if person else name, role, organisation or "",
         category.get(kind, kind), "yes" if is_chair else "no"]
        for date, person, *name_parts, name, role, organisation, kind, is_chair
        in columns.iterator(chunk_size=CHUNK_ROWS)
    )
    return csv_response(f"{board.slug}-attendance.csv", header, rows)
