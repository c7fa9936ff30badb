"""The site's own links and forms ask each page only for the parameters it reads: none
is sent elsewhere by the redirect that takes other parameters away
(icsportal.parameters), so a reader never pays a redirect for a link of ours and the
page cache keeps the addresses the site itself prints."""

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import override_settings

from icsportal import bench_urls

pytestmark = pytest.mark.django_db


class Addresses(HTMLParser):
    """The site's own addresses with a query a page prints: its links, its feeds and
    downloads, and what each GET form sends with every named field it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.form = set(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and "?" in (attrs.get("href") or ""):
            self.found.add(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.form = (attrs.get("action") or "", [])
        elif tag in ("input", "select", "textarea", "button") and self.form and attrs.get("name"):
            self.form[1].append((attrs["name"], "1" if tag == "input" else ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.form:
            action, fields = self.form
            self.found.add(f"{action}?{urlencode(fields)}")
            self.form = None


def own(address):
    return urlsplit(address).netloc == "testserver"


def test_no_link_or_form_of_ours_is_sent_elsewhere(corpus, client):
    corpus(0.02)
    addresses = set()
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        for _label, path in bench_urls.resolve():
            response = client.get(path)
            assert response.status_code == 200, path
            parser = Addresses()
            parser.feed(response.content.decode())
            addresses |= {urljoin(f"http://testserver{path}", address)
                          for address in parser.found}
        addresses = {address for address in addresses if own(address)}
        # The pagination of several lists, the filter forms of the register, the meetings
        # and the search, the header's search box, and the feeds that follow a filter.
        assert len(addresses) >= 20
        sent_elsewhere = [address for address in sorted(addresses)
                          if client.get(address).status_code == 301]
    assert sent_elsewhere == []
