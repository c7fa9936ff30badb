"""What the site's feeds share: Atom by default, an RSS view of each, written whole.

A feed of 50 entries is about 580 elements. Django's syndication framework spends most
of a feed's time on two things per element or per entry part, not on reading the
entries: its XML handler writes each element in five calls (start, attributes, text,
escape, end), and `Feed.get_feed` asks for each of an entry's fifteen parts through
`_get_dynamic_attr`, which inspects the method's code every time. Here the handler writes
an element in one call and the entries' parts are asked for by name
(docs/performance.md, "The feeds"). What they write is Django's, byte for byte
(tests/find/test_feeds.py compares the two).
"""

import io
import re
from xml.sax.saxutils import quoteattr  # nosec B406 - escapes what a feed writes; nothing is parsed

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import (
    SimplerXMLGenerator,
    UnserializableContentError,
    _xml_control_chars_re,
)

from icsportal.parameters import without_unknown

# Django's test for the characters XML 1.0 cannot hold, compiled here: its own is lazy,
# and each search through the lazy object costs a lookup of its own.
CONTROL_CHARACTERS = re.compile(_xml_control_chars_re.pattern)


class QuickXMLGenerator(SimplerXMLGenerator):
    """Django's XML handler, with an element without children written in one piece.

    The same output and the same refusal of control characters as
    `SimplerXMLGenerator.addQuickElement`, which starts the element, writes its text and
    ends it in three calls of its own, each checking and writing its part. The text is
    escaped as `xml.sax.saxutils.escape` escapes it, without its call.
    """

    def addQuickElement(self, name, contents=None, attrs=None):
        attributes = ""
        if attrs:
            for value in attrs.values():
                if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                    raise UnserializableContentError
            attributes = "".join([f" {key}={quoteattr(value)}"
                                  for key, value in sorted(attrs.items())])
        self._finish_pending_start_element()
        if contents:
            if CONTROL_CHARACTERS.search(contents):
                raise UnserializableContentError
            text = contents.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            self._write(f"<{name}{attributes}>{text}</{name}>")
        else:  # None or "": an empty element, as short_empty_elements writes it
            self._write(f"<{name}{attributes}/>")


def handler_for(document, encoding):
    """The handler a feed writes its document with."""
    return QuickXMLGenerator(document, encoding, short_empty_elements=True)


class Atom(Atom1Feed):
    """Atom 1.0, every feed's default.

    `write` is Atom1Feed's, with the handler above, into a string that goes to the
    response in one write: into an HttpResponse each of over 2,000 writes is encoded
    and appended on its own.
    """

    def write(self, outfile, encoding):
        document = io.StringIO()
        handler = handler_for(document, encoding)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")
        outfile.write(document.getvalue())


class RSS(Rss201rev2Feed):
    """RSS 2.0, for the readers that take nothing else; written as Atom is."""

    def write(self, outfile, encoding):
        document = io.StringIO()
        handler = handler_for(document, encoding)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")
        outfile.write(document.getvalue())


class SiteFeed(Feed):
    """A feed whose entries come from `entries(obj)`, their parts asked for by name.

    Each entry is a dict of plain values, with its address as "path" and when its
    record last changed as "updated_at": building three or five model instances an
    entry cost a 50-entry feed about 1 ms. Django builds the feed's own elements
    (title, links, language), once per feed; then each entry is added with its item
    methods called directly: title, description, link, published and updated times,
    author and categories. The entry's id is its link, as Django's default `item_guid`
    makes it. A subclass gives `entries`, not `items`, and no other item part
    (enclosures, comments, copyright, GUIDs).
    """

    feed_type = Atom

    def __call__(self, request, *args, **kwargs):
        # A feed reads no query parameter unless it says so (icsportal.parameters).
        refused = without_unknown(request, self.query_parameters)
        return refused or super().__call__(request, *args, **kwargs)

    def query_parameters(self):
        return frozenset()

    def items(self, obj):
        return ()  # Django's loop adds nothing: get_feed adds the entries

    def entries(self, obj):
        raise NotImplementedError

    def item_link(self, item):
        return item["path"]

    def item_pubdate(self, item):
        raise NotImplementedError

    def item_updateddate(self, item):
        # An entry is often written before it is published: updated is never earlier.
        return max(item["updated_at"], self.item_pubdate(item))

    def item_categories(self, item):
        return ()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        domain = get_current_site(request).domain
        secure = request.is_secure()
        for item in self.entries(obj):
            link = add_domain(domain, self.item_link(item), secure)
            feed.add_item(
                title=self.item_title(item),
                link=link,
                description=self.item_description(item),
                unique_id=link,
                pubdate=self.item_pubdate(item),
                updateddate=self.item_updateddate(item),
                author_name=self.item_author_name(item),
                categories=self.item_categories(item),
            )
        return feed


def rss(feed_class):
    """The RSS 2.0 view of a feed that is Atom by default."""
    view = feed_class()
    view.feed_type = RSS
    return view
