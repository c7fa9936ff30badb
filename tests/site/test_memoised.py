"""What the render-time shortcuts keep: rich text cleaned every time, static URLs exact,
the menu marking the page's own section."""

import json
import re

import pytest
from django.conf import settings
from django.template import TemplateSyntaxError, engines

from icsportal import context_processors
from icsportal.context_processors import NAVIGATION, main_navigation
from icsportal.richtext import render_rich_text, sanitize_html
from icsportal.staticfiles import StaticStorage


def test_rich_text_rendered_twice_is_cleaned_both_times():
    dirty = '<p onclick="steal()">Hello<script>alert(1)</script></p>'
    first = render_rich_text(dirty)
    second = render_rich_text(dirty)
    assert first == second == "<p>Hello</p>"
    # A different fragment is cleaned on its own, never served another's result.
    assert render_rich_text(dirty + "<p>More</p>") == "<p>Hello</p><p>More</p>"


def test_a_picture_in_rich_text_is_fetched_as_the_reader_scrolls_near_it():
    """Stored without the attribute, which an editor's HTML cannot carry either; the page
    adds it as it renders."""
    stored = sanitize_html('<figure class="image"><img src="/media/uploads/a.jpg" alt="A ward"'
                           ' loading="eager"></figure>')
    assert stored == '<figure><img src="/media/uploads/a.jpg" alt="A ward"></figure>'
    assert render_rich_text(stored) == (
        '<figure><img loading="lazy" src="/media/uploads/a.jpg" alt="A ward"></figure>')
    assert render_rich_text("<p>No <em>img</em> here: &lt;img x&gt;</p>") == (
        "<p>No <em>img</em> here: &lt;img x&gt;</p>")


def test_rich_text_of_nothing_renders_nothing():
    assert render_rich_text(None) == ""
    assert render_rich_text("") == ""


@pytest.fixture
def storage(tmp_path, settings):
    (tmp_path / "staticfiles.json").write_text(json.dumps({
        "version": "1.1",
        "paths": {"css/site.css": "css/site.0123456789ab.css"},
        "hash": "x",
    }))
    return StaticStorage(location=str(tmp_path), base_url="/static/")


def test_static_urls_come_from_the_manifest_and_are_remembered(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    storage.hashed_files = {}  # a memoised name no longer needs the manifest
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"


def test_a_name_missing_from_the_manifest_raises_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/missing.js")


CURRENT = re.compile(r'aria-current="true"><strong[^>]*>([^<]+)</strong>')


@pytest.mark.parametrize(("path", "current"), [
    ("/meetings/", ["Meetings"]),
    ("/meetings/board-1/2026-06-10/", ["Meetings"]),
    ("/organisations/citizens-advice-rutland/", ["Organisations"]),
    ("/about/", ["About"]),
    ("/", []),
    ("/search/", []),
    ("/topics/", ["Bulletins"]),
    ("/topics/discharge/", ["Bulletins"]),
    ("/boards/", ["Meetings"]),
    ("/boards/board-1/", ["Meetings"]),
    ("/bench/layout", []),
])
def test_the_menu_marks_the_pages_own_section_and_no_other(path, current):
    menu = main_navigation(path)
    assert CURRENT.findall(menu) == current
    assert re.findall(r'href="([^"]+)"', menu) == [url for _, url in NAVIGATION]


@pytest.fixture
def rendered(monkeypatch):
    """Each rendering of the menu's template, as it happens."""
    renders = []
    render = context_processors.render_to_string
    monkeypatch.setattr(context_processors, "render_to_string",
                        lambda *args: renders.append(args) or render(*args))
    return renders


def test_each_version_of_the_menu_is_rendered_once(settings, rendered):
    settings.DEBUG = False
    context_processors._navigation.cache_clear()
    try:
        first = main_navigation("/people/")
        assert main_navigation("/people/?from=z") == first
        assert main_navigation("/decisions/") != first
        assert len(rendered) == 2
    finally:
        context_processors._navigation.cache_clear()


def test_with_debug_on_the_menu_is_rendered_every_time(settings, rendered):
    settings.DEBUG = True
    main_navigation("/people/")
    main_navigation("/people/")
    assert len(rendered) == 2


def test_a_page_shows_the_menu_with_its_section_current(client, db):
    page = client.get("/decisions/").text
    assert CURRENT.findall(page) == ["Decisions"]
    assert 'class="nhsuk-header__navigation-item nhsuk-header__navigation-item--current"' in page


ONCE = "{% load ics %}{% once %}{{ ics_name }}|{{ reader }}{% endonce %}"


def test_once_is_rendered_at_first_use_and_sees_no_value_of_a_request(settings):
    settings.DEBUG = False
    settings.ICS_NAME = "First name"
    once = engines["django"].from_string(ONCE)
    assert once.render({"reader": "first reader"}) == "First name|"
    settings.ICS_NAME = "Second name"
    assert once.render({"reader": "second reader"}) == "First name|"


def test_with_debug_on_once_is_rendered_every_time(settings):
    settings.DEBUG = True
    settings.ICS_NAME = "First name"
    once = engines["django"].from_string(ONCE)
    assert once.render({}) == "First name|"
    settings.ICS_NAME = "Second name"
    assert once.render({}) == "Second name|"


def test_once_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError, match="takes no arguments"):
        engines["django"].from_string("{% load ics %}{% once now %}x{% endonce %}")


def test_every_page_has_the_stylesheets_and_footer_once_renders(client, db):
    for path in ("/decisions/", "/no-such-page/"):
        page = client.get(path).text
        assert page.count('<link rel="stylesheet" href="/static/') == 2
        assert page.count('<footer class="nhsuk-footer"') == 1
        assert f"© {settings.ICS_NAME}" in page
