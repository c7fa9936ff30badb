"""Article images in several widths, and roles fixed at the time of the issue."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.bulletins.factories import ArticleFactory, IssueFactory, PullQuoteFactory
from tests.people.factories import PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _jpeg(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def test_saving_an_image_makes_narrower_renditions(settings):
    article = ArticleFactory(image=_jpeg(1600, 900), image_alt="A virtual ward nurse")
    srcset = article.srcset()
    assert " 480w" in srcset and " 960w" in srcset and " 1440w" in srcset and " 1600w" in srcset
    name = article.image_renditions["480"]
    with Image.open(settings.MEDIA_ROOT / name) as small:
        assert small.size == (480, 270)


def test_a_small_image_is_not_enlarged():
    article = ArticleFactory(image=_jpeg(600, 400), image_alt="Café")
    assert set(article.image_renditions) == {"source", "size", "480"}
    assert article.image_renditions["size"] == [600, 400]
    assert article.srcset().endswith(" 600w")


def test_article_page_serves_srcset(client):
    article = ArticleFactory(issue=IssueFactory(published=True), image=_jpeg(1000, 500),
                             image_alt="A café")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'srcset="/media/bulletins/articles/' in html
    assert 'sizes="(min-width: 1024px) 420px, ' in html  # measured in tests/browser/test_images
    assert 'alt="A café"' in html


def test_a_shared_article_names_its_widest_rendition_with_its_size_and_description(client):
    """A link preview fetches the picture whole: it gets the 1440 rendition, not the
    upload, and its size, so that a site can show it the first time the page is shared."""
    article = ArticleFactory(issue=IssueFactory(published=True), image=_jpeg(3000, 1500),
                             image_alt="Nurses at the new clinic")
    html = client.get(article.get_absolute_url()).content.decode()

    shared = f"http://testserver/media/{article.image_renditions['1440']}"
    assert f'<meta property="og:image" content="{shared}">' in html
    assert '<meta property="og:image:width" content="1440">' in html
    assert '<meta property="og:image:height" content="720">' in html
    assert '<meta property="og:image:alt" content="Nurses at the new clinic">' in html
    assert f'"image": ["{shared}"]' in html  # the JSON-LD names the same copy
    assert article.image.name not in html.split("<body", 1)[0]


def test_a_shared_picture_no_wider_than_the_rendition_is_named_itself(client):
    issue = IssueFactory(published=True, cover_image=_jpeg(1000, 500),
                         cover_image_alt="The launch")
    html = client.get(issue.get_absolute_url()).content.decode()

    shared = f"http://testserver/media/{issue.cover_image.name}"
    assert f'<meta property="og:image" content="{shared}">' in html
    assert '<meta property="og:image:width" content="1000">' in html
    assert '<meta property="og:image:height" content="500">' in html


def test_pull_quote_keeps_the_role_held_when_the_issue_appeared():
    person = PersonFactory()
    then = RoleFactory(person=person, title="Finance Director", end_date=datetime.date(2022, 6, 1))
    RoleFactory(person=person, title="Chief Executive", start_date=datetime.date(2022, 6, 2))
    issue = IssueFactory(issue_date=datetime.date(2022, 2, 1))
    quote = PullQuoteFactory(article=ArticleFactory(issue=issue), person=person)
    assert quote.role == then


def test_changing_the_interviewee_refreshes_their_role():
    first, second = RoleFactory(title="Director"), RoleFactory(title="Chair")
    article = ArticleFactory(kind="interview", interviewee=first.person)
    assert article.interviewee_role == first
    article.interviewee = second.person
    article.save()
    assert article.interviewee_role == second


def test_issue_page_lists_each_article_with_its_page_its_card_and_its_image(client, press_user):
    issue = IssueFactory(published=True)
    pictured = ArticleFactory(issue=issue, position=1, page_number=4, kind="case_study",
                              headline="Crisis cafés", contents_label="Cafés open late",
                              standfirst="Open every evening.", image=_jpeg(1000, 500),
                              image_alt="A café")
    plain = ArticleFactory(issue=issue, position=2, page_number=None, headline="Grants <awarded>")
    html = client.get(issue.get_absolute_url()).content.decode()
    assert (f'href="{pictured.get_absolute_url()}"><span class="ics-meta">Page 4: </span>'
            "Cafés open late</a>") in html
    assert f'href="{plain.get_absolute_url()}">Grants &lt;awarded&gt;</a></li>' in html
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">Case study</strong>' in html
    assert '<p class="nhsuk-card__description">Open every evening.</p>' in html
    assert html.count("<figure") == 1
    assert 'sizes="(min-width: 1024px) 563px, ' in html  # the card's width, not the lead's
    # Staff previewing follow each article to its preview, never to the public page.
    client.force_login(press_user)
    preview = client.get(issue.get_preview_url()).content.decode()
    assert preview.count(f'href="{pictured.get_preview_url()}"') == 2  # contents and card
    assert pictured.get_absolute_url() not in preview
