"""The admin's list pages count their rows once when nothing narrows them
(`icsportal.admin_lists`)."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icsportal.admin_lists import CountOnce
from people.models import Person
from tests.bulletins.factories import IssueFactory
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

OURS = {"bulletins", "governance", "people", "flatpages"}
# What a list page shows of its counts, and whether it offers its actions.
SHOWN = ["result_count", "full_result_count", "show_full_result_count", "show_admin_actions",
         "multi_page", "can_show_all"]


def counts(ctx):
    return [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]


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
    assert counts(ctx) == ['SELECT COUNT(*) AS "__count" FROM "people_person"']
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
        assert len(counts(ctx)) == 2, params
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

