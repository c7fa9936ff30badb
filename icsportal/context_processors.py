"""Values every template needs: the ICS's name, the main navigation, the header's search."""

import functools

from django.conf import settings
from django.template.loader import render_to_string

NAVIGATION = [
    ("Bulletins", "/bulletins/"),
    ("Meetings", "/meetings/"),
    ("Decisions", "/decisions/"),
    ("People", "/people/"),
    ("Organisations", "/organisations/"),
    ("About", "/about/"),
]
# Pages of a section that live outside its address: topics are the bulletins' articles
# by subject, boards are whose meetings the meetings section lists.
ALSO_IN_SECTION = {"/bulletins/": ("/topics/",), "/meetings/": ("/boards/",)}
_SECTION_PREFIXES = [(url, *ALSO_IN_SECTION.get(url, ())) for _, url in NAVIGATION]


def main_navigation(path):
    """The header's menu items for a page at `path`, its section marked current.

    The menu depends on nothing but which section is current, so each of its few
    versions is rendered once per process; rendered on every page, its loop was about
    a quarter of the layout's template time. With DEBUG on it is rendered every time,
    so an edit to its template shows at once.
    """
    return navigation_for(section_of(path))


def section_of(path):
    """The section a page at `path` is in, as the menu marks it: a flag per item."""
    return tuple(path.startswith(prefixes) for prefixes in _SECTION_PREFIXES)


def navigation_for(section):
    """The header's menu with `section` (`section_of`) marked current."""
    return _navigation(section)


def rendered_once(render):
    """`render`, markup that depends on its arguments alone, kept per argument and
    process; rendered every time with DEBUG on, so an edit to its template shows at
    once. `cache_clear()` forgets what was kept."""
    kept = functools.cache(render)

    @functools.wraps(render)
    def rendered(*args):
        return render(*args) if settings.DEBUG else kept(*args)

    rendered.cache_clear = kept.cache_clear
    return rendered


@rendered_once
def _navigation(current):
    return render_to_string("includes/navigation.html", {"navigation": [
        {"label": label, "url": url, "current": is_current}
        for (label, url), is_current in zip(NAVIGATION, current, strict=True)
    ]})


def site_names():
    """The ICS's names, as every page shows them."""
    return {"ics_name": settings.ICS_NAME, "ics_short_name": settings.ICS_SHORT_NAME}


def site(request):
    return {
        **site_names(),
        "navigation": main_navigation(request.path),
        # The header's search box shows a search in the address. Read here, not as
        # request.GET.q in the template: a page without one fails that lookup, which
        # costs Django a dir() of the QueryDict, about 13 µs on every page.
        "header_search": request.GET.get("q", ""),
    }
