"""The admin's list pages on large tables (`icsportal.admin_lists`): a count read once
when nothing narrows the list, and the honorific filter's values read from its index."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icsportal.admin_lists import CountOnce, IndexedValuesFilter, distinct_values
from people.models import Person, Role
from tests.bulletins.factories import IssueFactory
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory
from tests.perf.test_article_plans import analyzed_plan, plan_nodes, rows_read
from tests.site.test_admin_search import queries_with

pytestmark = pytest.mark.django_db

OURS = {"bulletins", "governance", "people", "flatpages"}
# What a list page shows of its counts, and whether it offers its actions.
SHOWN = ["result_count", "full_result_count", "show_full_result_count", "show_admin_actions",
         "multi_page", "can_show_all"]


def shown(model_admin, request):
    changelist = model_admin.get_changelist_instance(request)
    return {name: getattr(changelist, name) for name in SHOWN}


def test_every_list_of_ours_counts_once():
    lists = [type(model_admin).__name__ for model, model_admin in admin.site._registry.items()
             if model._meta.app_label in OURS and not isinstance(model_admin, CountOnce)]
    assert lists == []
    assert any(model._meta.app_label == app for app in OURS for model in admin.site._registry)


def test_a_whole_list_counts_once_and_shows_its_total(admin_client):
    PersonFactory.create_batch(3)
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/people/person/")
    assert queries_with(ctx, "COUNT(") == ['SELECT COUNT(*) AS "__count" FROM "people_person"']
    changelist = response.context["cl"]
    assert (changelist.result_count, changelist.full_result_count) == (3, 3)
    assert changelist.show_admin_actions
    assert b'name="action"' in response.content


def test_a_narrowed_list_counts_its_rows_and_the_tables(admin_client):
    PersonFactory.create_batch(3)
    PersonFactory(given_name="Priya", honorific="Dr")
    for params in ({"q": "priya"}, {"honorific": "Dr"}):
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get("/admin/people/person/", params)
        assert len(queries_with(ctx, "COUNT(")) == 2, params
        changelist = response.context["cl"]
        assert (changelist.result_count, changelist.full_result_count) == (1, 4), params
        assert b"1 result" in response.content and b"4 total" in response.content


@pytest.mark.parametrize("full_count", [True, False])
def test_a_list_shows_what_djangos_own_shows(rf, admin_user, monkeypatch, full_count):
    """The same numbers and actions as Django's list, whatever narrows it: a filter, a
    search, a date, a filter through a list of rows, an empty table."""
    cases = {
        admin.site._registry[Person]: [{}, {"q": "nurse"}, {"honorific": "Dr"},
                                       {"roles__organisation__kind": "nhs_trust"}],
        admin.site._registry[apps.get_model("bulletins.issue")]: [
            {}, {"issue_date__year": "2026"}, {"status": "draft"}],
        admin.site._registry[apps.get_model("governance.bankholiday")]: [{}],  # none at all
    }
    doctor = PersonFactory(honorific="Dr")
    RoleFactory(person=doctor, title="Chief Nurse", organisation=OrganisationFactory())
    RoleFactory(person=doctor, title="Nurse Consultant", organisation=OrganisationFactory())
    PersonFactory.create_batch(2)
    IssueFactory(issue_date=datetime.date(2026, 3, 1))
    IssueFactory(issue_date=datetime.date(2025, 3, 1))
    for model_admin, requests in cases.items():
        monkeypatch.setattr(model_admin, "show_full_result_count", full_count)
        for params in requests:
            request = rf.get("/admin/", params)
            request.user = admin_user
            ours = shown(model_admin, request)
            with monkeypatch.context() as django:
                django.setattr(model_admin, "get_changelist", lambda request, **kw: ChangeList)
                assert ours == shown(model_admin, request), (type(model_admin).__name__, params)


def test_the_honorific_filter_offers_each_honorific_once_and_none_by_name(admin_client):
    for honorific in ["Dr", "Councillor", "Dr", ""]:
        PersonFactory(honorific=honorific)
    response = admin_client.get("/admin/people/person/")
    [spec] = [spec for spec in response.context["cl"].filter_specs
              if isinstance(spec, IndexedValuesFilter)]
    choices = list(spec.choices(response.context["cl"]))
    assert [c["display"] for c in choices] == ["All", "None", "Councillor", "Dr"]
    assert b'href="?honorific="></a>' not in response.content  # no empty link
    for query, honorifics in [("?honorific=", [""]), ("?honorific=Dr", ["Dr", "Dr"])]:
        assert query in [c["query_string"] for c in choices]
        response = admin_client.get(f"/admin/people/person/{query}")
        assert [p.honorific for p in response.context["cl"].result_list] == honorifics


def test_a_filter_read_from_an_index_takes_only_its_own_tables_columns(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[Role]
    # Another table's column, and a column that may hold NULL.
    for field, path in [(Person._meta.get_field("honorific"), "person__honorific"),
                        (Role._meta.get_field("end_date"), "end_date")]:
        with pytest.raises(ImproperlyConfigured, match=path):
            IndexedValuesFilter(field, request, {}, Role, model_admin, path)


def distinct_values_plan():
    field = Person._meta.get_field("honorific")
    with CaptureQueriesContext(connection) as ctx:
        assert distinct_values(Person, field) == ["", "Councillor", "Dr", "Mr", "Professor"]
    [sql] = [q["sql"] for q in ctx.captured_queries]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
            return analyzed_plan(sql)
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[-1] for row in cursor.fetchall()]


def test_the_values_are_read_one_index_entry_each_not_a_row_each():
    honorifics = ["", "Councillor", "Dr", "Mr", "Professor"]
    Person.objects.bulk_create(
        Person(honorific=honorifics[n % 5], family_name=f"Name{n}", slug=f"name-{n}")
        for n in range(3000))
    plan = distinct_values_plan()
    if connection.vendor == "postgresql":
        # A seek a value, and one more to find there is none after the last: not 3,000.
        assert rows_read(plan, Person._meta.db_table) <= 2 * len(honorifics) + 2, plan
        assert not any(node["Node Type"] == "Seq Scan" for node in plan_nodes(plan)), plan
    else:
        scans = [step for step in plan if step.startswith(("SCAN", "SEARCH"))]
        assert scans and all("INDEX person_honorific" in step for step in scans
                             if "people_person" in step), plan
