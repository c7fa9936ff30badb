"""How the database reads an API list: the page's rows, from an index in the list's
order, never the whole table sorted for each page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from people.models import Role
from tests.perf.test_article_plans import analyzed_plan, rows_read

pytestmark = pytest.mark.django_db

ROLES = Role._meta.db_table


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN ANALYZE")
def test_the_memberships_list_reads_its_pages_people_not_every_role(corpus, client):
    corpus(1)
    assert Role.objects.count() >= 1000  # a whole read would show
    client.get("/api/v1/memberships/")  # the count is remembered after the first request
    with override_settings(ICSPORTAL_PAGE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/memberships/", {"limit": 20}).status_code == 200
    [sql] = [q["sql"] for q in ctx.captured_queries if f'FROM "{ROLES}"' in q["sql"]]
    plan = analyzed_plan(sql)
    # The people walked in name order and each one's roles: the page's 20 and the rest
    # of its last person's, not every role sorted.
    assert 20 <= rows_read(plan, ROLES) <= 40
