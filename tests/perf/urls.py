"""The site's URLs plus a public page with a form, for the cache tests."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from icsportal.urls import urlpatterns as site_urlpatterns


def form_page(request):
    token = get_token(request)
    return HttpResponse(
        f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        "</form>"
    )


urlpatterns = [path("a-form/", form_page), *site_urlpatterns]
