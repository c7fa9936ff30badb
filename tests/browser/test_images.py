"""Article images: the browser downloads the rendition its screen needs, not the original."""

import io
import mimetypes
import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.bulletins.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo(width, height):
    """A JPEG with a photograph's kind of detail, so the renditions' bytes mean something."""
    rng = random.Random(6)
    small = Image.new("RGB", (width // 8, height // 8))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(small.width * small.height)])
    out = io.BytesIO()
    small.resize((width, height), Image.Resampling.BICUBIC).save(out, "JPEG", quality=85)
    return SimpleUploadedFile("ward.jpg", out.getvalue(), content_type="image/jpeg")


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


# (viewport width, device pixel ratio, rendition the browser should fetch)
SCREENS = [
    (360, 1, "480"),  # a basic phone: the 360 px column needs 360 pixels
    (390, 3, "1440"),  # a current phone: 390 px at 3× needs 1,170
    (412, 2, "960"),  # 412 px at 2× needs 824
    (1280, 1, "960"),  # desktop: the 640 px column needs 640
    (1280, 2, "1440"),  # desktop at 2× needs 1,280
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
        page.wait_for_function("document.querySelector('figure img').complete")
        shown = image.evaluate("img => new URL(img.currentSrc).pathname")
    finally:
        context.close()
    assert requested == [renditions[rendition]], (
        f"{width} px at {ratio}x fetched {requested}; renditions: {renditions}")
    assert shown == f"/media/{renditions[rendition]}"
    assert renditions["source"] not in requested
