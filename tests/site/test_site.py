import re
import subprocess
import sys

import pytest
from django.db import DatabaseError
from django.test.signals import template_rendered

from icsportal import views
from icsportal.richtext import sanitize_html


def test_healthz_answers_ok_with_the_database_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_503_when_the_database_is_down(client, db):
    from unittest import mock

    from django.db.backends.utils import CursorWrapper

    with mock.patch.object(CursorWrapper, "execute", side_effect=DatabaseError("refused")):
        assert client.get("/healthz").status_code == 503


def test_livez_answers_ok_without_asking_the_database_or_the_cache(
    client, db, django_assert_num_queries
):
    """While the database is away the page cache still sends what it kept: a load
    balancer checking this keeps the backend in to send it."""
    from unittest import mock

    from icsportal import caching

    with django_assert_num_queries(0), mock.patch.object(caching, "cache") as cache:
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"].startswith("max-age=0")
    assert cache.mock_calls == []


def test_home_page_links_every_section(client, db):
    html = client.get("/").content.decode()
    for href in ["/bulletins/", "/meetings/", "/decisions/", "/people/", "/organisations/",
                 "/about/", "/accessibility/", "/privacy/"]:
        assert f'href="{href}"' in html
    assert 'href="#maincontent"' in html


@pytest.mark.parametrize(("path", "shown"), [
    ("/search/?q=care+%3Cb%3Ehomes", 'value="care &lt;b&gt;homes"'),
    ("/search/?q=Sandys&year=2024", 'value="Sandys"'),
    ("/about/", 'value=""'),
])
def test_the_header_search_box_shows_the_search_in_the_address(client, db, path, shown):
    html = client.get(path).content.decode()
    box = re.search(r'<input[^>]* id="search-field"[^>]*>', html).group()
    assert shown in box


def test_static_pages_come_from_the_demo_content(client, demo):
    for url, heading in [("/about/", "About the ICS"), ("/accessibility/", "Accessibility"),
                         ("/privacy/", "Privacy notice")]:
        response = client.get(url)
        assert response.status_code == 200
        assert heading in response.content.decode()


def test_demo_load_is_idempotent(demo):
    from django.core.management import call_command

    from people.models import Organisation, Person, Role

    counts = (Organisation.objects.count(), Person.objects.count(), Role.objects.count())
    call_command("load_demo", stdout=None)
    assert counts == (Organisation.objects.count(), Person.objects.count(), Role.objects.count())
    assert Organisation.objects.get(slug="east-leicestershire-and-rutland-ccg").successor.slug == (
        "llr-icb"
    )


def test_staff_groups_exist_with_permissions(db):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Press office", "Editors", "Governance officers", "Site administrators"} <= names
    assert Group.objects.get(name="Press office").permissions.filter(
        codename="change_person"
    ).exists()


def test_a_staff_user_can_log_in_to_the_admin(client, press_user):
    response = client.post("/admin/login/?next=/admin/", {
        "username": press_user.username, "password": "correct horse battery staple",
    })
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_pages_send_a_content_security_policy_without_unsafe_inline(client, db):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize("dirty, clean", [
    ("<p>ok<script>alert(1)</script></p>", "<p>ok</p>"),
    ('<p onclick="x()">hi</p>', "<p>hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<p style="color:red">x</p>', "<p>x</p>"),
    ("<h1>title</h1>", "title"),
    # A picture whose address is refused goes whole, not as an <img> of nothing.
    ('<figure class="image"><img src="data:image/png;base64,iVBORw0KGgo="></figure><p>x</p>',
     "<p>x</p>"),
    ('<p><img src="file:///C:/Users/press/image001.png" alt="">x</p>', "<p>x</p>"),
    ('<figure class="image"><img src="/media/uploads/a.jpg" alt="A &quot;ward&quot;"></figure>',
     '<figure><img src="/media/uploads/a.jpg" alt="A &quot;ward&quot;"></figure>'),
])
def test_sanitiser_removes_what_is_not_allowed(dirty, clean):
    assert sanitize_html(dirty) == clean


def run_settings(env):
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
         "'icsportal.settings'; django.setup()"],
        env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_settings({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_mode_check_deploy_prints_no_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "0",
             "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9Lm2Zr" * 6,
             "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_not_found_page_has_no_canonical_link(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'rel="canonical"' not in response.content.decode()


def test_the_not_found_page_is_rendered_once_per_section(client, db):
    """The same for every address but the section its menu marks (icsportal.views)."""
    views._not_found.cache_clear()
    rendered = []
    template_rendered.connect(lambda sender, template, **kw: rendered.append(template.name),
                              weak=False, dispatch_uid="not-found-renders")
    try:
        first = client.get("/bulletins/no/such/page/")
        assert "404.html" in rendered
        rendered.clear()
        again = client.get("/topics/no-such-topic/")  # the bulletins' section too
        other = client.get("/people/nobody-here/")
        assert rendered.count("404.html") == 1  # the people section's, once
    finally:
        template_rendered.disconnect(dispatch_uid="not-found-renders")
    assert (first.status_code, again.status_code, other.status_code) == (404, 404, 404)
    assert again.content == first.content
    assert other.content != first.content
    current = re.compile(r'navigation-item--current">\s*<a class="[^"]*" href="([^"]*)"')
    assert current.findall(first.content.decode()) == ["/bulletins/"]
    assert current.findall(other.content.decode()) == ["/people/"]


def test_the_not_found_page_shows_nothing_the_request_brought(client, db):
    html = client.get("/no-such-page/?q=%3Cb%3Ehello").content.decode()
    assert "hello" not in html
    box = re.search(r'<input[^>]* id="search-field"[^>]*>', html).group()
    assert 'value=""' in box
