"""The API, sitemaps and search show only what the schema declares, nothing held back."""

import json

import pytest

from tests.find.surfaces import public_machine_urls
from tests.find.test_openapi_privacy import names_in
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

HELD_BACK = "Held-back-photo-description"


@pytest.fixture
def person(superuser):
    person = PersonFactory(family_name="Quarrie", photo_alt=HELD_BACK,
                           biography="<p>Chairs the Rutland board.</p>")
    RoleFactory(person=person, organisation=OrganisationFactory(name="Rutland Board"))
    # A staff edit puts the editor's name and email into the person's history.
    person.history.update(history_user=superuser)
    return person


def keys_of(node):
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in keys_of(value)}
    if isinstance(node, list):
        return {k for value in node for k in keys_of(value)}
    return set()


def test_machine_urls_cover_the_api_lists_details_and_sitemaps(person):
    urls = public_machine_urls()
    assert f"/api/v1/persons/{person.slug}" in urls
    assert "/api/v1/popolo.json" in urls and "/robots.txt" in urls
    assert "/sitemap-people.xml" in urls


def test_no_machine_surface_shows_a_field_the_schema_does_not_declare(client, person,
                                                                      superuser):
    declared = names_in(client.get("/api/v1/openapi.json").json())
    for url in public_machine_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.getvalue().decode()
        for secret in (HELD_BACK, superuser.email, superuser.username):
            assert secret not in text, (url, secret)
        if response["Content-Type"].startswith("application/json") and "openapi" not in url:
            assert keys_of(json.loads(text)) <= declared, url


def test_search_shows_no_held_back_field(client, person, superuser):
    html = client.get("/search/", {"q": "Quarrie"}).content.decode()
    assert person.get_absolute_url() in html
    for secret in (HELD_BACK, superuser.email):
        assert secret not in html
