"""How the database reads a search narrowed to a board: the GIN index finds the board's
matches, so a word the board never uses reads no row of its history."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext, override_settings

from governance.models import Board, Meeting, Resolution
from icsportal import search
from tests.perf.test_article_plans import analyzed_plan, plan_nodes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="reads PostgreSQL's EXPLAIN ANALYZE"),
]


def rows_tested(plan, table):
    """Rows of `table` the plan's scans read, over all their loops: those they returned
    and those whose document they tested and let go."""
    return sum((node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)) * node["Actual Loops"]
               for node in plan_nodes(plan) if node.get("Relation Name") == table)


def a_word_of_other_boards(board):
    """A word of another board's name in some decisions' documents, none of `board`'s."""
    for name in Board.objects.exclude(pk=board.pk).values_list("name", flat=True):
        for word in name.split():
            query = SearchQuery(word, search_type="websearch", config=search.CONFIG)
            matches = Resolution.objects.filter(search_document=query)
            if matches.exists() and not matches.filter(item__meeting__board=board).exists():
                return word
    pytest.fail("every board's name shares its words with this board's decisions")


@pytest.mark.parametrize("kind, model", [("decisions", Resolution), ("meetings", Meeting)])
def test_a_word_the_board_never_uses_reads_none_of_its_rows(corpus, client, kind, model):
    corpus(1)
    board = Board.objects.annotate(n=Count("meetings__items__resolutions")).latest("n")
    word = a_word_of_other_boards(board)
    history = {Resolution: board.n, Meeting: board.meetings.count()}[model]
    assert history >= 20  # a walk of the board's rows would show
    with override_settings(ICSPORTAL_PAGE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        response = client.get("/search/", {"q": word, "type": kind, "board": board.slug})
    assert response.status_code == 200
    table = model._meta.db_table
    [sql] = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("WITH recent")
             and f'FROM "{table}"' in q["sql"]]
    with search._index_scans():
        plan = analyzed_plan(sql)
    # Found through the index, the words' rows and the board's intersected: none. A
    # join to the board walked its meetings and tested each row's document.
    read = rows_tested(plan, table)
    assert read == 0, f"{kind}: {read} of the board's {history} read"
