import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_partners_page_groups_organisations_by_kind(client):
    OrganisationFactory(name="Rutland County Council", kind="local_authority", place="rutland")
    OrganisationFactory(name="Leicestershire Partnership NHS Trust", kind="nhs_trust")
    OrganisationFactory(name="Not A Partner Ltd", kind="company", is_partner=False)
    response = client.get(reverse("people:organisation_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Local authority</h2>" in html
    assert "Rutland County Council" in html
    assert "Not A Partner Ltd" not in html


def test_partners_page_gives_each_partners_place_and_when_a_closed_one_closed(client):
    today = timezone.localdate()
    OrganisationFactory(name="Old CCG", kind="ccg", place="leicester",
                        dissolved_on=datetime.date(2022, 6, 30))
    OrganisationFactory(name="Closing CCG", kind="ccg", place="leicester", dissolved_on=today)
    html = client.get(reverse("people:organisation_list")).content.decode()
    assert 'Old CCG</a> <span class="ics-meta">– Leicester, closed 30 June 2022</span>' in html
    # Still open on the day it is dissolved.
    assert 'Closing CCG</a> <span class="ics-meta">– Leicester</span>' in html


def test_organisation_page_lists_its_people_and_successor(client):
    icb = OrganisationFactory(name="Integrated Care Board", slug="icb")
    ccg = OrganisationFactory(
        name="Old CCG", slug="old-ccg", dissolved_on=datetime.date(2022, 6, 30), successor=icb
    )
    RoleFactory(person=PersonFactory(given_name="Sarah", family_name="Prema"),
                organisation=ccg, title="Executive Director of Strategy and Planning")
    html = client.get(ccg.get_absolute_url()).content.decode()
    assert "Sarah Prema" in html
    assert "closed on 30 June 2022" in html
    assert icb.get_absolute_url() in html
    assert "Old CCG" in client.get(icb.get_absolute_url()).content.decode()


def test_person_page_shows_current_and_past_roles(client):
    person = PersonFactory(given_name="David", family_name="Sissling", slug="david-sissling")
    RoleFactory(person=person, title="Chair", qualifier="designate",
                end_date=datetime.date(2022, 6, 30))
    RoleFactory(person=person, title="Independent Chair", start_date=datetime.date(2022, 7, 1))
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Chair Designate" in html
    assert "Independent Chair" in html
    body = html[html.index("<h1>"):]
    assert body.index("Current roles") < body.index("Independent Chair") < body.index("Past roles")


def test_unknown_person_is_404_in_the_site_design(client):
    response = client.get("/people/nobody-by-this-name/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_people_list_query_count_does_not_grow_with_people(client, django_assert_max_num_queries):
    for _ in range(3):
        RoleFactory()
    with django_assert_max_num_queries(2):
        client.get(reverse("people:person_list"))
    for _ in range(30):
        RoleFactory()
    with django_assert_max_num_queries(2):
        client.get(reverse("people:person_list"))


def test_organisation_page_shows_the_newest_current_roles_and_links_to_everybody(
    client, monkeypatch, recompiled
):
    monkeypatch.setattr("people.views.CURRENT_ROLES_SHOWN", 2)
    trust = OrganisationFactory(name="Melton Trust", slug="melton")
    for year, name in [(2019, "Oldest"), (2021, "Newest"), (2020, "Middle")]:
        RoleFactory(person=PersonFactory(family_name=name), organisation=trust,
                    title="Governor", qualifier="interim", start_date=datetime.date(year, 1, 1))

    html = client.get("/organisations/melton/").content.decode()

    assert html.index("Newest</a>, Interim Governor") < html.index("Middle</a>")
    assert "Oldest" not in html
    assert "These are the 2 most recent appointments" in html
    assert 'href="/people/?organisation=melton"' in html
    assert "Oldest" in client.get("/people/?organisation=melton").content.decode()


def test_organisation_page_lists_every_current_role_when_there_are_few(client):
    trust = OrganisationFactory(slug="small")
    RoleFactory(person=PersonFactory(family_name="Present"), organisation=trust)

    html = client.get("/organisations/small/").content.decode()

    assert "Present" in html
    assert "most recent appointments" not in html
