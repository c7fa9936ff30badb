"""Records' addresses, reversed once per URL pattern and then filled in.

A list page links dozens of people, articles or meetings, and reverse() costs about
14 µs a link: it looks the pattern up, matches every argument against its converter
and quotes the result. `record_path(viewname, *args)` reverses the pattern once per
script prefix and URLconf with numeric stand-ins, then puts each argument, quoted as
reverse() quotes it, in its stand-in's place: the same string, for the price of a
format.

What it does not do is check an argument against its converter, which reverse()
does to raise NoReverseMatch. The callers pass a record's own slug, number or date,
which the patterns were written to accept.
"""

import functools
import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# reverse() quotes the whole path with these characters left alone.
SAFE = RFC3986_SUBDELIMS + "/~:@"
# Text that quoting leaves as it is: letters, digits and "-._~" (RFC 3986's unreserved).
_UNRESERVED = re.compile(r"[-.\w~]*", re.ASCII).fullmatch


def _mark(position):
    # Digits only, so that an int, slug, str or path converter all accept it; long
    # enough never to be part of a pattern's own text, and of one width, so that no
    # stand-in is the start of another.
    return f"908172635{position:03d}"


@functools.lru_cache(maxsize=64)
def _parts(viewname, count, script_prefix, urlconf):
    """The text between the arguments of `viewname`'s address: count + 1 strings."""
    rest = reverse(viewname, args=[_mark(i) for i in range(count)], urlconf=urlconf)
    parts = []
    for position in range(count):
        before, rest = rest.split(_mark(position), 1)
        parts.append(before)
    parts.append(rest)
    return tuple(parts)


def _current_parts(viewname, count):
    # What reverse() would resolve against now: this request's script prefix and URLconf.
    return _parts(viewname, count, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def record_path(viewname, *args):
    """reverse(viewname, args=args), for arguments the pattern accepts."""
    return _filled(_current_parts(viewname, len(args)), args)


def _filled(parts, args):
    path = parts[0]
    for arg, after in zip(args, parts[1:], strict=True):
        path = f"{path}{_quoted(arg)}{after}"
    return path


def _quoted(arg):
    # Slugs, numbers and ISO dates need no quoting: telling so is half the price of it.
    text = str(arg)
    return text if _UNRESERVED(text) else quote(text, safe=SAFE)


def path_maker(viewname, count=1):
    """A function of `count` arguments that gives record_path(viewname, *arguments):
    for a list of many links, the script prefix and URLconf are looked up once."""
    parts = _current_parts(viewname, count)
    if count == 1:
        before, after = parts
        return lambda arg: f"{before}{_quoted(arg)}{after}"
    return lambda *args: _filled(parts, args)
