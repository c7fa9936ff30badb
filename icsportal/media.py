"""Serving uploaded files with headers that stop a browser treating them as pages.

Used by runserver in development and, with ICSPORTAL_SERVE_MEDIA=1, by small
deployments with no web server in front; docs/security.md gives the same headers for
a proxy. Only the types the upload checks accept are served at all.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views import static

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SERVED_SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
# An image never needs to run script, load a frame or submit a form. PDFs keep the
# site policy: Chromium's PDF viewer will not open inside a sandboxed document.
IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
# Every upload is stored under a new random name and never rewritten (a picture's
# renditions too): what is at an address stays what it is, so browsers and a CDN may
# keep it for a year without asking again.
FOREVER = "public, max-age=31536000, immutable"


def serve(request, path):
    """Serve one file from MEDIA_ROOT, inline, under its own (random) name."""
    suffix = posixpath.splitext(path)[1].lower()
    if suffix not in SERVED_SUFFIXES:
        raise Http404("No such file.")
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Disposition"] = f'inline; filename="{posixpath.basename(path)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = FOREVER
    if suffix in IMAGE_SUFFIXES:
        response["Content-Security-Policy"] = IMAGE_CSP
    return response
