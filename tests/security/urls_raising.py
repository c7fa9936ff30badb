"""The site's URLs plus one view that fails, to see the production error page."""

from django.urls import path

from icsportal.urls import handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("secret-internal-detail in /srv/icsportal/people/views.py")


urlpatterns = [path("broken/", broken), *urlpatterns]
