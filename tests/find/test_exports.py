"""CSV downloads: the decisions register with its filters, a board's attendance record."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance import exports
from governance.exports import safe_cell
from governance.models import Attendance, Meeting, Outcome
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    PublicQuestionFactory,
    ResolutionFactory,
)
from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restart_meeting_dates():
    """Later tests expect MeetingFactory's dates to start in 2022; these tests make many."""
    yield
    MeetingFactory.reset_sequence()


def rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.getvalue().decode()
    return list(csv.DictReader(io.StringIO(text)))


def london(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 14, 0))


@pytest.fixture
def register():
    rutland = BoardFactory(name="Rutland HWB", slug="rutland-hwb")
    leicester = BoardFactory(name="Leicester HWB", slug="leicester-hwb")
    february = MeetingFactory(board=rutland, start=london(2022, 2, 22))
    april = MeetingFactory(board=rutland, start=london(2022, 4, 5))
    other = MeetingFactory(board=leicester, start=london(2022, 3, 1))
    draft = MeetingFactory(board=rutland, start=london(2022, 6, 7),
                           minutes_status=Meeting.MinutesStatus.DRAFT)
    approved = Outcome.objects.get(word="APPROVED")
    ResolutionFactory(item=AgendaItemFactory(meeting=february, title="Strategy"),
                      text="the strategy.")
    ResolutionFactory(item=AgendaItemFactory(meeting=april, title="Budget"), outcome=approved,
                      text="=HYPERLINK(\"http://evil.example\")")
    ResolutionFactory(item=AgendaItemFactory(meeting=other, title="Leicester plan"))
    ResolutionFactory(item=AgendaItemFactory(meeting=draft, title="Draft only"))
    ResolutionFactory(item=AgendaItemFactory(meeting=april, title="Private", is_exempt=True))


def test_the_decisions_csv_has_every_public_decision(client, register):
    lines = rows(client, "/decisions/decisions.csv")
    assert [line["item title"] for line in lines] == ["Budget", "Leicester plan", "Strategy"]
    strategy = lines[-1]
    assert strategy["meeting date"] == "2022-02-22"
    assert strategy["board"] == "Rutland HWB"
    assert strategy["outcome"] == "NOTED"
    assert strategy["decision"] == "the strategy."
    assert strategy["letter"] == "a"
    assert strategy["meeting page"].startswith("http://testserver/meetings/rutland-hwb/2022-02-22/")


@pytest.mark.parametrize("query, titles", [
    ("board=rutland-hwb", ["Budget", "Strategy"]),
    ("outcome=APPROVED", ["Budget"]),
    ("from=2022-03-01", ["Budget", "Leicester plan"]),
    ("from=2022-02-01&to=2022-03-01", ["Leicester plan", "Strategy"]),
    ("board=rutland-hwb&outcome=NOTED&to=2022-12-31", ["Strategy"]),
])
def test_the_decisions_csv_honours_the_registers_filters(client, register, query, titles):
    lines = rows(client, f"/decisions/decisions.csv?{query}")
    assert [line["item title"] for line in lines] == titles
    page = client.get(f"/decisions/?{query}").content.decode()
    assert f'{len(titles)} decision' in page  # the page shows the same decisions


def test_a_date_that_cannot_be_read_is_explained_not_exported(client, register):
    response = client.get("/decisions/decisions.csv?from=22/02/2022")
    assert response.status_code == 400
    assert "Enter the 'from' date as a date" in response.content.decode()
    page = client.get("/decisions/?from=22/02/2022").content.decode()
    assert "/decisions/decisions.csv" not in page


def test_a_cell_that_starts_like_a_formula_is_quoted(client, register):
    budget = rows(client, "/decisions/decisions.csv?outcome=APPROVED")[0]
    assert budget["decision"] == "'=HYPERLINK(\"http://evil.example\")"


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+44 7700", "'+44 7700"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("Plain text", "Plain text"), ("a=b", "a=b"), (None, ""), (6, "6"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_the_decisions_page_offers_the_filtered_download(client, register):
    page = client.get("/decisions/?board=rutland-hwb&outcome=NOTED").content.decode()
    assert 'href="/decisions/decisions.csv?board=rutland-hwb&amp;outcome=NOTED"' in page


