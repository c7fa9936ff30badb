"""An address no route matches is looked up among the static pages' addresses, which
are remembered until content changes (icsportal.static_pages), not in the database
each time."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import InterfaceError

from tests.site.test_database_unavailable import database_fails

pytestmark = pytest.mark.django_db


@pytest.fixture
def working_with_us(committed):
    page = FlatPage.objects.create(url="/working-with-us/", title="Working with us",
                                   content="<p>Roles and how to apply</p>")
    with committed():
        page.sites.add(Site.objects.get_current())
    return page


def test_a_made_up_address_costs_no_query_once_the_addresses_are_read(
        client, working_with_us, django_assert_num_queries):
    assert client.get("/made-up/1").status_code == 404
    # Django's fallback looked each up: twice for an address without a final slash.
    with django_assert_num_queries(0):
        for n in range(2, 5):
            assert client.get(f"/made-up/{n}").status_code == 404
        assert client.get(f"/made-up/{n}/").status_code == 404


def test_a_static_page_is_found_and_its_address_without_a_slash_sent_to_it(
        client, working_with_us):
    assert client.get("/made-up/").status_code == 404  # the addresses read and kept
    assert "Roles and how to apply" in client.get("/working-with-us/").content.decode()
    response = client.get("/working-with-us")
    assert (response.status_code, response["Location"]) == (301, "/working-with-us/")


def test_a_static_page_added_is_found_at_once(client, working_with_us, committed):
    assert client.get("/volunteering/").status_code == 404
    with committed():
        page = FlatPage.objects.create(url="/volunteering/", title="Volunteering",
                                       content="<p>Give time to local services</p>")
        page.sites.add(Site.objects.get_current())
    assert client.get("/volunteering/").status_code == 200
    with committed():
        page.delete()
    assert client.get("/volunteering/").status_code == 404


def test_a_page_for_another_site_is_not_found_here(client, working_with_us, committed):
    with committed():
        other = Site.objects.create(domain="elsewhere.example", name="Elsewhere")
        FlatPage.objects.create(url="/elsewhere-only/", title="Elsewhere",
                                content="<p>Not ours</p>").sites.add(other)
    assert client.get("/elsewhere-only/").status_code == 404


def test_with_the_addresses_read_a_made_up_one_is_not_found_while_the_database_is_away(
        client, working_with_us):
    """Nothing can have changed since they were read under this content version: a
    made-up address is known not to be a page without the database."""
    assert client.get("/made-up/").status_code == 404
    with database_fails(InterfaceError("connection already closed")):
        assert client.get("/also-made-up/").status_code == 404
