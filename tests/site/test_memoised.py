"""What the render-time shortcuts keep: rich text cleaned every time, static URLs exact."""

import json

import pytest

from icsportal.richtext import render_rich_text
from icsportal.staticfiles import StaticStorage


def test_rich_text_rendered_twice_is_cleaned_both_times():
    dirty = '<p onclick="steal()">Hello<script>alert(1)</script></p>'
    first = render_rich_text(dirty)
    second = render_rich_text(dirty)
    assert first == second == "<p>Hello</p>"
    # A different fragment is cleaned on its own, never served another's result.
    assert render_rich_text(dirty + "<p>More</p>") == "<p>Hello</p><p>More</p>"


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
