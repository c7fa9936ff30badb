"""The static pages (Django's flat pages: about, privacy, accessibility), found when no
other address matched."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.views import flatpage
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404
from django.utils.deprecation import MiddlewareMixin

from icsportal.caching import DATABASE_UNAVAILABLE, remembered, when_database_unavailable
from icsportal.parameters import without_unknown


def static_page_addresses(site_id):
    """The addresses of the site's static pages, remembered until content changes."""
    return remembered(
        lambda: frozenset(FlatPage.objects.filter(sites=site_id).values_list("url", flat=True)),
        f"static page addresses of site {site_id}")


def _may_be_static_page(request):
    """Whether Django's `flatpage` view could find a page (or its address with a slash
    added) at the request's address. Every address no route matches came here, and
    the view looked it up, twice for one without a final slash: two queries, about
    two thirds of a made-up address's CPU."""
    url = request.path_info if request.path_info.startswith("/") else f"/{request.path_info}"
    addresses = static_page_addresses(get_current_site(request).id)
    return url in addresses or (
        settings.APPEND_SLASH and not url.endswith("/") and f"{url}/" in addresses)


class StaticPageFallbackMiddleware(MiddlewareMixin):
    """Django's `FlatpageFallbackMiddleware`, except when the database cannot say
    whether a static page is at the address. Django's answers any error with the "not
    found" page it was given, which would tell readers and crawlers that `/about/` is
    gone while the database restarts; this one answers as any other page does then:
    with the copy kept earlier, or 503 saying when to ask again.

    A static page reads no query parameter: one asked for with any is sent to its
    address without them (icsportal.parameters), as every other page is. An address
    with no page stays a 404.
    """

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        try:
            if not _may_be_static_page(request):
                return response
            # A static page reads none (frozenset() gives no names).
            return without_unknown(request, frozenset) or flatpage(request, request.path_info)
        except Http404:
            return response
        except DATABASE_UNAVAILABLE as error:
            return when_database_unavailable(request, error)
        except Exception:
            # As Django's: a fault in a static page is not the address's fault.
            if settings.DEBUG:
                raise
            return response
