"""The search timing of `make bench-search`, checked on a tiny archive (no gunicorn, no load)."""

import pytest
from django.db import connection

from icsportal import bench_urls, search
from icsportal.management.commands.bench import (
    SEARCH_END,
    SEARCH_START,
    explain_heaviest,
    measure_page,
    time_search,
    write_doc,
)

pytestmark = pytest.mark.django_db


def test_every_typical_query_is_timed_with_p50_not_above_p95(corpus, client):
    corpus(0.02)
    rows = time_search(client, bench_urls.SEARCH_QUERIES, reps=3)
    assert [q for q, *_ in rows] == bench_urls.SEARCH_QUERIES
    for _q, status, p50, p95 in rows:
        assert status == 200
        assert 0 < p50 <= p95


def test_the_search_section_replaces_only_its_own_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"intro\n{SEARCH_START}\nold\n{SEARCH_END}\noutro\n")
    write_doc(doc, "new", SEARCH_START, SEARCH_END)
    assert doc.read_text() == f"intro\n{SEARCH_START}\nnew\n{SEARCH_END}\noutro\n"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL")
def test_the_plans_of_a_search_skip_its_transaction_and_follow_its_setting(corpus, client):
    corpus(0.02)
    path = "/search/?q=mental+health"
    page = measure_page(client, path)
    selects = [sql for sql in page["sql"] if sql.startswith(("SELECT", "WITH"))]
    assert selects and any(sql.startswith("SET LOCAL") for sql in page["sql"])
    text = explain_heaviest({("search", path): page}, {"search": {"rps": 1.0}})
    assert f"After `{search.INDEX_SCANS}`:" in text
    assert text.count("```") == 2 * len(selects)  # one plan for each SELECT, no more
    assert "Execution Time" in text
