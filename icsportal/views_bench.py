"""The benchmark's two reference pages: the ceiling, a constant page that touches no
database or template, and the layout, the site's own template around constant text,
which reads no database either."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

# About the size of a small real page, so transfer cost is comparable.
_PAGE = (
    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Ceiling</title></head><body><main><h1>Ceiling</h1>"
    + "<p>The fastest page this stack can serve: no database, no template.</p>" * 40
    + "</main></body></html>"
)
# About 5 KB of text, a little more than the about page's; constant and ours: safe as it stands.
_TEXT = mark_safe(  # noqa: S308  # nosec B308 B703
    "<p>The site's own header, navigation, breadcrumbs and footer around a constant "
    "text, with no query: the cost of a page before it does any work of its own.</p>" * 35
)


def ceiling(request):
    """What Django and the middleware cost by themselves; every page is measured against it."""
    return HttpResponse(_PAGE)


def layout(request):
    """What a page costs before it does any work of its own: the header, navigation,
    breadcrumbs and footer every public page renders, around about 5 KB of constant
    text, with no query. A page's distance from this row is its own."""
    return render(request, "bench/layout.html", {"text": _TEXT})
