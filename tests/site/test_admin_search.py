"""The admin's searches (`icsportal.admin_search`): what a word finds, table by table.
At an archive's size and on PostgreSQL: tests/perf/test_admin_search_plans.py."""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletins.models import Article, Issue
from icsportal.admin_search import AmongKeys, IndexedSearch
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.governance.factories import AgendaItemFactory, BoardFactory, MeetingFactory
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

SEARCHED = [admin_ for admin_ in admin.site._registry.values() if isinstance(admin_, IndexedSearch)]


def found(model_admin, request, term, stock=False):
    """The keys a search of `term` lists: ours, or Django's own `ModelAdmin` search."""
    search = admin.ModelAdmin.get_search_results if stock else type(model_admin).get_search_results
    rows, duplicates = search(model_admin, request, model_admin.get_queryset(request), term)
    keys = list(rows.values_list("pk", flat=True))
    if not stock:
        assert not duplicates and len(keys) == len(set(keys)), "a row listed twice"
    return set(keys)


def test_an_issue_is_found_by_its_articles_words_and_listed_once(admin_client):
    issue = IssueFactory(cover_headline="Winter plans")
    ArticleFactory(issue=issue, body="<p>Vaccination clinics open in Melton.</p>")
    ArticleFactory(issue=issue, body="<p>More vaccination clinics in Oakham.</p>")
    other = IssueFactory(cover_headline="Summer news")
    ArticleFactory(issue=other, headline="Oakham surgery extends its hours")
    response = admin_client.get("/admin/bulletins/issue/", {"q": "vaccination"})
    assert list(response.context["cl"].result_list) == [issue]
    # Each word anywhere in the issue: here in two different articles.
    response = admin_client.get("/admin/bulletins/issue/", {"q": "melton oakham"})
    assert list(response.context["cl"].result_list) == [issue]
    response = admin_client.get("/admin/bulletins/issue/", {"q": "oakham"})
    assert set(response.context["cl"].result_list) == {issue, other}
    response = admin_client.get("/admin/bulletins/issue/", {"q": "winter oakham"})
    assert list(response.context["cl"].result_list) == [issue]


def test_a_person_is_found_by_a_role_and_by_a_short_word(admin_client):
    priya = PersonFactory(given_name="Priya", family_name="Shah")
    RoleFactory(person=priya, title="Chief Nurse")
    RoleFactory(person=priya, title="Deputy Chief Executive")
    PersonFactory(given_name="Sam", family_name="Patel")
    for term, expected in [("nurse", {priya}), ("priya sh", {priya}), ('"chief nurse"', {priya}),
                           ("priya executive", {priya}), ("sam nurse", set())]:
        response = admin_client.get("/admin/people/person/", {"q": term})
        assert set(response.context["cl"].result_list) == expected, term
    response = admin_client.get("/admin/autocomplete/", {
        "app_label": "bulletins", "model_name": "article", "field_name": "people", "term": "chief"})
    assert [r["id"] for r in response.json()["results"]] == [str(priya.pk)]


def test_through_foreign_keys_a_row_is_found_by_what_it_points_to(admin_client):
    host = OrganisationFactory(name="Rutland County Council")
    board = BoardFactory(name="Rutland Joint Committee")
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    AgendaItemFactory(title="Rutland's pharmacy plans")
    response = admin_client.get("/admin/governance/agendaitem/", {"q": "rutland joint"})
    assert list(response.context["cl"].result_list) == [item]
    role = RoleFactory(organisation=host, title="Leader")
    for term in ["county", "co"]:
        response = admin_client.get("/admin/people/role/", {"q": term})
        assert list(response.context["cl"].result_list) == [role], term


