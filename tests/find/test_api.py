"""The read-only API: lists, filters, pagination, details and the query budget."""

import datetime
import json

import factory
import pytest
from django.core.cache import cache
from django.db.models.signals import post_init

import icsportal.api  # noqa: F401  (builds the API first: people.api is imported by it)
from people import api as people_api
from people.models import Organisation
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.governance.factories import AgendaItemFactory, ResolutionFactory
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_person_list_has_the_paginated_envelope(client):
    PersonFactory.create_batch(3)
    body = client.get("/api/v1/persons/", {"limit": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert body["next"].endswith("/api/v1/persons/?limit=2&offset=2")
    last = client.get(body["next"]).json()
    assert [len(last["results"]), last["next"]] == [1, None]
    assert last["previous"].endswith("limit=2&offset=0")


def test_person_detail_by_slug_carries_the_numeric_id_and_roles(client):
    role = RoleFactory(title="Director of Public Health")
    body = client.get(f"/api/v1/persons/{role.person.slug}").json()
    assert body["id"] == role.person.pk
    assert body["slug"] == role.person.slug
    assert body["roles"][0]["title"] == "Director of Public Health"
    assert body["roles"][0]["organisation"]["slug"] == role.organisation.slug
    assert body["url"] == f"http://testserver/people/{role.person.slug}/"


def test_an_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/persons/nobody-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("spelling", ["0{}", "00{}", "+{}", "%20{}", "{}%20", "{}.0"])
def test_a_record_has_one_address_its_number_written_plainly(client, spelling):
    role = RoleFactory()
    assert client.get(f"/api/v1/memberships/{role.pk}").status_code == 200
    # ninja read each of these as the same number: another address for the same answer.
    response = client.get(f"/api/v1/memberships/{spelling.format(role.pk)}")
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/meetings/0",
                                  "/api/v1/decisions/-1"])
def test_an_api_address_no_route_matches_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_persons_filter_by_organisation_and_name(client):
    role = RoleFactory(person=PersonFactory(family_name="Sandys"))
    RoleFactory(person=role.person, organisation=role.organisation, title="Second role")
    PersonFactory(family_name="Elsewhere")
    by_org = client.get("/api/v1/persons/", {"organisation": role.organisation.slug}).json()
    assert [p["slug"] for p in by_org["results"]] == [role.person.slug]
    by_name = client.get("/api/v1/persons/", {"name": "sand"}).json()
    assert [p["family_name"] for p in by_name["results"]] == ["Sandys"]


def test_organisations_filter_by_kind_place_and_partner(client):
    wanted = OrganisationFactory(kind=Organisation.Kind.CCG, place=Organisation.Place.RUTLAND)
    OrganisationFactory(kind=Organisation.Kind.CCG, place=Organisation.Place.LEICESTER)
    OrganisationFactory(kind=Organisation.Kind.CCG, place=Organisation.Place.RUTLAND,
                        is_partner=False)
    body = client.get("/api/v1/organisations/",
                      {"kind": "ccg", "place": "rutland", "partner": "true"}).json()
    assert [o["slug"] for o in body["results"]] == [wanted.slug]


def test_an_unknown_filter_value_is_a_422_not_a_crash(client):
    assert client.get("/api/v1/organisations/", {"kind": "castle"}).status_code == 422
    assert client.get("/api/v1/persons/", {"organisation": "not a slug"}).status_code == 422


def test_memberships_filter_by_current(client):
    import datetime

    past = RoleFactory(end_date=datetime.date(2022, 6, 30), start_date=datetime.date(2020, 1, 1))
    now = RoleFactory(person=past.person)
    current = client.get("/api/v1/memberships/", {"current": "true"}).json()
    assert [m["id"] for m in current["results"]] == [now.pk]
    former = client.get("/api/v1/memberships/", {"current": "false"}).json()
    assert [m["id"] for m in former["results"]] == [past.pk]
    assert client.get(f"/api/v1/memberships/{past.pk}").json()["person"]["slug"] == (
        past.person.slug
    )


