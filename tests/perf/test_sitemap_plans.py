"""How the database reads the sitemap index: the newest row of each section and its
highest key, from an index, never the whole section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from taggit.models import Tag

from bulletins.models import Article, Issue
from governance.models import Meeting, Resolution
from people.models import Organisation, Person
from tests.perf.test_article_plans import analyzed_plan, rows_read

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN ANALYZE")
def test_the_sitemap_index_reads_a_few_rows_of_each_section(corpus, client):
    corpus(1)
    client.get("/sitemap.xml")  # the current Site is cached after the first request
    with override_settings(ICSPORTAL_PAGE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        assert client.get("/sitemap.xml").status_code == 200
    topics = Tag._meta.db_table
    # A walk down an index skips the rows the public may not see (drafts, scheduled
    # issues, decisions of unpublished minutes) before it finds the newest public one.
    sections = {
        Person: Person.objects.all(), Organisation: Organisation.objects.all(),
        Meeting: Meeting.objects.all(), Resolution: Resolution.objects.public(),
        Issue: Issue.objects.published(), Article: Article.objects.published(),
    }
    hidden = {model._meta.db_table: model.objects.count() - public.count()
              for model, public in sections.items()}
    for model in sections:
        assert model.objects.count() >= 100  # a whole read would show
    for query in ctx.captured_queries:
        if f'FROM "{topics}"' in query["sql"]:
            continue  # each topic walks its newest articles: docs/performance.md
        plan = analyzed_plan(query["sql"])
        for table, skipped in hidden.items():
            # The newest change or the highest key: a row, after those skipped.
            assert rows_read(plan, table) <= skipped + 10, (table, query["sql"])
