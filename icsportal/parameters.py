"""The query parameters each public address reads, and what becomes of any other.

A parameter no page reads changes nothing on the page, yet it made the page an address
of its own: `/decisions/?x=1`, `?x=2` and so on were each rendered afresh and kept by
the page cache, pushing out pages that readers want, and a typo in a filter
(`?outcomes=carried`) showed every decision as if it had been applied. Each public view
names the parameters it reads (`reads`). A request with any other is sent, by a
permanent redirect, to the address without it, before the view does any work: it costs
no query and no render, and the page cache keeps only pages that differ. The API
answers it with a 422 that names the parameter instead (icsportal.api).

Mailers' tracking parameters never get this far: the page cache drops them first
(`icsportal.caching.drop_tracking_parameters`).
"""

import functools
from urllib.parse import unquote_plus

from django.http import HttpResponsePermanentRedirect
from django.utils.encoding import escape_uri_path

from icsportal.caching import public_cache_control


def split_query(query_string, known):
    """([each part of `query_string` whose name is in `known`, as sent], [the names of
    the others]). An empty part (`a=1&&b=2`) is neither: it is not a parameter."""
    kept, unknown = [], []
    for part in query_string.split("&"):
        if not part:
            continue
        name = unquote_plus(part.partition("=")[0])
        if name in known:
            kept.append(part)
        else:
            unknown.append(name)
    return kept, unknown


def reads(*names):
    """Mark a view as reading the query parameters `names` and no other; or, given one
    function, the names it returns when asked on each request (the search's, which
    its registered providers add to).

    A GET or HEAD with any other is redirected to the same address with the parameters
    it reads, as they were sent and in their order. Other methods go to the view as
    they came. `query_parameters` on the view says what it reads, for the tests that
    check every public address does.
    """
    if len(names) == 1 and callable(names[0]):
        known_now = names[0]
    else:
        known = frozenset(names)

        def known_now():
            return known

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            refused = without_unknown(request, known_now)
            return refused or view(request, *args, **kwargs)

        wrapper.query_parameters = known_now
        return wrapper

    return decorator


def asked(request, known):
    """`split_query` of a GET's or HEAD's query string by the names `known()` gives, or
    None for a request with no query or of another method, whose parameters are its
    view's to judge. `known` is asked only when there is a query to split."""
    query = request.META.get("QUERY_STRING", "")
    if not query or request.method not in ("GET", "HEAD"):
        return None
    return split_query(query, known())


def without_unknown(request, known):
    """The redirect for a GET or HEAD with a query parameter not among the names
    `known()` gives, or an empty part, or None."""
    if (split := asked(request, known)) is None:
        return None
    kept, unknown = split
    if not unknown and len(kept) == request.META["QUERY_STRING"].count("&") + 1:
        return None
    address = escape_uri_path(request.path)
    if kept:
        address += "?" + "&".join(kept)
    response = HttpResponsePermanentRedirect(address)
    # Kept no longer than a page: an address may come to read a parameter it does not
    # read today, and a browser keeps a permanent redirect without a lifetime for good.
    response.headers["Cache-Control"] = public_cache_control()
    return response
