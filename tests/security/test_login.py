"""Admin login: throttled against password guessing; staff sessions end early."""

import pytest
from django.conf import settings

PASSWORD = "correct horse battery staple"


def attempt(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, press_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, press_user.username, "guess").status_code == 200
    # The fifth failure reaches the limit; from then on nothing gets in.
    assert attempt(client, press_user.username, "guess").status_code == 429
    response = attempt(client, press_user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, press_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, press_user.username, "guess")
    assert attempt(client, press_user.username, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_lockout_is_per_username_and_address(client, press_user, editor_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, press_user.username, "guess")
    assert attempt(client, editor_user.username, PASSWORD).status_code == 302


def test_the_lockout_lasts_an_hour():
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 3600
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_staff_session_cookie_is_short_lived_and_ends_with_the_browser(client, press_user):
    assert attempt(client, press_user.username, PASSWORD).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    # No max-age or expiry: the browser forgets it when it closes.
    assert not cookie["max-age"] and not cookie["expires"]
    assert client.session.get_expire_at_browser_close()
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"])
def test_production_cookies_are_https_only(name):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
         f"'icsportal.settings'; django.setup(); from django.conf import settings as s; "
         f"print(s.{name}, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "0",
             "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9Lm2Zr" * 6},
        capture_output=True, text=True,
    )
    assert result.stdout.split() == ["True", "True"], result.stderr
