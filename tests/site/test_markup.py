"""Every public page of the demo, reached by following links from the home page and the
other starting points: well-formed markup, and no internal link that leads nowhere."""

import pytest

from tests.governance.privacy import HREF, SKIP_PREFIXES, START_URLS, crawl
from tests.site.markup import markup_problems

pytestmark = pytest.mark.django_db

# The demo has about 200 pages; fewer means the crawl stopped following links.
MINIMUM_PAGES = 150


@pytest.fixture
def demo_pages(client, demo):
    """{url: body} of every HTML page reachable from START_URLS."""
    pages = crawl(client, START_URLS + ["/bulletins/", "/topics/", "/boards/"], limit=1000)
    html = {url: body for url, body in pages.items() if body.lstrip().startswith("<!DOCTYPE")}
    assert len(html) >= MINIMUM_PAGES, sorted(html)
    return html


def test_every_page_of_the_demo_is_well_formed_and_its_ids_resolve(demo_pages):
    problems = {url: found for url, body in demo_pages.items()
                if (found := markup_problems(body))}
    assert problems == {}


def test_no_link_on_a_page_of_the_demo_leads_nowhere(client, demo_pages):
    # The links the crawl follows, as it reads them; those off the site are not ours.
    linked = {href.replace("&amp;", "&") for body in demo_pages.values()
              for href in HREF.findall(body) if href.startswith("/")}
    unreached = sorted(url for url in linked - set(demo_pages)
                       if not url.startswith(SKIP_PREFIXES))
    broken = {}
    for url in unreached:
        response = client.get(url)
        if response.status_code not in (200, 301, 302):
            broken[url] = response.status_code
    assert broken == {}


@pytest.mark.parametrize(("html", "problem"), [
    ('<div id="a"></div><p id="a">', 'id "a" appears 2 times'),
    ("<main><div></main>", "</main> on line 1 closes <div> of line 1"),
    ("<section><h2>Title</section>", "</section> on line 1 closes <h2> of line 1"),
    ("<div>\n<span>", "<div> of line 1 is never closed"),
    ("<br></br>", "</br> on line 1: a void element has no end tag"),
    ("<div/>", "<div/> on line 1 is not a void element"),
    ('<section aria-labelledby="item-1"></section>',
     'aria-labelledby "item-1", which is not on the page'),
    ('<label for="q">Search</label><input id="query">', 'label for "q", which is not on the page'),
    ('<a href="#maincontent">Skip</a>', 'link to "maincontent", which is not on the page'),
])
def test_the_markup_check_names_each_fault(html, problem):
    assert problem in markup_problems(html)


def test_the_markup_check_accepts_what_html_allows():
    html = ('<!DOCTYPE html><html><body><a href="#m">Skip</a><main id="m"><ul><li>One'
            '<li>Two</ul><p>Text<br><img src="x" alt=""><svg><path d="M0 0"/></svg></main>'
            '<label for="q">Find</label><input id="q"></body></html>')
    assert markup_problems(html) == []
