"""The benchmark's reference pages: the ceiling, and the layout that every public page
renders around its own content."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHROME = re.compile(r"<header .*?</header>|<footer .*?</footer>", re.DOTALL)


@pytest.fixture
def uncached(client):
    """The client with the page cache off, after one request: the first request of a
    content version looks up when the next scheduled change falls (two queries), which
    a server does once and not per page."""
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        client.get(reverse("bench_ceiling"))
        yield client


def test_the_layout_is_a_public_pages_header_and_footer_and_reads_no_database(
    corpus, uncached, django_assert_num_queries
):
    """What a page costs beyond the layout is its own only if the layout is what the
    pages render: the home page's header, navigation and footer (no menu item is
    current on either), breadcrumbs, and within 30% of the about page's bytes."""
    corpus(0.02)
    with django_assert_num_queries(0):
        layout = uncached.get(reverse("bench_layout"))
    home = uncached.get(reverse("home"))
    about = uncached.get(reverse("about"))
    assert layout.status_code == home.status_code == about.status_code == 200
    chrome = CHROME.findall(layout.text)
    assert len(chrome) == 2
    assert chrome == CHROME.findall(home.text)
    assert 'aria-label="Breadcrumb"' in layout.text
    assert 0.7 < len(layout.content) / len(about.content) < 1.3


def test_the_ceiling_renders_no_template_and_reads_no_database(
    uncached, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = uncached.get(reverse("bench_ceiling"))
    assert response.status_code == 200
    assert b"<header" not in response.content
