"""On PostgreSQL a search runs each provider's page as SQL compiled once (search.ranked):
it must show exactly what the queryset it was compiled from shows."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from icsportal import search
from tests.bulletins.factories import ArticleFactory, IssueFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="compiled searches are for PostgreSQL's full-text search"),
]


@pytest.fixture(autouse=True)
def every_row_recent(monkeypatch):
    """Recent years that reach past the corpus's oldest row, so that the statements of
    dated types take their path for recent rows and must still show what the
    queryset shows: `matching()` has no recent-first order, so an older row would
    order the two apart (tests/find/test_search_recent.py tests that order)."""
    for provider in search.providers():
        if provider.dated:
            monkeypatch.setattr(provider, "recent_years", 60)


def hits(provider, q, rows):
    return [(provider.hit(row, search.snippet_for(provider, row, q)), row.search_total)
            for row in rows]


@pytest.mark.parametrize(("q", "filters", "start", "stop"), [
    ("patel", search.Filters(), 0, search.PER_GROUP),
    ("mental health", search.Filters(), 0, search.PER_GROUP),
    ("trust", search.Filters(), 0, search.PER_GROUP),
    ("health -mental", search.Filters(), 0, search.PER_GROUP),
    ("health", search.Filters(type="articles"), 20, 40),
    ("health", search.Filters(type="decisions"), 20, 40),
    ("health", search.Filters(year=2026), 0, search.PER_GROUP),
])
def test_a_compiled_search_shows_what_its_queryset_shows(q, filters, start, stop, corpus):
    corpus(0.05)
    search._statements.clear()
    shown = 0
    with search._index_scans():
        for provider in search.providers():
            if not provider.applies(filters):
                continue
            compiled = search.ranked(provider, q, filters, start, stop)
            orm = list(search.matching(provider, q, filters)[start:stop])
            assert hits(provider, q, compiled) == hits(provider, q, orm), provider.key
            shown += len(compiled)
    assert shown, "the searches find something"
    assert search._statements, "and ran compiled statements"


@pytest.mark.parametrize("q", ["health", "board"])
def test_past_the_cap_a_compiled_search_ranks_the_same_candidates(q, corpus, monkeypatch):
    # The statement ranks and counts the candidates in a level of their own; with more
    # matches than the cap it must still take the same ones and show the same page.
    corpus(0.05)
    monkeypatch.setattr(search, "COUNT_CAP", 10)
    # Past the cap, which matches are the candidates depends on the plan that finds
    # them, the same for both only when both test the same condition: so not the
    # recent-first path here (tests/find/test_search_recent.py tests it past the cap).
    for provider in search.providers():
        monkeypatch.setattr(provider, "recent_years", 0)
    search._statements.clear()
    capped = 0
    with search._index_scans():
        for provider in search.providers():
            compiled = search.ranked(provider, q, search.Filters(), 0, search.PER_GROUP)
            orm = list(search.matching(provider, q)[:search.PER_GROUP])
            assert hits(provider, q, compiled) == hits(provider, q, orm), provider.key
            capped += bool(compiled) and compiled[0].search_total == search.COUNT_CAP + 1
    assert capped >= 2, "the cap is reached in more than one type"


def test_a_compiled_search_binds_new_words_each_time(corpus):
    corpus(0.05)
    search._statements.clear()
    people = next(p for p in search.providers() if p.key == "people")
    with search._index_scans():
        first = [row.pk for row in search.ranked(people, "patel", search.Filters(), 0, 5)]
        second = [row.pk for row in search.ranked(people, "shah", search.Filters(), 0, 5)]
    assert len(search._statements) == 1
    assert first and second and not set(first) & set(second)


def test_an_issue_published_after_the_search_was_compiled_is_found(client, committed):
    ArticleFactory(issue=IssueFactory(published=True), headline="Quokka rounds begin")
    assert "Quokka rounds" in client.get("/search/", {"q": "quokka"}).content.decode()
    # Published since: the compiled statement compares with the time of each search.
    with committed():
        later = ArticleFactory(headline="Quokka rounds extended",
                               issue=IssueFactory(status="published", publish_at=timezone.now()))
        scheduled = ArticleFactory(
            headline="Quokka rounds scheduled",
            issue=IssueFactory(status="published",
                               publish_at=timezone.now() + datetime.timedelta(days=1)))
    html = client.get("/search/", {"q": "quokka"}).content.decode()
    assert later.get_absolute_url() in html
    assert scheduled.get_absolute_url() not in html


def test_a_search_reads_through_indexes_and_joins_by_key():
    # A hash or merge join would read every published issue for 301 candidates.
    with search._index_scans(), connection.cursor() as cursor:
        for setting in ["enable_seqscan", "enable_hashjoin", "enable_mergejoin"]:
            cursor.execute(f"SHOW {setting}")
            assert cursor.fetchone() == ("off",), setting
