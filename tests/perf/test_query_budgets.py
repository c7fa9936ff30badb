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
    "home": 3,
    "people list": 3,
    "people list, last page": 3,
    # The person, roles, articles (capped, counted by a window), boards with attendance
    # rates aggregated in SQL, the latest meetings attended, the latest questions answered.
    # 6, up from 5: the rates were counted in Python from an unbounded list of every line.
    "person": 6,
    "organisations": 1,
    "organisation": 7,
    "about (static page)": 2,  # the Site, then the page; the Site is cached per process
    "bulletins": 2,
    "publication archive": 3,  # the publication, the count, a page of issues
    "issue": 2,  # the issue with its joins and neighbouring editions, then its articles
    "article": 6,  # the article with its joins, then quotes, facts, tags, people, bodies
    "topic": 4,
    "meetings list": 4,
    "meeting": 10,  # one query per related list, whatever its length
    "board": 4,
    # Boards, outcomes, a page of decisions and one more row: the register is not counted.
    "decisions register": 3,
    "decisions, filtered": 3,
    # At most a count and a page of hits per kind of result (people, organisations,
    # articles, meetings, decisions): bounded by the providers, never by the hits.
    "search, a name": 8,
    "search, a topic": 8,
    "API list (people)": 3,
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
