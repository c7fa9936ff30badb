"""sitemap.xml and robots.txt, gathered from each app's `sitemaps.py`.

Each app in SITEMAP_APPS may have a `sitemaps.py` with SITEMAPS, a {section: Sitemap}
mapping of public objects only, and ROBOTS_DISALLOW, paths crawlers should skip (its
previews). /sitemap.xml is an index of every page of every section.

A section of records (articles, people, meetings…) is a `KeyedSitemap`: paged by
blocks of keys, its index entry dated by one query, so that the index and each page
cost the same whether the archive holds a hundred records or a hundred thousand.
"""

from importlib import import_module

from django.contrib.flatpages.sitemaps import FlatPageSitemap
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.module_loading import module_has_submodule

from icsportal.parameters import reads

SITEMAP_APPS = ["people", "bulletins", "governance"]
# The benchmark's reference pages (the ceiling, the layout) are not content.
ROBOTS_DISALLOW = ["/admin/", "/preview/", "/bench/"]
PAGE_KEYS = 2000  # keys per page of a keyed section


class KeyBlocks(Paginator):
    """The pages of a keyed section: page n lists the rows whose key is in the n-th
    block of `per_page` keys (1–2000, 2001–4000, …), in key order.

    Django's Paginator counts the whole section to know how many pages it has, and
    cuts a page with OFFSET, reading every row before it. A block is one range of the
    primary key's index, and how many there are is known from the highest key. A row
    keeps its page as the archive grows. A block whose rows were all deleted or are
    not public lists nothing (rare: it takes `per_page` such rows in a row). A page
    number is checked as Paginator checks it (not a number, below 1, past the last).
    """

    @cached_property
    def num_pages(self):
        last = self.object_list.order_by("-pk").values_list("pk", flat=True).first() or 0
        return max(1, -(-last // self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        first = (number - 1) * self.per_page + 1
        rows = self.object_list.filter(pk__gte=first, pk__lt=first + self.per_page)
        return self._get_page(rows.order_by("pk"), number, self)


class KeyedSitemap(Sitemap):
    """A section of records, as many as the archive holds, paged by `KeyBlocks`.

    Its index entry's lastmod is `get_latest_lastmod()`, which each section answers
    with a bounded query (the newest row on an index): Django's own reads every row
    of the section and asks each its lastmod, seconds for a large archive.
    """

    limit = PAGE_KEYS

    @property
    def paginator(self):
        return KeyBlocks(self.items(), self.limit)

    def get_latest_lastmod(self):
        raise NotImplementedError(f"{type(self).__name__} must date its index entry")


def newest(rows, *fields):
    """The latest value of any of `fields` among `rows`, None if there are none.

    One query per field, each for the first row in that field's descending order, which
    the database finds at the end of an index on the field rather than by reading every
    row as an aggregate would when the rows are filtered through a join.
    """
    values = [rows.order_by(f"-{name}").values_list(name, flat=True).first() for name in fields]
    return max(filter(None, values), default=None)


class StaticPages(Sitemap):
    """Pages that exist by URL name rather than as rows: the home and list pages."""

    def __init__(self, names):
        self.names = names

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


def _app_modules():
    from django.apps import apps

    for label in SITEMAP_APPS:
        if apps.is_installed(label):
            app = apps.get_app_config(label)
            if module_has_submodule(app.module, "sitemaps"):
                yield import_module(f"{label}.sitemaps")


def sitemaps():
    """{section: Sitemap} for the whole site."""
    sections = {"site": StaticPages(["home"]), "pages": FlatPageSitemap()}
    for module in _app_modules():
        sections.update(getattr(module, "SITEMAPS", {}))
    return sections


def disallowed():
    paths = list(ROBOTS_DISALLOW)
    for module in _app_modules():
        paths += getattr(module, "ROBOTS_DISALLOW", [])
    return paths


@reads()
def index(request):
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap-section")


@reads("p")
def section(request, section):
    # Our own template: Django's renders, for every address, the change frequency,
    # priority and language alternates that no section of ours sets.
    return sitemap_views.sitemap(request, sitemaps(), section=section,
                                 template_name="sitemaps/section.xml")


@reads()
def robots_txt(request):
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in disallowed()]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
