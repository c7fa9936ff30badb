"""What every response owes HTTP whoever renders it: no body on a HEAD, a public page's
gzip coding for readers who accept it, and a download's status told truly.

Public pages are compressed by the page cache (icsportal.caching), once per page and
content version as it keeps them, so a cached page costs a reader who accepts gzip no
compression at all; these are the pieces it uses.
"""

import gzip
import itertools
import re

from django.utils.text import compress_sequence

# Smaller bodies gain less than the header that says they are compressed.
GZIP_MIN_BYTES = 200
# zlib's own default: within 1% of the smallest output at two thirds of level 9's time
# (a 59 KB meeting page: 8.6 KB in 0.6 ms).
GZIP_LEVEL = 6
_REFUSED = re.compile(r"q\s*=\s*0(\.0{0,3})?")


class HeadMiddleware:
    """Sends a HEAD's headers without the body its view rendered.

    Django leaves that to the server, and gunicorn drops the bytes but logs a warning for
    each such response, so a monitor that checks the site with HEAD filled the error
    log. Content-Length stays the body's, as RFC 9110 (9.3.2) asks; a file's stream is
    closed with the response as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                if not response.has_header("Content-Length"):
                    response.headers["Content-Length"] = str(len(response.content))
                response.content = b""
        return response


def accepts_gzip(request):
    """True if the request's Accept-Encoding names gzip without refusing it (`q=0`)."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, parameters = coding.partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            return not _REFUSED.fullmatch(parameters.strip())
    return False


def _is_text(response):
    kind = response.get("Content-Type", "").partition(";")[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("json", "xml"))


def gzipped(response):
    """The gzip coding of a rendered `response`'s body, or None when it has no use: a
    stream, a body already coded, one that is not text or too small to gain."""
    if response.streaming or response.has_header("Content-Encoding") or not _is_text(response):
        return None
    content = response.content
    if len(content) < GZIP_MIN_BYTES:
        return None
    # mtime=0: the same page always compresses to the same bytes.
    coded = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
    return coded if len(coded) < len(content) else None


def send_gzipped(response, coded):
    """Make `response` carry `coded`, its body's gzip coding from `gzipped()`."""
    response.content = coded
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(coded))
    return response


def send_gzipped_stream(response):
    """Make a streamed text `response` compressed as it goes, a chunk at a time (each
    flushed, so the reader gets what has been read so far); other streams go as they
    are. Its length is not known, so the stream carries none."""
    if response.has_header("Content-Encoding") or not _is_text(response):
        return response
    response.streaming_content = compress_sequence(response.streaming_content)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Content-Length", None)
    return response


def first_read(rows):
    """`rows` (an iterator of query results) with its first row read now: a download's
    first query runs while its view can still answer with an error. Streamed, it ran
    after the 200's headers had gone, and a database that could not answer cut the
    body short under them, where the page cache answers any other page with 503
    (docs/reliability.md)."""
    rows = iter(rows)
    for first in rows:
        return itertools.chain((first,), rows)
    return iter(())
