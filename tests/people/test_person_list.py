"""The people list: alphabetical pages that start at a person, letters, one organisation."""

import datetime
import re

import pytest

from people import listing
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

SURNAMES = ["Adams", "Bhatt", "Bhatt", "Bhatt", "Clarke", "Khan", "Khan", "Patel", "Shah",
            "Young"]


@pytest.fixture
def small_pages(monkeypatch, recompiled):
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)


@pytest.fixture
def people():
    # Namesakes share a page boundary, so only the id keeps their order stable.
    return [PersonFactory(given_name="Sam", family_name=name, slug=f"sam-{name.lower()}-{i}")
            for i, name in enumerate(SURNAMES)]


def names_on(html):
    return re.findall(r'<span class="ics-person-line"><a href="/people/([^/]+)/">', html)


def link(html, rel):
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', html)
    return found and "/people/?" + found.group(1).replace("&amp;", "&")


def test_next_and_previous_walk_everybody_in_name_order(client, small_pages, people):
    in_order = [p.slug for p in sorted(people, key=lambda p: (p.family_name, p.pk))]
    seen, url, pages = [], "/people/", []
    while url:
        html = client.get(url).content.decode()
        pages.append(html)
        seen += names_on(html)
        url = link(html, "next")
    assert seen == in_order
    assert len(pages) == 4
    assert link(pages[0], "prev") is None

    back, url = [], link(pages[-1], "prev")
    while url:
        html = client.get(url).content.decode()
        back = names_on(html) + back
        url = link(html, "prev")
    assert back + names_on(pages[-1]) == in_order


def test_a_letter_starts_at_the_first_surname_from_it(client, small_pages, people):
    html = client.get("/people/?letter=K").content.decode()

    assert names_on(html) == ["sam-khan-5", "sam-khan-6", "sam-patel-7"]
    assert link(html, "prev") == "/people/?before=sam-khan-5"
    assert link(html, "next") == "/people/?from=sam-shah-8"


def test_an_unknown_place_or_letter_shows_the_first_page(client, small_pages, people):
    first = names_on(client.get("/people/").content.decode())
    for query in ["from=nobody", "before=nobody", "letter=kk", "letter=%C3%84"]:
        assert names_on(client.get(f"/people/?{query}").content.decode()) == first, query


def test_each_line_shows_the_newest_role_held_today(client):
    person = PersonFactory(given_name="Rachel", family_name="Dewar")
    board = OrganisationFactory(name="Rutland Board")
    RoleFactory(person=person, organisation=board, title="Former Chair",
                start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2019, 1, 1))
    RoleFactory(person=person, organisation=board, title="Member",
                start_date=datetime.date(2019, 1, 2), qualifier="interim")
    RoleFactory(person=person, organisation=None, title="Adviser",
                start_date=datetime.date(2016, 1, 1))

    html = client.get("/people/").content.decode()

    assert (f'<a href="{person.get_absolute_url()}">Rachel Dewar</a>, '
            '<span class="ics-person-line__role">Interim Member, Rutland Board</span>') in html
    assert person.current_roles()[0].label == "Interim Member, Rutland Board"


def test_one_organisation_lists_only_its_current_people(client, small_pages, people):
    trust = OrganisationFactory(name="Oadby Trust", slug="oadby")
    for person in people[:5]:
        RoleFactory(person=person, organisation=trust, title="Director")
    RoleFactory(person=people[5], organisation=trust, title="Director",
                start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2011, 1, 1))

    html = client.get("/people/?organisation=oadby").content.decode()

    assert "People at Oadby Trust" in html
    assert names_on(html) == ["sam-adams-0", "sam-bhatt-1", "sam-bhatt-2"]
    assert link(html, "next") == "/people/?organisation=oadby&from=sam-bhatt-3"
    rest = client.get(link(html, "next")).content.decode()
    assert names_on(rest) == ["sam-bhatt-3", "sam-clarke-4"]
    assert 'href="?organisation=oadby&amp;letter=K"' in rest
    assert client.get("/people/?organisation=nowhere").status_code == 404


@pytest.mark.parametrize("count", [5, 60])
def test_any_page_costs_three_queries_however_many_people(
    client, count, django_assert_max_num_queries
):
    for i in range(count):
        RoleFactory(person=PersonFactory(family_name=f"Name{i:03}", slug=f"name-{i}"))
    middle = f"name-{count // 2}"
    for url in ["/people/", f"/people/?from={middle}", f"/people/?before={middle}",
                "/people/?letter=N"]:
        with django_assert_max_num_queries(3, info=url):
            html = client.get(url).content.decode()
        if "from=" in url:
            assert names_on(html)[0] == middle


def test_names_and_roles_are_escaped_in_every_list(client):
    trust = OrganisationFactory(name="<b>Trust</b>", slug="trust")
    person = PersonFactory(given_name="<script>x</script>", family_name="O'Neil")
    RoleFactory(person=person, organisation=trust, title="<i>Chair</i>")
    successor = OrganisationFactory(slug="successor")
    trust.successor = successor
    trust.save()

    for url in ["/people/", "/organisations/trust/", "/organisations/successor/"]:
        html = client.get(url).content.decode()
        assert "<script>x" not in html and "<i>Chair" not in html and "<b>Trust" not in html
    assert "&lt;script&gt;x&lt;/script&gt; O&#x27;Neil" in client.get("/people/").content.decode()
    assert "&lt;b&gt;Trust&lt;/b&gt;" in client.get("/organisations/successor/").content.decode()