def test_memberships_list_people_by_name_each_ones_roles_newest_first(client):
    import datetime

    def role(person, year):
        return RoleFactory(person=person, start_date=datetime.date(year, 1, 1))

    zoe, adam = (PersonFactory(given_name=name, family_name="Patel") for name in ("Zoe", "Adam"))
    khan = PersonFactory(given_name="Bea", family_name="Khan")
    roles = [role(zoe, 2019), role(adam, 2018), role(zoe, 2024), role(khan, 2020), role(adam, 2023)]
    listed = [m["id"] for m in client.get("/api/v1/memberships/").json()["results"]]
    assert listed == [roles[3].pk, roles[4].pk, roles[1].pk, roles[2].pk, roles[0].pk]


def test_organisation_detail_names_its_successor(client):
    icb = OrganisationFactory(name="Integrated Care Board")
    ccg = OrganisationFactory(successor=icb)
    body = client.get(f"/api/v1/organisations/{ccg.slug}").json()
    assert body["successor"] == {"id": icb.pk, "slug": icb.slug, "name": icb.name}


@pytest.mark.parametrize("url", ["/api/v1/persons/", "/api/v1/organisations/",
                                 "/api/v1/memberships/", "/api/v1/popolo.json"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_there_are_no_write_endpoints(client, url, method):
    assert getattr(client, method)(url, {}, content_type="application/json").status_code == 405


@pytest.mark.parametrize("url", ["/api/v1/persons/", "/api/v1/organisations/",
                                 "/api/v1/memberships/"])
def test_list_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries,
                                                      url):
    RoleFactory.create_batch(30)
    counts = []
    for size in (2, 30):
        cache.clear()  # both sizes count their rows; the total is otherwise remembered
        with django_assert_max_num_queries(6) as ctx:
            body = client.get(url, {"limit": size}).json()
        assert len(body["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def some_people():
    for n in range(25):
        RoleFactory(person=PersonFactory(given_name=f"Dana{n}"))


def some_articles():
    issue = IssueFactory(published=True)
    for _ in range(25):
        ArticleFactory(issue=issue).tags.add("Mental health")


def some_decisions():
    for item in AgendaItemFactory.create_batch(13):
        ResolutionFactory.create_batch(2, item=item, letter=factory.Iterator("ab"))


@pytest.mark.parametrize(("url", "filters", "make", "count"), [
    ("/api/v1/persons/", {}, some_people, 25),
    ("/api/v1/persons/", {"name": "an"}, some_people, 25),
    ("/api/v1/articles/", {"tag": "mental-health"}, some_articles, 25),
    ("/api/v1/decisions/", {}, some_decisions, 26),
])
def test_a_page_of_the_default_size_is_the_pages_of_another_size(
    client, url, filters, make, count
):
    """The default page size is read by compiled queries, any other by the ORM
    (icsportal.api.CompiledList): both give the same list."""
    make()

    def results(**page):
        return client.get(url, {**filters, **page}).json()["results"]

    default = results() + results(offset=20)
    assert len(default) == count
    assert default == results(limit=10) + results(limit=10, offset=10) + results(
        limit=30, offset=20)


def test_a_lists_total_is_counted_once_until_content_changes(
    client, django_assert_num_queries, committed
):
    people = PersonFactory.create_batch(3)
    cache.clear()
    first = client.get("/api/v1/persons/", {"limit": 1})
    assert first.json()["count"] == 3
    # The same list at another offset reuses the total: rows and roles, no COUNT.
    with django_assert_num_queries(2):
        second = client.get("/api/v1/persons/", {"limit": 1, "offset": 1}).json()
    assert second["count"] == 3
    assert second["previous"] and second["next"]
    with committed():
        people[0].delete()
    assert client.get("/api/v1/persons/", {"limit": 1}).json()["count"] == 2


def popolo(client):
    response = client.get("/api/v1/popolo.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.getvalue())


def test_popolo_export_uses_the_spec_field_names(client):
    icb = OrganisationFactory(name="Integrated Care Board", short_name="ICB",
                              website="https://example.org/")
    role = RoleFactory(organisation=icb, title="Chair", qualifier="designate",
                       person=PersonFactory(honorific="Dr", post_nominals="OBE"))
    body = popolo(client)
    assert set(body) == {"persons", "organizations", "memberships", "posts"}
    person = body["persons"][0]
    assert person["id"] == role.person.slug
    assert person["honorific_prefix"] == "Dr"
    assert person["honorific_suffix"] == "OBE"
    organization = body["organizations"][0]
    assert organization["other_names"] == [{"name": "ICB", "note": "acronym"}]
    assert {"url": "https://example.org/", "note": "website"} in organization["links"]
    membership = body["memberships"][0]
    assert membership["person_id"] == role.person.slug
    assert membership["organization_id"] == icb.slug
    assert membership["label"] == "Chair Designate, Integrated Care Board"
    post = body["posts"][0]
    assert membership["post_id"] == post["id"]
    assert post["organization_id"] == icb.slug
    assert "end_date" not in membership  # Popolo omits what is not known


def test_popolo_export_names_people_posts_and_kinds_as_the_records_do(client):
    ccg = OrganisationFactory(name="West Leicestershire CCG", kind=Organisation.Kind.CCG,
                              dissolved_on=datetime.date(2022, 6, 30))
    person = PersonFactory(honorific="Professor", given_name="Azhar", family_name="Farooqi",
                           post_nominals="OBE")
    RoleFactory(person=person, organisation=None, title="Independent Member",
                start_date=datetime.date(2022, 7, 1))
    RoleFactory(person=person, organisation=ccg, title="Clinical Chair")
    body = popolo(client)
    [entry] = body["persons"]
    assert (entry["name"], entry["sort_name"]) == ("Professor Azhar Farooqi OBE",
                                                   "Farooqi, Azhar")
    assert entry["links"] == [{"url": f"http://testserver/people/{person.slug}/",
                               "note": "icsportal page"}]
    [organization] = body["organizations"]
    assert organization["classification"] == "Clinical commissioning group"
    assert organization["dissolution_date"] == "2022-06-30"
    assert organization["links"][0]["url"] == f"http://testserver/organisations/{ccg.slug}/"
    independent, chair = body["memberships"]
    assert independent["post_id"] == "independent/independent-member"
    assert "organization_id" not in independent
    assert independent["start_date"] == "2022-07-01"
    assert chair["post_id"] == f"{ccg.slug}/clinical-chair"
    assert chair["label"] == "Clinical Chair, West Leicestershire CCG"
    assert {post["id"] for post in body["posts"]} == {independent["post_id"], chair["post_id"]}


def test_popolo_export_reads_columns_not_records(client):
    """150,000 people and 300,000 roles at corpus scale 50: building a model object for
    each was half the export's time."""
    RoleFactory.create_batch(3)
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        body = popolo(client)
    finally:
        post_init.disconnect(count)
    assert len(body["memberships"]) == 3
    assert built == []


def test_popolo_export_costs_three_queries_whatever_its_size(client,
                                                            django_assert_num_queries):
    RoleFactory.create_batch(10)
    with django_assert_num_queries(3):
        assert len(popolo(client)["memberships"]) == 10


def test_popolo_export_is_sent_in_chunks_and_holds_to_its_schema(client, monkeypatch):
    monkeypatch.setattr(people_api, "POPOLO_CHUNK", 2)
    organisation = OrganisationFactory(short_name="", website="")
    roles = [RoleFactory(organisation=organisation, title="Chair"),
             *RoleFactory.create_batch(4, organisation=organisation, title="Member")]
    response = client.get("/api/v1/popolo.json")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) >= 5 + 3 + 2  # two people or roles a chunk, and the punctuation
    body = json.loads(b"".join(chunks))
    people_api.Popolo.model_validate(body)
    assert [m["id"] for m in body["memberships"]] == [f"membership-{r.pk}" for r in roles]
    assert sorted(post["label"] for post in body["posts"]) == ["Chair", "Member"]
    assert len(body["persons"]) == 5
    assert "other_names" in body["organizations"][0]  # an empty list is known, not None
    head = client.head("/api/v1/popolo.json")
    assert head.status_code == 200
    assert b"".join(head.streaming_content) == b""


def test_head_answers_like_get_without_a_body(client):
    PersonFactory()
    get = client.get("/api/v1/persons/")
    head = client.head("/api/v1/persons/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
