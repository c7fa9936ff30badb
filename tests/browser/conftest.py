"""Real-browser fixtures: Debian's headless Chromium driven by Playwright, and axe-core.

Playwright's own browser download cannot work here, so it is pointed at
/usr/bin/chromium. Every test in this folder carries the `browser` marker.
"""

import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = os.environ.get("ICSPORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


class OneAtATime:
    """A WSGI application that answers one request at a time.

    On an in-memory SQLite database the live server's request threads share the test's
    one connection, and two requests using it at once can fail ("bad parameter or other
    API misuse"). A browser sends requests at once (a select2 search still answering
    when the form is posted), so the server takes them in turn. The whole response is
    read inside the lock: a streamed body reads the database too.
    """

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, answering one request at a time when its threads
    share an in-memory SQLite connection (PostgreSQL gives each thread its own)."""
    if live_server.thread.connections_override:
        httpd = live_server.thread.httpd
        httpd.set_app(OneAtATime(httpd.get_app()))
    return live_server


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    def check(page):
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        violations = results.response["violations"]
        assert violations == [], results.generate_report()
        return results

    return check


def login(page, live_server, username, password="correct horse battery staple"):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def choose(page, field_id, text, typed=None):
    """Pick `text` in a Django admin autocomplete (select2) field, typing `typed` (by
    default `text`) into its search."""
    typed = typed or text
    page.click(f"[aria-labelledby='select2-{field_id}-container']")
    # Opening the field asks for every choice; wait for the answer to what was typed,
    # so the click picks from its results and no search is left running behind it.
    with page.expect_response(lambda response: _searched(response, typed)):
        page.fill(".select2-container--open .select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{text}')")


def _searched(response, term):
    url = urlsplit(response.url)
    return url.path.endswith("/autocomplete/") and parse_qs(url.query).get("term") == [term]
