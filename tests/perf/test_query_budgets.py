"""Query budgets of every public page type, at two archive sizes.

The pages are the benchmark's (icsportal/bench_urls.py): detail pages are the heaviest
record of their kind. A budget holds at both sizes, so no page's query count grows
with the archive. A new page type gets a row in BENCH_URLS and a budget here.
"""

import pytest
from django.test import override_settings

from icsportal import bench_urls

pytestmark = pytest.mark.django_db

# Headroom of a few queries on home, person and organisation is for the fragments the
# bulletins and governance apps render there (latest issues, articles, meetings).
BUDGETS = {
    "ceiling": 0,
    "layout (no database)": 0,
    "home": 3,
    # A page of people and their current roles; a page starting at a person first looks
    # up where that person is (3). The legacy ?page=N of the last-page row shows the first.
    "people list": 2,
    "people list, last page": 3,  # where the page starts in the name order, then the page
    # The person, roles, articles (capped, counted by a window), the person's attendance
    # records (a row per board, counted when lines and meetings are saved), the latest
    # meetings attended, the latest questions answered. 6, up from 5: the rates were
    # counted in Python from an unbounded list of every line.
    "person": 6,
    "organisations": 1,
    "organisation": 7,
    "about (static page)": 2,  # the Site, then the page; the Site is cached per process
    "bulletins": 2,
    "publication archive": 3,  # the publication, the count, a page of issues
    "issue": 2,  # the issue with its joins and neighbouring editions, then its articles
    "article": 6,  # the article with its joins, then quotes, facts, tags, people, bodies
    "topic": 2,  # the tag, then a page of its articles (uncounted)
    "topics": 1,  # every topic with a public article, each found by its first one
    "meetings list": 3,  # the boards, a page of past meetings (uncounted), upcoming ones
    "boards": 1,  # every board with its host, and its next and last meetings' starts
    # One query per related list, whatever its length; the meeting's own query says which
    # of four lists (papers, questions, declarations, corrections) have no rows to ask for.
    "meeting": 10,
    # The board, its members (last year's lines as plain values to choose one per
    # member, then the chosen lines with their people: cheaper than one query building
    # every line as objects), upcoming and past meetings.
    "board": 5,
    # Boards, outcomes, a page of decisions and one more row: the register is not counted.
    "decisions register": 3,
    "decisions, filtered": 3,
    # At most a count and a page of hits per kind of result (people, organisations,
    # articles, meetings, decisions): bounded by the providers, never by the hits.
    "search, a name": 8,
    "search, a topic": 8,
    # Only meetings and decisions can be narrowed to a board: a page of hits each.
    "search, a board": 5,
    "API list (people)": 3,
    # A count (remembered until content changes), a page of rows, one query per relation.
    "API list (articles)": 3,
    "API list (decisions)": 2,
    "feed (all bulletins)": 2,  # the newest issues' articles, then their tags
    "feed (decisions)": 2,
}
SIZES = [0.02, 0.1]  # 60 and 300 people; the heaviest partner has about 6 and 40 roles


def test_every_benchmarked_page_has_a_budget():
    assert {label for label, _build in bench_urls.BENCH_URLS} == set(BUDGETS)


@pytest.mark.parametrize("scale", SIZES)
def test_every_public_page_keeps_its_query_budget(
    scale, corpus, client, django_assert_max_num_queries
):
    corpus(scale)
    pages = bench_urls.resolve()
    assert len(pages) == len(BUDGETS)
    for label, path in pages:
        with override_settings(ICSPORTAL_PAGE_CACHE=False):
            with django_assert_max_num_queries(BUDGETS[label], info=label):
                assert client.get(path).status_code == 200
