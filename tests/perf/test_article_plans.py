"""How the database reads published articles: the feed walks the newest issues and
stops, and an organisation's or person's articles start from their own few ids."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from bulletins import feeds
from bulletins.models import Article
from people.models import Organisation

pytestmark = pytest.mark.django_db

ARTICLES = Article._meta.db_table


def plan_nodes(plan):
    """Every node of an `EXPLAIN (FORMAT JSON)` plan, its root first."""
    node = plan.get("Plan", plan)
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def analyzed_plan(sql):
    """PostgreSQL's `EXPLAIN ANALYZE` of `sql`, as JSON: the plan with what it read."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        [plan] = cursor.fetchone()[0]  # psycopg2 reads the json column as a list
    return plan


def rows_read(plan, table):
    """Rows the plan's scans of `table` returned, over all their loops."""
    return sum(node["Actual Rows"] * node["Actual Loops"] for node in plan_nodes(plan)
               if node.get("Relation Name") == table)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN ANALYZE")
def test_the_bulletins_feed_reads_the_newest_issues_articles_not_the_archive(corpus, client):
    corpus(1)
    published = Article.objects.published().count()
    assert published >= 20 * feeds.FEED_SIZE  # a whole read would show
    with override_settings(ICSPORTAL_PAGE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        assert client.get("/bulletins/feed.atom").status_code == 200
    [sql] = [q["sql"] for q in ctx.captured_queries if f'FROM "{ARTICLES}"' in q["sql"]]
    plan = analyzed_plan(sql)
    # The issues are walked newest first and their articles read until the feed is full:
    # the feed's own entries and the rest of the issues published at the same time as
    # its last (sorted together), not every published article.
    assert feeds.FEED_SIZE <= rows_read(plan, ARTICLES) <= 4 * feeds.FEED_SIZE


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
def test_on_sqlite_an_organisations_articles_are_read_from_its_own_links(corpus):
    corpus(0.05)
    organisation = Organisation.objects.filter(articles__isnull=False).first()
    sql, params = Article.objects.about(organisation=organisation)[:10].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    scans = [step for step in steps if step.startswith(("SCAN", "SEARCH"))]
    # From the article ids (by primary key, the link table in the list it is probed
    # with), never by walking every published issue first.
    assert scans[0].startswith(f"SEARCH {ARTICLES} USING INTEGER PRIMARY KEY"), steps
    assert not any("bulletins_issue" in step and "PRIMARY KEY" not in step for step in scans)
