"""Questioners' contact details stay out of the admin for the press office and editors, and
out of the error pages.

This module is also the URL configuration of its error-page test: the site's URLs plus
one view that fails while it holds a questioner's contact details.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import path, reverse

from governance.models import PublicQuestion
from icsportal.urls import handler404, handler500  # noqa: F401
from icsportal.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

HISTORY_LINK = re.compile(r'href="(/admin/governance/publicquestion/\d+/history/\d+/)"')


def fail_with_contacts(request):
    question = PublicQuestion.objects.exclude(contact_email="").order_by("pk").first()
    raise RuntimeError(f"could not write to {question.contact_email} {question.contact_phone}")


urlpatterns = [path("broken-with-contacts/", fail_with_contacts), *site_urlpatterns]


@pytest.fixture
def contacts(demo):
    """Every contact value the demo holds, after an officer has changed one of them, so the
    question's history has a change that touched the private fields."""
    question = PublicQuestion.objects.exclude(contact_email="").order_by("pk").first()
    question.contact_email = "changed.address@example.net"
    question.save()
    values = [
        value
        for question in PublicQuestion.objects.all()
        for value in (question.contact_address, question.contact_email, question.contact_phone)
        if value
    ]
    assert len(values) >= 6  # the demo's two questions, three details each
    return values


def _governance_pages():
    """Every governance changelist, every record's change and history page, and each
    historical version of the public questions."""
    for model in admin.site._registry:
        if model._meta.app_label != "governance":
            continue
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        for pk in model.objects.values_list("pk", flat=True):
            yield reverse("admin:{}_{}_change".format(*info), args=[pk])
            yield reverse("admin:{}_{}_history".format(*info), args=[pk])


def _leaks(body, values):
    lowered = body.lower()
    return [value for value in values if value.lower() in lowered
            or quote(value).lower() in lowered]


@pytest.mark.parametrize("reader", ["press_user", "editor_user"])
def test_press_office_and_editors_never_see_contact_details_in_the_admin(
    client, contacts, request, reader
):
    client.force_login(request.getfixturevalue(reader))
    pages = list(_governance_pages())
    seen, found = 0, {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, f"{reader} could not read {url}"
        body = response.content.decode()
        seen += 1
        if leaked := _leaks(body, contacts):
            found[url] = leaked
        if "/publicquestion/" in url and url.endswith("/history/"):
            for version in HISTORY_LINK.findall(body):
                version_page = client.get(version)
                assert version_page.status_code in (200, 403), version
                seen += 1
                if leaked := _leaks(version_page.content.decode(), contacts):
                    found[version] = leaked
    assert found == {}
    assert seen > len(PublicQuestion.objects.all()) * 2
    assert any("/publicquestion/" in url and "/change/" in url for url in pages)


def test_the_admin_crawl_would_notice_a_leak(client, contacts, governance_user):
    # Governance officers reply to questioners, so their pages do show the details.
    client.force_login(governance_user)
    question = PublicQuestion.objects.get(contact_email="changed.address@example.net")
    body = client.get(
        reverse("admin:governance_publicquestion_change", args=[question.pk])
    ).content.decode()
    assert "changed.address@example.net" in _leaks(body, contacts)


@pytest.mark.parametrize("reader", [None, "press_user"])
def test_error_pages_never_show_contact_details(contacts, settings, request, reader):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    if reader:
        client.force_login(request.getfixturevalue(reader))
    question = PublicQuestion.objects.get(contact_email="changed.address@example.net")
    meeting_url = question.meeting.get_absolute_url()
    # Addresses next to the question's own pages. (A 404 page repeats the requested path
    # in its canonical link, so a URL with a contact value in it would only echo itself.)
    not_found = [
        f"{meeting_url}questions/{question.pk}/",
        f"{meeting_url}questions/{question.number}/contact/",
        f"/meetings/{question.meeting.board.slug}/1999-01-01/",
        # The admin names a missing ID in its message, so ask for a number nobody has.
        "/admin/governance/publicquestion/999999/change/",
    ]
    for url in not_found:
        response = client.get(url, follow=True)
        assert response.status_code in (404, 200), url
        assert _leaks(response.content.decode(), contacts) == [], url
    broken = client.get("/broken-with-contacts/")
    assert broken.status_code == 500
    assert _leaks(broken.content.decode(), contacts) == []
