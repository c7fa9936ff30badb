"""No public page reads a question's contact details from the database, let alone shows
them: `PublicQuestion.objects.public()` leaves them out of every SELECT list."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from governance.models import Board, Meeting, PublicQuestion
from icsportal import bench_urls

pytestmark = pytest.mark.django_db

QUESTIONS = PublicQuestion._meta.db_table
# A column as a SELECT list names it: after SELECT or a comma, before a comma or FROM,
# perhaps named again (`AS "alias"`, as values() names what it reads across a relation).
SELECTED = re.compile(
    r'(?:SELECT (?:DISTINCT )?|, )"(\w+)"\."(\w+)"(?: AS "\w+")?(?=,| FROM )')


def columns_read(sql):
    """The question columns that `sql` selects."""
    return {column for table, column in SELECTED.findall(sql) if table == QUESTIONS}


def test_the_check_sees_the_columns_a_query_selects():
    private = set(PublicQuestion.PRIVATE_FIELDS)
    assert private < columns_read(str(PublicQuestion.objects.all().query))
    public = columns_read(str(PublicQuestion.objects.public().query))
    assert {"question", "speaker_name", "response"} < public
    assert not public & private
    # Rows of values name each column again: the check sees through the alias.
    aliased = PublicQuestion.objects.values("pk", *PublicQuestion.PRIVATE_FIELDS,
                                            board=F("meeting__board__name"))
    assert private <= columns_read(str(aliased.query))


def _more_pages():
    board = Board.objects.order_by("pk").first()
    # The benchmark's meeting may have no questions, and then its page does not ask for
    # any; nor does a page of the API's meetings without minutes (the newest).
    asked = (Meeting.objects.with_minutes().filter(questions__isnull=False)
             .select_related("board").order_by("pk").first())
    up_to_asked = f"?board={asked.board.slug}&date_to={asked.date.isoformat()}"
    return [
        ("meeting with questions", asked.get_absolute_url()),
        ("board feed", reverse("governance:board_feed", args=[board.slug])),
        ("board calendar", reverse("governance:board_calendar", args=[board.slug])),
        ("decisions CSV", reverse("governance:decisions_csv")),
        ("API meetings", f"/api/v1/meetings/{up_to_asked}"),
    ]


def statements_of(client, pages):
    """{label: the SQL of each query}, for each (label, path) of `pages` rendered uncached."""
    statements = {}
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        for label, path in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                assert response.status_code == 200, label
                response.getvalue()  # a download reads its rows as it is sent
            statements[label] = [query["sql"] for query in queries.captured_queries]
    return statements


def test_no_public_page_reads_a_questions_contact_details(corpus, client):
    corpus(0.05)
    pages = [*bench_urls.resolve(), *_more_pages()]
    read, pages_reading_questions = {}, set()
    for label, statements in statements_of(client, pages).items():
        columns = set().union(*map(columns_read, statements))
        if columns:
            pages_reading_questions.add(label)
        if private := columns & set(PublicQuestion.PRIVATE_FIELDS):
            read[label] = sorted(private)
    # The person, meeting and API pages list questions: the check had something to see.
    assert {"person", "meeting with questions", "API meetings"} <= pages_reading_questions
    assert read == {}
