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
