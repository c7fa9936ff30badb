"""CORS for the open-data API only: any origin may read /api/, nothing else is shared.

The API is public, read-only and uses no cookies, so `*` is safe there; everywhere else
(the admin above all) sends no CORS header and stays same-origin.
"""

from django.http import HttpResponse

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type"
# Browsers cap this (Chromium at two hours); a day asks for as much as they allow.
PREFLIGHT_MAX_AGE = str(24 * 60 * 60)


def is_preflight(request):
    return (
        request.method == "OPTIONS"
        and "HTTP_ORIGIN" in request.META
        and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
    )


class CorsMiddleware:
    """Adds Access-Control-Allow-Origin: * to /api/ responses and answers preflights."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if is_preflight(request):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response