def test_a_search_field_it_cannot_read_table_by_table_is_refused(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    for fields in (["^headline"], ["tags__name"], ["issue"]):
        model_admin = type("A", (IndexedSearch, admin.ModelAdmin), {"search_fields": fields})(
            Article, admin.site)
        with pytest.raises(ImproperlyConfigured):
            found(model_admin, request, "word")


def test_the_meeting_autocomplete_names_its_boards_without_a_query_each(admin_client):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get("/admin/autocomplete/", {
                "app_label": "governance", "model_name": "agendaitem", "field_name": "meeting",
                "term": "chamber"})
        return len(response.json()["results"]), len(ctx.captured_queries)

    MeetingFactory.create_batch(2, venue="Council Chamber")
    few = queries()
    MeetingFactory.create_batch(10, venue="Council Chamber")
    many = queries()
    assert (few[0], many[0]) == (2, 12)
    assert few[1] == many[1]


def test_the_autocomplete_pages_without_counting(admin_client):
    def page(number):
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get("/admin/autocomplete/", {
                "app_label": "bulletins", "model_name": "article", "field_name": "people",
                "term": "p", "page": number})
        counts = [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
        assert not counts
        return response

    PersonFactory.create_batch(20, given_name="Pat")
    first = page(1).json()
    assert (len(first["results"]), first["pagination"]["more"]) == (20, False)
    PersonFactory(given_name="Pip")
    first, second = page(1).json(), page(2).json()
    assert (len(first["results"]), first["pagination"]["more"]) == (20, True)
    assert (len(second["results"]), second["pagination"]["more"]) == (1, False)
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])
    assert page(3).status_code == 404
    assert page(0).status_code == 404


def test_the_changelist_still_counts_its_matches(admin_client):
    PersonFactory.create_batch(3, given_name="Pat")
    response = admin_client.get("/admin/people/person/", {"q": "pat"})
    assert response.context["cl"].result_count == 3


def queries_with(ctx, word):
    return [q["sql"] for q in ctx.captured_queries if word.upper() in q["sql"].upper()]


def test_a_list_reads_a_small_tables_matches_through_its_lists_once(admin_client):
    # The count, the date links (first and last dates, then the years) and the page would
    # each read the issues' articles again.
    issues = IssueFactory.create_batch(3)
    for issue in issues[:2]:
        ArticleFactory(issue=issue, body="<p>Vaccination clinics open in Melton.</p>")
    ArticleFactory(body="<p>Nothing about jabs.</p>")
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/bulletins/issue/", {"q": "vaccination"})
    assert set(response.context["cl"].result_list) == set(issues[:2])
    assert response.context["cl"].result_count == 2
    assert len(queries_with(ctx, "vaccination")) == 1
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/governance/meeting/", {"q": "zzqx"})
    assert response.context["cl"].result_count == 0
    assert len(queries_with(ctx, "zzqx")) == 1
    # A search of no words is the list itself: no keys read.
    with CaptureQueriesContext(connection) as blank:
        admin_client.get("/admin/bulletins/issue/", {"q": "  "})
    with CaptureQueriesContext(connection) as unsearched:
        admin_client.get("/admin/bulletins/issue/")
    assert len(blank) == len(unsearched)


def test_the_autocomplete_still_stops_at_its_first_page_of_matches(admin_client):
    MeetingFactory.create_batch(2, venue="Council Chamber")
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/autocomplete/", {
            "app_label": "governance", "model_name": "agendaitem", "field_name": "meeting",
            "term": "chamber"})
    assert len(response.json()["results"]) == 2
    [sql] = queries_with(ctx, "chamber")
    assert "LIMIT" in sql.upper()


def test_keys_read_once_go_back_as_one_parameter_however_many():
    first, second, third = IssueFactory.create_batch(3)
    assert set(Issue.objects.filter(AmongKeys([first.pk, third.pk]))) == {first, third}
    assert not Issue.objects.filter(AmongKeys([])).exists()
    # More keys than SQLite takes parameters in one statement (32,766).
    keys = range(second.pk, second.pk + 40_000)
    assert set(Issue.objects.filter(AmongKeys(keys))) == {second, third}


def test_on_other_databases_the_keys_go_back_a_parameter_each():
    class Generic(AmongKeys):
        # What a database without its own form of the condition is sent.
        as_postgresql = as_sqlite = None

    first, second, third = IssueFactory.create_batch(3)
    assert set(Issue.objects.filter(Generic([first.pk, third.pk]))) == {first, third}
    assert not Issue.objects.filter(Generic([])).exists()
    sql, params = Issue.objects.filter(Generic([first.pk, second.pk])).query.sql_with_params()
    assert "IN (%s, %s)" in sql and params[:2] == (first.pk, second.pk)
