"""Public pages in gzip for readers who accept it, compressed once as the page cache
keeps them."""

import gzip

import pytest
from django.test import override_settings

from icsportal import caching, http
from tests.governance.factories import ResolutionFactory
from tests.people.factories import PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br, zstd"}  # as Chromium sends it


@pytest.fixture
def compressions(monkeypatch):
    """How many bodies have been compressed since the test began."""
    made = []
    compress = gzip.compress

    def counted(data, *args, **kwargs):
        made.append(len(data))
        return compress(data, *args, **kwargs)

    monkeypatch.setattr(http.gzip, "compress", counted)
    return made


def a_person_page():
    role = RoleFactory()  # a name, a role and an organisation: a page of a few KB
    return role.person.get_absolute_url()


def test_a_reader_who_accepts_gzip_gets_the_page_compressed(client):
    url = a_person_page()
    coded = client.get(url, headers=GZIP)
    plain = client.get(url)
    assert coded["Content-Encoding"] == "gzip"
    assert int(coded["Content-Length"]) == len(coded.content) < len(plain.content) / 2
    assert gzip.decompress(coded.content) == plain.content
    assert "Content-Encoding" not in plain
    assert int(plain["Content-Length"]) == len(plain.content)
    for response in (coded, plain):
        assert response["Vary"] == "Accept-Encoding"
        assert response["Cache-Control"] == "public, max-age=60, stale-if-error=86400"
    assert coded["ETag"] == plain["ETag"]


def test_a_kept_page_is_compressed_once_and_served_without_a_query(
    client, compressions, django_assert_num_queries
):
    url = a_person_page()
    first = client.get(url, headers=GZIP)
    assert len(compressions) == 1
    with django_assert_num_queries(0):
        again = [client.get(url, headers=GZIP) for _ in range(3)]
        plain = client.get(url)
    assert len(compressions) == 1
    assert {response.content for response in again} == {first.content}
    assert gzip.decompress(first.content) == plain.content


def test_a_page_kept_for_a_plain_reader_is_served_compressed_to_the_next(client):
    url = a_person_page()
    plain = client.get(url)
    coded = client.get(url, headers=GZIP)
    assert coded["Content-Encoding"] == "gzip"
    assert gzip.decompress(coded.content) == plain.content


@pytest.mark.parametrize("accept, compressed", [
    ("gzip", True),
    ("GZIP;q=0.5, identity", True),
    ("deflate, x-gzip", True),
    ("br, gzip ; q=1.0", True),
    ("gzip;q=0", False),
    ("gzip; q=0.000, br", False),
    ("identity", False),
    ("deflate, br", False),
    ("", False),
])
def test_only_a_reader_who_accepts_gzip_gets_it(client, accept, compressed):
    response = client.get(a_person_page(), headers={"accept-encoding": accept})
    assert (response.get("Content-Encoding") == "gzip") is compressed
    assert response["Vary"] == "Accept-Encoding"


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_with_the_page_cache_off_each_page_is_compressed_as_it_is_rendered(
    client, compressions
):
    url = a_person_page()
    first = client.get(url, headers=GZIP)
    second = client.get(url, headers=GZIP)
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert len(compressions) == 2
    client.get(url)
    assert len(compressions) == 2  # a plain reader's page is not compressed


def test_while_the_cache_is_unavailable_a_page_is_still_compressed(client, monkeypatch):
    url = a_person_page()
    monkeypatch.setattr(caching.health, "available", lambda: False)
    response = client.get(url, headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    assert b"<html" in gzip.decompress(response.content)


@override_settings(ROOT_URLCONF="tests.perf.urls")
def test_a_page_with_a_secret_is_never_compressed(client):
    """A form's CSRF token, compressed beside text the request chose, can be guessed a
    character at a time from the sizes of the answers (BREACH)."""
    response = client.get("/a-form/", headers=GZIP)
    assert response["Cache-Control"] == caching.PRIVATE
    assert "Content-Encoding" not in response
    assert b"csrfmiddlewaretoken" in response.content


def test_a_signed_in_reader_s_page_is_not_compressed(client, editor_user):
    url = a_person_page()
    client.force_login(editor_user)
    response = client.get(url, headers=GZIP)
    assert response["Cache-Control"] == caching.PRIVATE
    assert "Content-Encoding" not in response


def test_a_body_too_small_to_gain_is_sent_as_it_is(client):
    response = client.get("/robots.txt", headers=GZIP)
    assert len(response.content) < http.GZIP_MIN_BYTES
    assert "Content-Encoding" not in response
    assert response["Vary"] == "Accept-Encoding"


def test_a_feed_and_the_api_are_compressed_too(client):
    PersonFactory.create_batch(3)
    for url in ("/bulletins/feed.atom", "/api/v1/persons/"):
        coded = client.get(url, headers=GZIP)
        plain = client.get(url)
        assert coded["Content-Encoding"] == "gzip", url
        assert gzip.decompress(coded.content) == plain.content, url


@pytest.mark.parametrize("url", ["/decisions/decisions.csv", "/api/v1/popolo.json"])
def test_a_download_is_compressed_as_it_streams(client, url):
    ResolutionFactory.create_batch(10)
    RoleFactory.create_batch(10)
    coded = client.get(url, headers=GZIP)
    plain = client.get(url)
    assert coded.streaming and plain.streaming
    assert coded["Content-Encoding"] == "gzip"
    assert "Content-Length" not in coded
    assert coded["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in plain
    text = plain.getvalue()
    assert len(text) > 1000  # the records made above, not an empty download
    assert gzip.decompress(coded.getvalue()) == text


def test_a_signed_in_reader_s_download_is_not_compressed(client, editor_user):
    client.force_login(editor_user)
    response = client.get("/decisions/decisions.csv", headers=GZIP)
    assert response.streaming
    assert response["Cache-Control"] == caching.PRIVATE
    assert "Content-Encoding" not in response

