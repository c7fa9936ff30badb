"""The admin's searches at an archive's size (`icsportal.admin_search`): the rows
Django's own search finds, and on PostgreSQL each column read through its trigram index."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bulletins.models import Article, Issue
from governance.models import AgendaItem, Meeting
from icsportal.admin_search import INDEXED, TRIGRAM_SUFFIX, trigram_index_name
from people.models import Person, Role
from tests.bulletins.factories import ArticleFactory
from tests.governance.factories import AgendaItemFactory
from tests.people.factories import RoleFactory
from tests.perf.test_article_plans import analyzed_plan, plan_nodes, rows_read
from tests.site.test_admin_search import SEARCHED, found

pytestmark = pytest.mark.django_db




def index_names():
    """The trigram indexes `INDEXED` declares, by name."""
    return {trigram_index_name(model._meta.db_table, model._meta.get_field(name).column)
            for label, names in INDEXED.items() for model in [apps.get_model(label)]
            for name in names}


def sample_words(model_admin, request):
    """Words of every length from every searched field's own text, and one found nowhere."""
    words = {"zzqx"}
    for path in model_admin.get_search_fields(request):
        values = (model_admin.model._base_manager.exclude(**{f"{path}__isnull": True})
                  .order_by("pk").values_list(path, flat=True)[:3])
        for value in values:
            for word in re.findall(r"[^\W_]{4,}", str(value))[:2]:
                words.update({word, word[:3].upper(), word[1:3], word[-1]})
    return sorted(words)


def test_every_word_finds_the_rows_djangos_own_search_finds(corpus, rf, admin_user):
    corpus(0.05)
    request = rf.get("/admin/")
    request.user = admin_user
    assert {type(a).__name__ for a in SEARCHED} >= {
        "IssueAdmin", "ArticleAdmin", "PersonAdmin", "RoleAdmin", "MeetingAdmin",
        "AgendaItemAdmin"}
    compared = 0
    for model_admin in SEARCHED:
        for word in sample_words(model_admin, request):
            expected = found(model_admin, request, word, stock=True)
            assert found(model_admin, request, word) == expected, (type(model_admin), word)
            compared += bool(expected)
    assert compared > 50  # most words find something: the comparison is not of empty sets


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN")
def test_on_postgresql_each_searched_column_is_read_through_its_trigram_index(rf, admin_user):
    ArticleFactory()
    RoleFactory()
    AgendaItemFactory()
    request = rf.get("/admin/")
    request.user = admin_user
    used = set()
    for model in (Article, Person, Role, AgendaItem, Issue, Meeting):
        model_admin = admin.site._registry[model]
        rows, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), "zzqx")
        sql, params = rows.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # With every table this small, a plan reads it whole unless told not to: the
            # question is whether each column's condition can be answered by its index,
            # so only a bitmap scan, which needs a condition an index answers, is left.
            for scan in ("seqscan", "indexscan", "indexonlyscan"):
                cursor.execute(f"SET LOCAL enable_{scan} = off")
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            [plan] = cursor.fetchone()[0]
        used |= {node["Index Name"] for node in plan_nodes(plan) if "Index Name" in node}
    assert index_names() <= used, index_names() - used


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalogue")
def test_on_postgresql_the_migrations_make_the_indexes_the_search_counts_on():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s",
                       [f"%{TRIGRAM_SUFFIX}"])
        assert {name for [name] in cursor.fetchall()} == index_names()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN ANALYZE")
def test_on_postgresql_a_rare_word_reads_its_matches_not_the_articles(corpus, admin_client):
    corpus(1)
    assert Article.objects.count() >= 1000  # a whole read would show
    ArticleFactory(body="<p>The Quorndon pharmacy opens on Sundays.</p>")
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/bulletins/issue/", {"q": "quorndon"})
    assert len(response.context["cl"].result_list) == 1
    # The list reads the matching keys once (`AmongKeys`): the one query with the word.
    [sql] = [q["sql"] for q in ctx.captured_queries if "QUORNDON" in q["sql"].upper()]
    plan = analyzed_plan(sql)
    assert rows_read(plan, Article._meta.db_table) <= 5


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN ANALYZE")
def test_on_postgresql_a_word_in_every_issues_own_text_reads_no_article(corpus, admin_client):
    corpus(1)
    assert Article.objects.filter(headline__icontains="winter").count() >= 10  # a read would show
    Issue.objects.update(cover_headline="Winter pressures")
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/bulletins/issue/", {"q": "winter"})
    assert response.context["cl"].result_count == Issue.objects.count()
    [sql] = [q["sql"] for q in ctx.captured_queries if "WINTER" in q["sql"].upper()]
    plan = analyzed_plan(sql)
    assert rows_read(plan, Article._meta.db_table) == 0
