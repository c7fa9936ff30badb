"""Which address the login throttle and the question form count, served directly and
behind reverse proxies (ICSPORTAL_PROXY_COUNT)."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from icsportal.clients import client_address
from tests.governance.factories import upcoming_meeting
from tests.security.test_login import PASSWORD, attempt

PROXY = "127.0.0.1"


def address(forwarded=None, remote=PROXY):
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR")
    if remote is not None:
        request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(request)


def test_served_directly_the_address_is_the_peers_whatever_the_request_says():
    assert settings.ICSPORTAL_PROXY_COUNT == 0
    assert address("198.51.100.9", remote="203.0.113.7") == "203.0.113.7"


@override_settings(ICSPORTAL_PROXY_COUNT=-1)
def test_a_count_below_one_is_no_proxy():
    assert address("198.51.100.9, 203.0.113.7") == PROXY


@pytest.mark.parametrize("remote", [None, "", "unix:/run/gunicorn.sock"])
def test_a_request_without_an_address_has_none_not_a_word_in_its_place(remote):
    # django-axes keeps the address in an inet column, which takes nothing else.
    assert address(remote=remote) is None
    with override_settings(ICSPORTAL_PROXY_COUNT=1):
        assert address("not-an-address", remote=remote) is None


@pytest.mark.django_db
def test_a_login_made_in_code_records_no_address(client, press_user):
    client.force_login(press_user)  # axes reads the address of a request with none
    assert client.get("/admin/").status_code == 200


@override_settings(ICSPORTAL_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_is_the_one_it_appended():
    assert address("203.0.113.7") == "203.0.113.7"
    # What a client writes into the header itself comes before the proxy's entry.
    assert address("198.51.100.9, 10.0.0.1, 203.0.113.7") == "203.0.113.7"
    assert address("2001:db8::7") == "2001:db8::7"


@override_settings(ICSPORTAL_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_appended():
    assert address("198.51.100.9, 203.0.113.7, 10.0.0.2") == "203.0.113.7"


@override_settings(ICSPORTAL_PROXY_COUNT=2)
@pytest.mark.parametrize("forwarded", [None, "203.0.113.7", "not-an-address, 10.0.0.2",
                                       "203.0.113.7;rm, 10.0.0.2"])
def test_a_header_that_does_not_hold_the_address_gives_the_peers(forwarded):
    assert address(forwarded) == PROXY


@pytest.mark.django_db
@override_settings(ICSPORTAL_PROXY_COUNT=1)
def test_behind_a_proxy_each_reader_has_a_question_limit_of_their_own(client):
    meeting = upcoming_meeting()
    url = f"{meeting.get_absolute_url()}questions/new/"
    data = {"speaker_name": "Ann", "contact_email": "ann@example.org", "question": "Why?"}
    for _ in range(5):
        assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302
    assert meeting.questions.count() == 6


@pytest.mark.django_db
@override_settings(ICSPORTAL_PROXY_COUNT=1)
def test_behind_a_proxy_a_login_lockout_holds_only_the_guessers_address(client, press_user):
    client.defaults["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"  # the guesser
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, press_user.username, "guess")
    assert attempt(client, press_user.username, PASSWORD).status_code == 429
    client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.9"
    assert attempt(client, press_user.username, PASSWORD).status_code == 302
