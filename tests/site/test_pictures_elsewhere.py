"""A picture in rich text linked from another site is refused with a clear error when
the form is saved: the site's content security policy lets pages load pictures from the
site alone, so readers would be shown its alt text (icsportal.richtext)."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import ValidationError

from icsportal.richtext import pictures_from_elsewhere, sanitize_html
from people.models import Person
from tests.bulletins.factories import ArticleFactory

ELSEWHERE = "https://www.partner-trust.example/news/ward-opening.jpg"
TEXT = f'<p>The new ward.</p><figure class="image"><img src="{ELSEWHERE}" alt="The ward"></figure>'


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def add_person(client, biography):
    return client.post("/admin/people/person/add/", {
        "given_name": "Asha", "family_name": "Patel", "slug": "asha-patel",
        "biography": biography,
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })


def test_a_picture_linked_from_another_site_is_refused_and_nothing_typed_is_lost(
    admin_client
):
    response = add_person(admin_client, TEXT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pictures must be uploaded to this site" in page
    assert f"Linked: {ELSEWHERE}" in page
    # The form comes back with the text as it was typed, picture and all.
    assert response.context["adminform"].form["biography"].value() == TEXT
    assert not Person.objects.filter(slug="asha-patel").exists()


def test_an_uploaded_picture_is_saved(admin_client):
    text = '<figure class="image"><img src="/media/uploads/ward.jpg" alt="The ward"></figure>'
    assert add_person(admin_client, text).status_code == 302
    assert Person.objects.get(slug="asha-patel").biography == (
        '<figure><img src="/media/uploads/ward.jpg" alt="The ward"></figure>')


def test_one_of_the_site_s_own_uploads_written_out_whole_is_kept_as_its_path(admin_client):
    """As a browser copies a picture from a published page into the editor."""
    text = '<p><img src="https://testserver/media/uploads/ward.jpg" alt="The ward"></p>'
    assert add_person(admin_client, text).status_code == 302
    assert Person.objects.get(slug="asha-patel").biography == (
        '<p><img src="/media/uploads/ward.jpg" alt="The ward"></p>')


@pytest.mark.parametrize("address", [
    "https://testserver.example/media/uploads/ward.jpg",  # a host that only begins as ours
    "https://www.partner-trust.example/media/uploads/ward.jpg",  # another site's uploads
    "https://testserver/static/ward.jpg",  # ours, but not an upload
])
def test_only_the_site_s_own_uploads_count_as_its_own(address):
    text = f'<p><img src="{address}" alt=""></p>'
    assert pictures_from_elsewhere(text) == [address]
    assert sanitize_html(text) == text


def test_a_static_page_refuses_it_too(admin_client):
    response = admin_client.post("/admin/flatpages/flatpage/add/", {
        "url": "/working-with-us/", "title": "Working with us", "content": TEXT,
        "sites": ["1"],
    })
    assert response.status_code == 200
    assert f"Linked: {ELSEWHERE}" in response.content.decode()
    assert not FlatPage.objects.exists()


def test_every_rich_text_field_refuses_it(db):
    article = ArticleFactory(body=TEXT)
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert list(refused.value.message_dict) == ["body"]


def test_a_picture_whose_address_is_refused_outright_is_not_reported_as_elsewhere():
    """The sanitiser removes those whole (a pasted file on the editor's computer)."""
    assert pictures_from_elsewhere('<p><img src="file:///C:/image001.png" alt="">x</p>') == []