@pytest.fixture
def attendance():
    board = BoardFactory(name="Rutland HWB", slug="rutland-hwb")
    meeting = MeetingFactory(board=board, start=london(2022, 2, 22))
    chair = PersonFactory(honorific="Councillor", given_name="Sam", family_name="Harvey")
    AttendanceFactory(meeting=meeting, person=chair, role="Portfolio Holder", is_chair=True,
                      organisation=OrganisationFactory(name="Rutland County Council"), order=1)
    AttendanceFactory(meeting=meeting, person=None, name="@Dr Example", role="Guest",
                      organisation=None, category=Attendance.Category.IN_ATTENDANCE, order=2)
    AttendanceFactory(meeting=meeting, role="Member", category=Attendance.Category.APOLOGIES,
                      order=3)
    draft = MeetingFactory(board=board, start=london(2022, 4, 5),
                           minutes_status=Meeting.MinutesStatus.DRAFT)
    AttendanceFactory(meeting=draft,
                      person=PersonFactory(given_name="NotYet", family_name="Public"))
    PublicQuestionFactory(meeting=meeting, contact_email="private@example.org")
    AttendanceFactory(meeting=MeetingFactory(),
                      person=PersonFactory(given_name="Someone", family_name="Elsewhere"))
    return board


def test_the_attendance_csv_lists_each_line_as_recorded(client, attendance):
    lines = rows(client, "/boards/rutland-hwb/attendance.csv")
    assert list(lines[0]) == ["meeting date", "name", "role", "organisation", "category",
                              "chair"]
    assert lines[0] == {
        "meeting date": "2022-02-22", "name": "Councillor Sam Harvey",
        "role": "Portfolio Holder", "organisation": "Rutland County Council",
        "category": "Present", "chair": "yes",
    }
    assert lines[1]["name"] == "'@Dr Example"
    assert lines[1]["category"] == "In attendance"
    assert lines[1]["organisation"] == ""
    assert lines[2]["category"] == "Apologies"
    assert len(lines) == 3


def test_the_attendance_csv_leaves_out_unpublished_minutes_and_private_details(client,
                                                                               attendance):
    response = client.get("/boards/rutland-hwb/attendance.csv")
    text = response.getvalue().decode()
    assert "NotYet Public" not in text
    assert "Elsewhere" not in text
    assert "private@example.org" not in text
    assert "Mrs Ada Example" not in text  # questions are not exported


def test_the_attendance_csv_reads_the_columns_it_writes(client, attendance):
    with CaptureQueriesContext(connection) as queries:
        assert len(rows(client, "/boards/rutland-hwb/attendance.csv")) == 3
    [sql] = [q["sql"] for q in queries.captured_queries if "governance_attendance" in q["sql"]]
    # Not every column of each line, meeting, person and organisation (a biography, the
    # meeting's minutes dates) for six cells.
    selected = sql[:sql.index(" FROM ")]
    assert selected.count(",") == 10, selected
    assert "biography" not in selected and "minutes" not in selected


def test_the_board_page_offers_the_attendance_download(client, attendance):
    page = client.get("/boards/rutland-hwb/").content.decode()
    assert 'href="/boards/rutland-hwb/attendance.csv"' in page
    assert client.get("/boards/nope/attendance.csv").status_code == 404


@pytest.mark.parametrize("url", ["/decisions/decisions.csv", "/boards/budget/attendance.csv"])
def test_a_download_costs_the_same_queries_for_2_or_12_rows(client, url):
    board = BoardFactory(slug="budget")
    counts = []
    for size in (2, 10):
        for meeting in MeetingFactory.create_batch(size, board=board):
            ResolutionFactory(item=AgendaItemFactory(meeting=meeting))
            AttendanceFactory(meeting=meeting)
        with CaptureQueriesContext(connection) as queries:
            lines = rows(client, url)
        counts.append(len(queries))
    assert len(lines) == 12
    assert counts[0] == counts[1] <= 3, counts


def test_a_download_is_sent_in_chunks_as_its_rows_are_read(client, register, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_ROWS", 1)
    response = client.get("/decisions/decisions.csv")
    assert response.streaming
    chunks = [chunk.decode() for chunk in response.streaming_content]
    # The header with the first row, then a row a chunk.
    assert [chunk.count("\r\n") for chunk in chunks] == [2, 1, 1]
    assert "Cache-Control" in response and response["Cache-Control"].startswith("public")

