"""The benchmark's pages run their statements prepared (icsportal/postgresql/base.py)
from a connection's second request on, except those planned for their values (text
matches, lists that order and limit): a page that starts passing a list or a value
of another type to a statement loses its saving, and this says which statement did."""

import pytest
from django.db import connection
from django.test import override_settings

from icsportal import bench_urls
from icsportal.postgresql import base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="prepares statements on PostgreSQL"),
]


@pytest.fixture
def outcomes(monkeypatch):
    """(SQL, prepared name or None) for each statement the connection runs with
    parameters (the ORM passes an empty list where it has none; the connection's
    health check, `SELECT 1`, passes none at all)."""
    seen = []
    name = base.Statements.name

    def spy(self, cursor, sql, params):
        result = name(self, cursor, sql, params)
        if params is not None:
            seen.append((sql, result))
        return result

    monkeypatch.setattr(base.Statements, "name", spy)
    return seen


def test_every_page_runs_its_statements_prepared_but_those_planned_for_their_values(
    corpus, client, outcomes
):
    corpus(0.02)
    pages = bench_urls.resolve()
    assert len(pages) == len(bench_urls.BENCH_URLS)
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        for label, path in pages:
            for _ in range(2):
                assert client.get(path).status_code == 200, label
            outcomes.clear()
            assert client.get(path).status_code == 200, label
            unprepared = [sql for sql, name in outcomes if name is None
                          and base.preparable(sql)]
            assert unprepared == [], label
            if label in {"person", "organisation", "article", "meeting", "board"}:
                assert any(name for _sql, name in outcomes), label
            if label.startswith("search"):
                assert any("@@" in sql and name is None for sql, name in outcomes), label


def test_every_statement_marked_planned_once_runs_its_generic_plan_only(corpus, client):
    # Under `plan_cache_mode = auto` PostgreSQL plans a prepared statement for its
    # values at its first five runs, and after them whenever it estimates the generic
    # plan dearer; a marked statement runs generic from its first (base.GENERIC).
    corpus(0.02)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection.statements.forget()
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        for label, path in bench_urls.resolve():
            for _ in range(3):
                assert client.get(path).status_code == 200, label
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans"
                       " FROM pg_prepared_statements")
        marked = [row for row in cursor.fetchall() if row[0].endswith(base.PLANNED_ONCE)]
    assert [(text, generic, custom) for text, generic, custom in marked
            if custom or not generic] == []
    # Among them the board page's lists (docs/performance.md, "Statements planned once").
    assert [text for text, *_ in marked if '"governance_attendance"."category" IN' in text]
    assert len(marked) >= 15  # 17 when written: most pages run one or more
