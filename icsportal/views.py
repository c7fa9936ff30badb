"""Site-wide views: the home page, the static pages, the health check and the error
pages."""

from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.views import render_flatpage
from django.contrib.sites.shortcuts import get_current_site
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from icsportal.compiled import Compiled
from icsportal.context_processors import navigation_for, rendered_once, section_of, site_names
from icsportal.cors import API_PREFIX
from icsportal.parameters import reads


@reads()
def home(request):
    return render(request, "home.html")


def _static_page(url, site):
    return FlatPage.objects.filter(url=url, sites=site)


STATIC_PAGE = Compiled(_static_page, url=str, site=int)  # compiled once (icsportal.compiled)


@reads()
def static_page(request, url):
    """A static page (About, Accessibility...) edited in the admin, as Django's flatpage
    view shows it, the page read by a compiled query."""
    page = STATIC_PAGE.first(url=url, site=get_current_site(request).id)
    if page is None:
        raise Http404("No page at this address.")
    return render_flatpage(request, page)


@never_cache
def healthz(request):
    """200 when the database answers a round-trip, 503 when it does not: for a monitor
    that should page someone when the site cannot show what is new."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def livez(request):
    """200 while this process answers, asking nothing of the database or the cache: for
    a load balancer that takes a backend out when its check fails. Checked on /healthz,
    every backend goes out while the database is away, and with them the pages their
    caches would still send (docs/reliability.md)."""
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    """The "page not found" page, the same for every address of a section.

    A 404 is never kept by the page cache (each address is one of its own), so every
    made-up address a scanner or a broken link asks for was rendered afresh: about
    half of its CPU once the static pages stopped being looked up for it. Its only
    difference from one address to another is the section the header's menu marks, so
    it is rendered once per section and process, as the menu is, and every time with
    DEBUG on. The header's search box is left empty: the page shows nothing a request
    brought.
    """
    # An address under the API that no route matches ("/api/v1/meetings/007") answers
    # as an operation's own 404 does: the API's errors are JSON (docs/find.md).
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return HttpResponse(_not_found(section_of(request.path)), status=404)


@rendered_once
def _not_found(section):
    return render_to_string("404.html", {
        **site_names(), "navigation": navigation_for(section), "header_search": "",
    })


def server_error(request):
    # No context processors that touch the database: the error may be the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


# How long a reader, a crawler or a CDN is asked to wait before trying again when the
# database is unavailable (a restart takes under a second, a deploy's migration longer).
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """The error page when the database is unreachable or too slow, as 503: the site is
    unavailable for a while, not broken, and says when to ask again
    (icsportal.caching.when_database_unavailable). The API's errors are
    JSON, as its others are (docs/find.md)."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": "Service Unavailable"}, status=503)
    else:
        response = server_error(request)
        response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
