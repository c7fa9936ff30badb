"""A null character in an address is refused with 400, not passed to a query: PostgreSQL
text cannot hold one, and each of these addresses was a server error there."""

import pytest

from tests.governance.factories import BoardFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/meetings/?board=%00",
    "/decisions/?board=%00",
    "/decisions/?outcome=x%00y",
    "/decisions/feed.atom?outcome=%00",
    "/decisions/decisions.csv?board=%00",
    "/people/?organisation=%00",
    "/people/?from=%00",
    "/people/?before=%00",
    "/search/?q=health%00",
    "/topics/%00/",
    "/boards/%00/",
    "/meetings/board%00/",
])
def test_an_address_with_a_null_character_is_a_bad_request(client, url):
    BoardFactory()
    response = client.get(url)
    assert response.status_code == 400
    assert "Address not understood" in response.content.decode()


def test_the_api_names_the_parameter_with_a_null_character_as_it_names_any_other(client):
    response = client.get("/api/v1/persons/?name=a%00b")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "name"]


def test_an_escaped_percent_sign_before_zeros_is_no_null_character(client):
    # "%2500" is the text "%00", which a reader may search for.
    assert client.get("/search/?q=%2500").status_code == 200
    assert client.get("/people/?from=%2500").status_code == 200
