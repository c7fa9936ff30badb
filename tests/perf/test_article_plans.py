"""How the database reads published articles: an organisation's or person's articles
start from their own few ids."""

import pytest
from django.db import connection

from bulletins.models import Article
from people.models import Organisation

pytestmark = pytest.mark.django_db

ARTICLES = Article._meta.db_table


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
