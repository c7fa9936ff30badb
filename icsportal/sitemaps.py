"""sitemap.xml and robots.txt, gathered from each app's `sitemaps.py`.

Each app in SITEMAP_APPS may have a `sitemaps.py` with SITEMAPS, a {section: Sitemap}
mapping of public objects only, and ROBOTS_DISALLOW, paths crawlers should skip (its
previews). /sitemap.xml is an index of one sitemap per section, so a section past
50,000 URLs pages itself rather than breaking the file.
"""

from importlib import import_module

from django.contrib.flatpages.sitemaps import FlatPageSitemap
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

SITEMAP_APPS = ["people", "bulletins", "governance"]
ROBOTS_DISALLOW = ["/admin/", "/preview/"]


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


def index(request):
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap-section")


def section(request, section):
    return sitemap_views.sitemap(request, sitemaps(), section=section)


def robots_txt(request):
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in disallowed()]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
