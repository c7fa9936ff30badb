"""Each public address reads the query parameters it names, and sends any other away
(icsportal.parameters): a page by a permanent redirect to the address without it, the
API with a 422 that names it."""

import pytest
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from icsportal.api import api
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Addresses that are not pages: the checks a monitor or a balancer calls (a monitor may
# add a parameter of its own to pass a cache, and must not be sent elsewhere), the
# benchmark's reference pages, which time the site without work of its own, and the
# uploads, which the page cache passes by (icsportal.media).
NOT_PAGES = {"healthz", "livez", "bench_ceiling", "bench_layout", "media"}


def routes(patterns=None, prefix=""):
    """[(route, name, view)] for every URL pattern, included ones too."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.name, pattern.callback))
    return found


def test_every_address_but_the_admin_says_which_parameters_it_reads():
    undeclared = [
        route for route, name, view in routes()
        if not route.startswith("admin/") and name not in NOT_PAGES
        and not callable(getattr(view, "query_parameters", None))
    ]
    assert undeclared == []
    assert len(routes()) > 60


@pytest.mark.parametrize(("asked", "sent_to"), [
    # The others dropped, the page's own kept as they were sent and in their order.
    ("/decisions/?x=1&outcome=carried&board=icb&page=2",
     "/decisions/?outcome=carried&board=icb&page=2"),
    ("/about/?q=care", "/about/"),
    ("/people/?page=60", "/people/"),
    ("/meetings/?year=2024&sort=date", "/meetings/?year=2024"),
    # A name is read as the page reads it: "%70age" is "page", and stays as it was sent.
    ("/bulletins/ics-news/?%70age=2&x", "/bulletins/ics-news/?%70age=2"),
    # An empty part is no parameter, but another address for the same page.
    ("/topics/mental-health/?page=2&", "/topics/mental-health/?page=2"),
    ("/decisions/?&&", "/decisions/"),
    ("/search/?q=rutland&board=icb&sort=new", "/search/?q=rutland&board=icb"),
    ("/decisions/feed.atom?board=icb&x=1", "/decisions/feed.atom?board=icb"),
    ("/bulletins/feed.rss?x=1", "/bulletins/feed.rss"),
    ("/decisions/decisions.csv?from=2024-01-01&format=xls",
     "/decisions/decisions.csv?from=2024-01-01"),
    ("/sitemap-people.xml?p=2&x=1", "/sitemap-people.xml?p=2"),
    ("/robots.txt?x", "/robots.txt"),
    ("/meetings/icb/2024-01-04/?print=1", "/meetings/icb/2024-01-04/"),
    # The address's path is sent back as it was asked for, escaped.
    ("/topics/crisis-caf%C3%A9s/?x=1", "/topics/crisis-caf%C3%A9s/"),
])
def test_an_unknown_parameter_is_sent_to_the_address_without_it(client, asked, sent_to,
                                                                 django_assert_num_queries):
    # Before the view does any work: no query, so no render either.
    with django_assert_num_queries(0):
        response = client.get(asked)
    assert response.status_code == 301
    assert response["Location"] == sent_to
    # A permanent redirect without a lifetime is kept by a browser for good; the address
    # may come to read the parameter.
    lifetime = f"public, max-age={settings.ICSPORTAL_CACHE_MAX_AGE}"
    assert response["Cache-Control"].startswith(lifetime)


def test_a_static_page_an_editor_added_reads_none(client):
    page = FlatPage.objects.create(url="/working-with-us/", title="Working with us",
                                   content="<p>Roles and how to apply</p>")
    page.sites.add(Site.objects.get_current())
    response = client.get("/working-with-us/?x=1&y=2")
    assert (response.status_code, response["Location"]) == (301, "/working-with-us/")
    assert client.get("/working-with-us/").status_code == 200
    # An address with no page is not sent anywhere first.
    assert client.get("/no-such-page/?x=1").status_code == 404


def test_a_head_is_sent_the_same_way(client):
    response = client.head("/people/?x=1")
    assert (response.status_code, response["Location"]) == (301, "/people/")


@pytest.mark.parametrize("path", [
    "/decisions/?board=icb&outcome=carried&from=2024-01-01&to=2024-12-31&page=1",
    "/decisions/?board=&outcome=&from=&to=",  # the filter form sent with nothing chosen
    "/meetings/?board=icb&year=2024&page=2",
    "/people/?letter=S",
    "/search/?q=rutland&type=&year=",
    "/search/?q=rutland&board=icb&page=2",
    "/sitemap-people.xml?p=1",
    "/about/",
])
def test_the_parameters_a_page_reads_are_left_alone(client, path):
    assert client.get(path).status_code != 301


@override_settings(ICSPORTAL_PAGE_CACHE=True)
def test_made_up_parameters_leave_the_page_cache_one_copy(client):
    person = PersonFactory()
    page = person.get_absolute_url()
    assert client.get(page).status_code == 200
    for n in range(3):
        assert client.get(f"{page}?x={n}").status_code == 301
    # The page itself is the copy kept: read again, it costs no query.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert len(queries) == 0


def test_a_form_sent_with_a_parameter_goes_to_its_view(client):
    # Only a GET or a HEAD is sent elsewhere: a POST to an address with a parameter in
    # it is the view's, which shows what was typed rather than losing it.
    response = client.post("/meetings/icb/2024-01-04/questions/new/?x=1", {})
    assert response.status_code == 404  # no such meeting here: the view answered


def test_an_api_operation_names_the_parameter_it_does_not_read(client):
    response = client.get("/api/v1/persons/?organization=icb&limit=5")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": [{
        "type": "extra_forbidden", "loc": ["query", "organization"],
        "msg": "Unknown query parameter. This operation reads: limit, name, offset, "
               "organisation.",
    }]}


@pytest.mark.parametrize("path", [
    "/api/v1/persons/nobody?x=1",
    "/api/v1/popolo.json?callback=f",
    "/api/v1/openapi.json?x=1",
])
def test_an_api_address_that_reads_no_parameter_refuses_any(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Unknown query parameter. This operation reads: none.")
    assert client.head(path).status_code == 422


def test_the_api_reads_every_parameter_it_declares(client):
    document = api.get_openapi_schema(path_prefix="")
    for path, operations in document["paths"].items():
        names = [parameter["name"] for parameter in operations["get"].get("parameters", ())
                 if parameter["in"] == "query"]
        if not names or "{" in path:
            continue
        query = "&".join(f"{name}=" for name in names)
        # An empty value may be a 422 of its own (not a date); never one of ours.
        response = client.get(f"/api/v1{path}?{query}")
        unknown = [error for error in response.json().get("detail", ())
                   if isinstance(error, dict) and error.get("type") == "extra_forbidden"]
        assert unknown == [], path


def test_the_openapi_document_declares_the_422_on_every_operation():
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "422" in operation["responses"], (method, path)
