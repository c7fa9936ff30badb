"""CORS is open for reading the API and closed everywhere else."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "https://data.example.org"}


def test_api_responses_allow_any_origin(client):
    response = client.get("/api/v1/persons/", **ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_on_the_api_is_answered_with_read_methods_only(client):
    response = client.options(
        "/api/v1/persons/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **ORIGIN
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "POST" not in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("url", ["/", "/people/", "/search/?q=x", "/admin/login/",
                                 "/sitemap.xml"])
def test_pages_outside_the_api_send_no_cors_headers(client, url):
    response = client.get(url, **ORIGIN)
    assert "Access-Control-Allow-Origin" not in response
    preflight = client.options(url, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **ORIGIN)
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight
