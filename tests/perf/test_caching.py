"""The anonymous page cache, conditional GET and Cache-Control headers."""

import pytest
from django.test import override_settings

from icsportal import caching
from tests.people.factories import PersonFactory, RoleFactory
from tests.perf.conftest import bench_pages, render_uncached

pytestmark = pytest.mark.django_db


def test_a_public_page_is_cacheable_by_anyone_for_a_minute(client):
    person = PersonFactory()
    response = client.get(person.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=60, stale-if-error=86400"
    assert response["ETag"].startswith('W/"')
    assert "Last-Modified" in response


def test_a_cdn_may_send_its_copy_while_the_site_errs_unless_told_not_to(client, settings):
    url = PersonFactory().get_absolute_url()
    assert "stale-if-error=86400" in client.get(url)["Cache-Control"]
    settings.ICSPORTAL_CACHE_STALE_IF_ERROR = 0
    settings.ICSPORTAL_PAGE_CACHE = False  # rendered afresh, with the setting's headers
    assert client.get(url)["Cache-Control"] == "public, max-age=60"


def test_a_cached_page_costs_no_query(client, django_assert_num_queries):
    person = PersonFactory()
    client.get(person.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(person.get_absolute_url())
    assert person.display_name in response.content.decode()


def test_renaming_a_person_shows_the_new_name_on_the_next_request(client, committed):
    person = PersonFactory(given_name="Andy", family_name="Williams")
    role = RoleFactory(person=person)
    assert "Andy Williams" in client.get(person.get_absolute_url()).content.decode()
    assert "Andy Williams" in client.get(role.organisation.get_absolute_url()).content.decode()

    person.given_name = "Andrew"
    with committed():
        person.save()

    assert "Andrew Williams" in client.get(person.get_absolute_url()).content.decode()
    assert "Andrew Williams" in client.get(role.organisation.get_absolute_url()).content.decode()


def test_a_repeat_visit_with_the_etag_gets_304(client):
    url = PersonFactory().get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_repeat_visit_after_a_change_gets_the_new_page(client, committed):
    person = PersonFactory()
    etag = client.get(person.get_absolute_url())["ETag"]
    person.family_name = "Renamed"
    with committed():
        person.save()
    response = client.get(person.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def forget_pages():
    """Empty the cache but for the content version, as when pages expire or another
    worker cached them."""
    from django.core.cache import cache

    version = cache.get(caching.VERSION_KEY)
    cache.clear()
    cache.set(caching.VERSION_KEY, version, timeout=None)


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_a_revalidation_of_a_page_no_longer_cached_gets_304_without_a_render(
    client, django_assert_num_queries, validator
):
    url = PersonFactory().get_absolute_url()
    page = client.get(url)
    forget_pages()
    header = {"ETag": "if-none-match", "Last-Modified": "if-modified-since"}[validator]
    with django_assert_num_queries(0):
        response = client.get(url, headers={header: page[validator]})
    assert response.status_code == 304
    assert response["ETag"] == page["ETag"]
    assert response["Last-Modified"] == page["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60, stale-if-error=86400"


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_with_the_page_cache_off_a_revalidation_gets_304_without_a_render(
    client, django_assert_num_queries
):
    url = PersonFactory().get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_every_public_page_varies_by_its_coding_alone_so_its_304_needs_no_render(
    corpus, client
):
    """A revalidation is answered before its page is rendered (`caching._not_modified`),
    with the headers every public page sends. A page that sent another Vary would need
    it on its 304 too (RFC 9110, 15.4.5), which only a render could tell."""
    corpus(0.05)
    responses = render_uncached(client, bench_pages())
    sent = {label: response.get("Vary") for label, response in responses.items()}
    assert {label: vary for label, vary in sent.items() if vary != "Accept-Encoding"} == {}
    url = dict(bench_pages())["article"]
    revalidated = client.get(url, headers={"if-none-match": responses["article"]["ETag"]})
    assert revalidated.status_code == 304
    assert revalidated["Vary"] == "Accept-Encoding"


def test_a_revalidation_with_another_version_s_etag_gets_the_page(client):
    person = PersonFactory()
    url = person.get_absolute_url()
    etag = client.get(url)["ETag"]
    stale = etag.replace('W/"', 'W/"0')
    forget_pages()
    response = client.get(url, headers={"if-none-match": stale})
    assert response.status_code == 200
    assert person.display_name in response.content.decode()


def test_a_repeat_visit_with_if_modified_since_gets_304(client):
    url = PersonFactory().get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304


def test_admin_pages_are_private_and_not_cached(client, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    assert client.get("/admin/")["Cache-Control"] == caching.PRIVATE
    client.logout()
    login = client.get("/admin/login/")
    assert login["Cache-Control"] == caching.PRIVATE
    assert "ETag" not in login


def test_previews_are_private(client):
    assert client.get("/bulletins/preview/1/")["Cache-Control"] == caching.PRIVATE


@override_settings(ROOT_URLCONF="tests.perf.urls")
def test_a_page_with_a_form_is_private_and_not_cached(client):
    first = client.get("/a-form/")
    assert first["Cache-Control"] == caching.PRIVATE
    assert "ETag" not in first
    client.cookies.clear()
    second = client.get("/a-form/")
    assert second["Cache-Control"] == caching.PRIVATE
    # A fresh token each time: the page was rendered again, not served from the cache.
    assert first.content != second.content


def test_a_signed_in_user_never_gets_the_cached_anonymous_page(client, editor_user):
    person = PersonFactory()
    client.get(person.get_absolute_url())
    client.force_login(editor_user)
    response = client.get(person.get_absolute_url())
    assert response["Cache-Control"] == caching.PRIVATE
    assert "ETag" not in response


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_with_the_page_cache_off_every_request_renders(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = PersonFactory()
    client.get(person.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(person.get_absolute_url())
    assert any("people_person" in query["sql"] for query in queries.captured_queries)
    assert response["Cache-Control"] == "public, max-age=60, stale-if-error=86400"


def test_editing_a_static_page_shows_on_the_next_request(client, committed):
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    page = FlatPage.objects.create(url="/about/", title="About", content="<p>Old words</p>")
    page.sites.add(Site.objects.get_current())
    assert "Old words" in client.get("/about/").content.decode()
    page.content = "<p>New words</p>"
    with committed():
        page.save()
    assert "New words" in client.get("/about/").content.decode()


def test_the_health_check_never_goes_through_the_cache(client):
    from unittest import mock

    with mock.patch.object(caching, "cache") as cache:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert cache.mock_calls == []


NEWSLETTER_LINK = ("utm_source=bulletin&utm_medium=email&utm_campaign=issue-3"
                   "&mc_cid=4f1a2b&mc_eid={reader}")


def test_each_newsletter_reader_s_own_link_is_served_the_cached_page(
    client, django_assert_num_queries
):
    url = PersonFactory().get_absolute_url()
    page = client.get(url).content
    with django_assert_num_queries(0):
        response = client.get(f"{url}?{NEWSLETTER_LINK.format(reader='a1b2c3d4')}")
    assert response.status_code == 200
    assert response.content == page


def test_a_reader_s_tracking_id_is_not_printed_in_the_page(client):
    url = PersonFactory().get_absolute_url()
    html = client.get(f"{url}?{NEWSLETTER_LINK.format(reader='a1b2c3d4')}").content.decode()
    assert "a1b2c3d4" not in html and "utm_" not in html
    assert f'href="http://testserver{url}"' in html  # the page's own address, without them


def test_a_page_s_own_parameters_are_kept_beside_tracking_ones(
    client, django_assert_num_queries
):
    people = [PersonFactory(family_name=f"Adams{n}", slug=f"adams-{n}") for n in range(3)]
    url = f"/people/?from={people[1].slug}"
    page = client.get(url).content
    with django_assert_num_queries(0):
        tracked = client.get(f"/people/?utm_source=bulletin&from={people[1].slug}&fbclid=Iw1")
    assert tracked.content == page
    assert client.get("/people/").content != page
