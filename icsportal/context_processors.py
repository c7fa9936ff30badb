"""Values every template needs: the ICS's name and the main navigation."""

from django.conf import settings

NAVIGATION = [
    ("Bulletins", "/bulletins/"),
    ("Meetings", "/meetings/"),
    ("Decisions", "/decisions/"),
    ("People", "/people/"),
    ("Organisations", "/organisations/"),
    ("About", "/about/"),
]


def site(request):
    path = request.path
    return {
        "ics_name": settings.ICS_NAME,
        "ics_short_name": settings.ICS_SHORT_NAME,
        "navigation": [
            {"label": label, "url": url, "current": path.startswith(url)}
            for label, url in NAVIGATION
        ],
    }
