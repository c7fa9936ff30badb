"""Every page carries the security headers; the admin's policy relaxes styles only."""

import pytest

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def script_sources_are_self_and_nonce_only(sources):
    # Django writes the nonce only when the page used it.
    return sources[0] == "'self'" and all(s.startswith("'nonce-") for s in sources[1:])


def directives(csp):
    return {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/people/", "/no-such-page/"])
def test_public_pages_send_every_security_header(client, url):
    response = client.get(url)
    for name, value in HEADERS.items():
        assert response[name] == value
    policy = response["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"]:
        assert feature in policy
    csp = directives(response["Content-Security-Policy"])
    assert script_sources_are_self_and_nonce_only(csp["script-src"])
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/people/person/add/", "/admin/flatpages/flatpage/add/"]
)
def test_admin_pages_send_every_security_header(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    for name, value in HEADERS.items():
        assert response[name] == value
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_policy_allows_no_inline_script_or_style(admin_client):
    csp = directives(admin_client.get("/admin/people/person/add/")["Content-Security-Policy"])
    assert script_sources_are_self_and_nonce_only(csp["script-src"])
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]


def test_the_admin_policy_comes_from_its_own_setting(admin_client, settings):
    settings.ADMIN_CSP = {**settings.SECURE_CSP, "img-src": ["'self'", "blob:"]}
    admin = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    public = directives(admin_client.get("/")["Content-Security-Policy"])
    assert admin["img-src"] == ["'self'", "blob:"]
    assert public["img-src"] == ["'self'", "data:"]


def test_admin_login_page_gets_the_admin_policy_too(client, db):
    csp = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"]


@pytest.mark.django_db
def test_public_policy_is_untouched_by_the_admin_override(client):
    assert "unsafe-inline" not in client.get("/people/")["Content-Security-Policy"]


def test_hsts_is_sent_over_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
