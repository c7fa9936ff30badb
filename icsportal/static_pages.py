"""The static pages (Django's flat pages: about, privacy, accessibility), found when no
other address matched."""

from django.conf import settings
from django.contrib.flatpages.views import flatpage
from django.http import Http404
from django.utils.deprecation import MiddlewareMixin

from icsportal.caching import DATABASE_UNAVAILABLE, when_database_unavailable
from icsportal.parameters import without_unknown


class StaticPageFallbackMiddleware(MiddlewareMixin):
    """Django's `FlatpageFallbackMiddleware`, except when the database cannot say
    whether a static page is at the address. Django's answers any error with the "not
    found" page it was given, which would tell readers and crawlers that `/about/` is
    gone while the database restarts; this one answers as any other page does then:
    with the copy kept earlier, or 503 saying when to ask again.

    A static page reads no query parameter: one asked for with any is sent to its
    address without them (icsportal.parameters), as every other page is. It is known
    to be there only once it is read, so such a request still costs its render; an
    address with no page stays a 404.
    """

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        try:
            page = flatpage(request, request.path_info)
            if page.status_code == 200:
                return without_unknown(request, frozenset()) or page
            return page
        except Http404:
            return response
        except DATABASE_UNAVAILABLE as error:
            return when_database_unavailable(request, error)
        except Exception:
            # As Django's: a fault in a static page is not the address's fault.
            if settings.DEBUG:
                raise
            return response
