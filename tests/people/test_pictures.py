"""A person's photo and an organisation's logo: kept with renditions and their size, and
shown at their own width with srcset, width and height, from the record alone."""

import importlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bulletins.models import Article
from people.models import Organisation, Person
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from tests.site.test_photographs import _person_photo_added

pytestmark = pytest.mark.django_db


def _jpeg(width, height, name="face.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 150)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _img(html, css):
    [tag] = re.findall(rf'<img class="{css}"[^>]*>', html)
    return tag


def test_a_portrait_uploaded_in_the_admin_has_renditions_and_its_size(
    client, press_user, media
):
    photo = io.BytesIO()
    Image.new("RGB", (3000, 4000), (200, 0, 0)).save(photo, "JPEG")
    _person_photo_added(client, press_user, photo.getvalue())

    renditions = Person.objects.get(slug="fox").photo_renditions
    assert renditions["size"] == [720, 960]  # stored at SMALL_IMAGE_WIDTH
    assert Image.open(media / renditions["240"]).size == (240, 320)
    assert Image.open(media / renditions["480"]).size == (480, 640)


def test_the_person_page_shows_the_portrait_240_pixels_wide_in_the_size_each_screen_needs(
    client, media
):
    person = PersonFactory(photo=_jpeg(720, 960), photo_alt="Jane Fox at her desk")
    renditions = person.photo_renditions

    tag = _img(client.get(person.get_absolute_url()).content.decode(), "ics-portrait")
    assert f'src="/media/{person.photo.name}"' in tag
    assert (f'srcset="/media/{renditions["240"]} 240w, /media/{renditions["480"]} 480w, '
            f'/media/{person.photo.name} 720w" sizes="240px"') in tag
    assert 'alt="Jane Fox at her desk" width="240" height="320"' in tag


def test_an_interview_shows_its_portrait_160_pixels_wide(client, media):
    person = PersonFactory(photo=_jpeg(600, 600))
    article = ArticleFactory(issue=IssueFactory(published=True), kind=Article.Kind.INTERVIEW,
                             interviewee=person)

    tag = _img(client.get(article.get_absolute_url()).content.decode(), "ics-portrait")
    assert 'sizes="160px"' in tag and 'width="160" height="160"' in tag
    assert f'/media/{person.photo_renditions["240"]} 240w' in tag


def test_a_portrait_narrower_than_its_place_is_not_enlarged(client, media):
    person = PersonFactory(photo=_jpeg(200, 250))
    assert set(person.photo_renditions) == {"source", "size"}  # no copy wider than itself

    tag = _img(client.get(person.get_absolute_url()).content.decode(), "ics-portrait")
    assert f'srcset="/media/{person.photo.name} 200w" sizes="200px"' in tag
    assert 'width="200" height="250"' in tag


def test_an_organisation_page_shows_its_logo_within_240_by_120_pixels(client, media):
    wide = OrganisationFactory(name="Oadby Trust", logo=_jpeg(720, 180, "logo.jpg"))
    tall = OrganisationFactory(logo=_jpeg(300, 600, "crest.jpg"))

    tag = _img(client.get(wide.get_absolute_url()).content.decode(), "ics-logo")
    # The heading names the organisation beside it, so the logo is not read out again.
    assert 'sizes="240px" alt="" width="240" height="60"' in tag
    assert f'/media/{wide.logo_renditions["480"]} 480w' in tag
    tag = _img(client.get(tall.get_absolute_url()).content.decode(), "ics-logo")
    assert 'sizes="60px" alt="" width="60" height="120"' in tag


def test_an_organisation_without_a_logo_shows_no_picture(client):
    html = client.get(OrganisationFactory().get_absolute_url()).content.decode()
    assert "<img" not in html.split("<main", 1)[1]


def test_taking_a_photo_away_forgets_its_renditions(client, media):
    person = PersonFactory(photo=_jpeg(720, 960))
    person.photo = ""
    person.save()

    person.refresh_from_db()
    assert person.photo_renditions == {}
    assert "ics-portrait" not in client.get(person.get_absolute_url()).content.decode()


def test_a_photo_whose_file_is_not_on_this_machine_is_shown_by_its_width_alone(client, media):
    """A copy of the database without the media: the record has no size yet."""
    person = PersonFactory(photo="people/elsewhere.jpg")
    assert person.photo_renditions == {}

    tag = _img(client.get(person.get_absolute_url()).content.decode(), "ics-portrait")
    assert tag == ('<img class="ics-portrait" src="/media/people/elsewhere.jpg" alt="" '
                   'width="240">')


def test_photos_and_logos_uploaded_before_renditions_get_them_when_the_site_migrates(media):
    from django.apps import apps

    migration = importlib.import_module("people.migrations.0008_small_picture_renditions")
    person = PersonFactory(photo=_jpeg(720, 960))
    organisation = OrganisationFactory(logo=_jpeg(600, 300, "logo.jpg"))
    Person.objects.update(photo_renditions={})
    Organisation.objects.update(logo_renditions={})
    missing = PersonFactory(photo="people/gone.jpg")

    migration.make_renditions(apps, None)

    person.refresh_from_db()
    organisation.refresh_from_db()
    missing.refresh_from_db()
    assert person.photo_renditions["size"] == [720, 960]
    assert Image.open(media / person.photo_renditions["240"]).size == (240, 320)
    assert organisation.logo_renditions["size"] == [600, 300]
    assert missing.photo_renditions == {}
