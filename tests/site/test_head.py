"""A HEAD is answered with the headers of the GET and no body, as the server is sent it."""

import sys
from io import BytesIO

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from tests.people.factories import RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wsgi_keeps_the_connection")]


def wsgi_request(method, path, **headers):
    """(status line, headers, body bytes) of `path` asked of Django's WSGI handler as
    gunicorn asks it: the body is whatever the application hands the server. (The test
    client drops a HEAD's body itself.)"""
    environ = RequestFactory().generic(method, path, **headers).environ
    environ.update({"wsgi.input": BytesIO(), "wsgi.errors": sys.stderr})
    started = []
    body = WSGIHandler()(environ, lambda status, sent, exc_info=None: started.append(
        (status, dict(sent))))
    try:
        content = b"".join(body)
    finally:
        body.close()
    return started[0][0], started[0][1], content


@pytest.mark.parametrize("accept", ["", "gzip"])
@pytest.mark.parametrize("url", ["person", "/api/v1/persons/"])
def test_a_head_is_answered_with_the_page_s_headers_and_no_body(accept, url):
    person = RoleFactory().person
    url = person.get_absolute_url() if url == "person" else url
    # The HEAD first, rendered for itself: after the GET it would be served the copy
    # the page cache kept.
    status, head, body = wsgi_request("HEAD", url, HTTP_ACCEPT_ENCODING=accept)
    _status, got, page = wsgi_request("GET", url, HTTP_ACCEPT_ENCODING=accept)
    assert status == "200 OK"
    assert body == b""
    assert int(head["Content-Length"]) == len(page) > 0
    assert head.get("Content-Encoding") == got.get("Content-Encoding")


def test_a_head_of_a_private_page_or_a_stream_has_no_body_either():
    status, head, body = wsgi_request("HEAD", "/admin/login/")
    assert (status, body) == ("200 OK", b"")
    assert int(head["Content-Length"]) > 0
    status, _head, body = wsgi_request("HEAD", "/decisions/decisions.csv")
    assert (status, body) == ("200 OK", b"")
