"""The benchmark's ceiling: a constant page that touches no database or template."""

from django.http import HttpResponse

# About the size of a small real page, so transfer cost is comparable.
_PAGE = (
    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Ceiling</title></head><body><main><h1>Ceiling</h1>"
    + "<p>The fastest page this stack can serve: no database, no template.</p>" * 40
    + "</main></body></html>"
)


def ceiling(request):
    """What Django and the middleware cost by themselves; every page is measured against it."""
    return HttpResponse(_PAGE)
