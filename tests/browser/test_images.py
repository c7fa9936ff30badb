"""Pictures in a browser: each keeps its shape, is shown at the width its place gives it,
and the browser downloads the rendition its screen needs, not the original."""

import io
import mimetypes
import random
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.testcases import _MediaFilesHandler
from PIL import Image

from bulletins.models import Article
from icsportal import media
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo(width, height, name="ward.jpg"):
    """A JPEG with a photograph's kind of detail, so the renditions' bytes mean something."""
    rng = random.Random(6)
    small = Image.new("RGB", (width // 8, height // 8))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(small.width * small.height)])
    out = io.BytesIO()
    small.resize((width, height), Image.Resampling.BICUBIC).save(out, "JPEG", quality=85)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _served_from(media, requested):
    """Serve /media/ from MEDIA_ROOT inside the browser and note what it asked for.

    The live server serves static files only; media go through a route here, which also
    shows exactly which files a page made the browser fetch.
    """
    def handle(route):
        path = urlsplit(route.request.url).path.removeprefix("/media/")
        requested.append(path)
        file = Path(media) / path
        route.fulfill(status=200, body=file.read_bytes(),
                      content_type=mimetypes.guess_type(file.name)[0])

    return handle


# Waits for a picture to have loaded. Passed as a function, which the page's CSP allows
# (Playwright's polling evaluates a string, which `script-src 'self'` refuses).
LOADED = "img => img.complete || new Promise(done => { img.onload = img.onerror = done; })"


# (viewport width, device pixel ratio, rendition the browser should fetch)
SCREENS = [
    (360, 1, "480"),  # a basic phone: the 328 px column needs 328 pixels
    (390, 3, "1440"),  # a current phone: 358 px at 3× needs 1,074
    (412, 2, "960"),  # 380 px at 2× needs 760
    (1280, 1, "480"),  # desktop: two thirds of the 629 px column, 420 px, needs 420
    (1280, 2, "960"),  # desktop at 2× needs 840
]


@pytest.mark.parametrize("width, ratio, rendition", SCREENS)
def test_each_screen_fetches_one_rendition_of_the_width_it_needs(
    live_server, chromium, settings, width, ratio, rendition
):
    article = ArticleFactory(issue=IssueFactory(published=True), image=_photo(1600, 900),
                             image_alt="A nurse on a virtual ward round")
    renditions = article.image_renditions
    context = chromium.new_context(viewport={"width": width, "height": 800},
                                   device_scale_factor=ratio)
    try:
        page = context.new_page()
        requested = []
        page.route("**/media/**", _served_from(settings.MEDIA_ROOT, requested))
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        image = page.locator("figure img")
        image.scroll_into_view_if_needed()
        image.evaluate(LOADED)
        shown = image.evaluate("img => new URL(img.currentSrc).pathname")
    finally:
        context.close()
    assert requested == [renditions[rendition]], (
        f"{width} px at {ratio}x fetched {requested}; renditions: {renditions}")
    assert shown == f"/media/{renditions[rendition]}"
    assert renditions["source"] not in requested


# Every picture on the page, as the browser lays it out and what it chose to fetch.
PICTURES = """() => [...document.querySelectorAll("main img")].map(img => ({
    name: img.className + " " + img.alt,
    width: img.getBoundingClientRect().width,
    height: img.getBoundingClientRect().height,
    natural: [img.naturalWidth, img.naturalHeight],
    chosen: new URL(img.currentSrc).pathname,
    candidates: img.srcset ? img.srcset.split(", ").map(entry => {
        const [url, width] = entry.split(" ");
        return [new URL(url, location).pathname, parseInt(width)];
    }) : [],
}))"""


def _laid_out(context, url):
    page = context.new_page()
    page.goto(url)
    page.locator("main img").evaluate_all(f"imgs => Promise.all(imgs.map({LOADED}))")
    return page.evaluate(PICTURES)


@pytest.mark.parametrize("width, ratio", [
    (320, 1), (390, 3), (412, 2), (641, 1), (768, 2), (769, 1), (989, 2), (1024, 1), (1280, 2),
])
def test_every_picture_keeps_its_shape_and_is_fetched_at_the_width_it_is_shown(
    live_server, chromium, width, ratio
):
    """Across the design system's breakpoints (641, 769, 1024 px), each picture's height
    follows its own shape, and `sizes` names the width it is laid out at: the browser
    fetches the narrowest candidate at least that wide on this screen's pixels."""
    issue = IssueFactory(published=True, cover_image=_photo(1800, 900, "cover.jpg"),
                         cover_image_alt="Partners at the launch")
    ArticleFactory(issue=issue, image=_photo(1600, 900), image_alt="A nurse on a ward round")
    person = PersonFactory(photo=_photo(600, 800, "face.jpg"), photo_alt="Sam Morgan")
    interview = ArticleFactory(issue=issue, kind=Article.Kind.INTERVIEW, interviewee=person,
                               image=_photo(1200, 1000, "clinic.jpg"), image_alt="The clinic")
    trust = OrganisationFactory(logo=_photo(720, 180, "logo.jpg"))
    context = chromium.new_context(viewport={"width": width, "height": 800},
                                   device_scale_factor=ratio)
    try:
        seen = [picture for page in [
            issue.get_absolute_url(), interview.get_absolute_url(),
            person.get_absolute_url(), trust.get_absolute_url()]
            for picture in _laid_out(context, f"{live_server.url}{page}")]
    finally:
        context.close()

    # The cover, two cards' pictures, the lead, two portraits and a logo.
    assert len(seen) == 7, seen
    # A portrait and a logo keep their own width, not stretched to the card or column.
    shown = sorted((picture["name"].split()[0], picture["width"]) for picture in seen
                   if "nhsuk-image__img" not in picture["name"])
    assert shown == [("ics-logo", 240), ("ics-portrait", 160), ("ics-portrait", 240)]
    for picture in seen:
        natural_width, natural_height = picture["natural"]
        assert picture["height"] == pytest.approx(
            picture["width"] * natural_height / natural_width, abs=1), picture
        if picture["candidates"]:
            needed = picture["width"] * ratio
            wide_enough = [w for _, w in picture["candidates"] if w >= needed - 0.5]
            expected = min(wide_enough) if wide_enough else max(
                w for _, w in picture["candidates"])
            chosen = dict(picture["candidates"])[picture["chosen"]]
            assert chosen == expected, (needed, picture)


def test_an_issue_s_card_pictures_are_fetched_as_the_reader_scrolls_to_them(
    live_server, chromium, settings
):
    """A phone opening an issue of twelve pictured articles fetches the cover and the
    pictures near the top, not all twelve: the cards' pictures load lazily."""
    issue = IssueFactory(published=True, cover_image=_photo(1000, 500, "cover.jpg"),
                         cover_image_alt="Partners at the launch")
    articles = [ArticleFactory(issue=issue, position=n, image=_photo(1000, 560),
                               image_alt=f"Picture {n}") for n in range(12)]
    context = chromium.new_context(viewport={"width": 390, "height": 800},
                                   device_scale_factor=2)
    try:
        page = context.new_page()
        requested = []
        page.route("**/media/**", _served_from(settings.MEDIA_ROOT, requested))
        page.goto(f"{live_server.url}{issue.get_absolute_url()}", wait_until="networkidle")
        first_fetched = list(requested)
        last = page.locator("img[alt='Picture 11']")
        last.scroll_into_view_if_needed()
        last.evaluate(LOADED)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()

    def fetched(article):
        files = {name for key, name in article.image_renditions.items() if key.isdigit()}
        return {article.image.name, *files} & set(first_fetched)

    assert issue.cover_image_renditions["960"] in first_fetched  # above the fold: at once
    assert fetched(articles[0])
    assert not fetched(articles[11]), first_fetched
    assert len(first_fetched) < 13
    assert articles[11].image_renditions["960"] in requested  # once scrolled to


@pytest.fixture
def media_served(monkeypatch):
    """The live server's uploads served by icsportal.media.serve, as a site with
    ICSPORTAL_SERVE_MEDIA=1 serves them (Django's test server otherwise serves them
    itself, with none of our headers), and the paths it was asked for, revalidations
    included."""
    asked = []

    def serve(handler, request):
        asked.append(request.path)
        return media.serve(request, handler.file_path(request.path).lstrip("/"))

    monkeypatch.setattr(_MediaFilesHandler, "serve", serve)
    return asked


def test_a_reader_coming_back_to_an_issue_asks_for_none_of_its_pictures_again(
    live_server, chromium, media_served
):
    """Uploads have random names and are never rewritten, so a browser keeps them: going
    back to an issue from one of its articles asks the server for no picture again, not
    even whether it has changed."""
    issue = IssueFactory(published=True, cover_image=_photo(1000, 500, "cover.jpg"),
                         cover_image_alt="Partners at the launch")
    article = ArticleFactory(issue=issue, image=_photo(1000, 560), image_alt="A ward round")
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{issue.get_absolute_url()}", wait_until="networkidle")
        first = list(media_served)
        page.goto(f"{live_server.url}{article.get_absolute_url()}", wait_until="networkidle")
        time.sleep(1)  # long enough for a copy without a lifetime of its own to go stale
        before_return = len(media_served)
        page.goto(f"{live_server.url}{issue.get_absolute_url()}", wait_until="networkidle")
        shown = page.locator("main img").evaluate_all("imgs => imgs.map(img => img.complete)")
    finally:
        context.close()

    assert len(first) == 2, first  # the cover and the card's picture
    assert shown == [True, True]
    assert media_served[before_return:] == [], media_served
