"""Photographs from phones and cameras are stored as they look: upright, in their
colours, and accepted when the phone adds a second picture to the JPEG."""

import importlib
import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bulletins.models import Article, Issue
from icsportal.uploads import clean_image
from people.models import Person
from tests.bulletins.factories import IssueFactory
from tests.bulletins.test_admin import _article_form, _issue_form

ORIENTATION = 0x0112
RED, BLUE = (255, 0, 0), (0, 0, 255)


def _upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _stored(cleaned):
    return Image.open(io.BytesIO(cleaned.read()))


def _near(pixel, colour, within=12):
    return all(abs(a - b) <= within for a, b in zip(pixel[:3], colour, strict=True))


def _sideways_photo(size=(80, 60)):
    """A landscape JPEG, left half red and right half blue, whose EXIF orientation (6)
    tells a viewer to turn it a quarter clockwise: a phone held upright writes this."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_a_photo_is_turned_upright_by_its_orientation_before_the_exif_goes():
    stored = _stored(clean_image(_upload(_sideways_photo())))
    assert stored.size == (60, 80)
    assert dict(stored.getexif()) == {}
    # Turned a quarter clockwise, the left half is now on top.
    assert _near(stored.getpixel((30, 10)), RED)
    assert _near(stored.getpixel((30, 70)), BLUE)


def _phone_jpeg_with_a_depth_map():
    photograph = Image.new("RGB", (40, 30), RED)
    depth_map = Image.new("RGB", (40, 30), BLUE)
    out = io.BytesIO()
    photograph.save(out, "MPO", save_all=True, append_images=[depth_map])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    return out.getvalue()


def test_a_phone_jpeg_with_a_second_picture_is_stored_as_a_jpeg_of_the_first():
    stored = _stored(clean_image(_upload(_phone_jpeg_with_a_depth_map())))
    assert stored.format == "JPEG"
    assert getattr(stored, "n_frames", 1) == 1
    assert _near(stored.getpixel((20, 15)), RED)


def test_a_16_bit_grey_png_keeps_its_greys():
    out = io.BytesIO()
    scan = Image.new("I;16", (40, 30), 30_000)
    scan.paste(0, (20, 0, 40, 30))  # mid grey on the left, black on the right
    scan.save(out, "PNG")

    stored = _stored(clean_image(_upload(out.getvalue(), name="scan.png",
                                         content_type="image/png")))
    assert stored.mode == "L"
    assert stored.getpixel((5, 15)) == 30_000 // 256
    assert stored.getpixel((35, 15)) == 0


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("P", (20, 20), index) for index in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    stored = _stored(clean_image(_upload(out.getvalue(), name="waves.gif",
                                         content_type="image/gif")))
    assert stored.format == "GIF"
    assert getattr(stored, "n_frames", 1) == 1


def _icc_profile_with_red_and_blue_swapped():
    """An ICC v2 RGB profile with sRGB's primaries, red's and blue's exchanged: a pixel
    tagged with it that reads (255, 0, 0) is blue. Built here since Pillow makes no
    profile but sRGB's."""
    def s15(value):
        return struct.pack(">i", round(value * 65536))

    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + s15(x) + s15(y) + s15(z)

    gamma = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + bytes(2)
    tags = [
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)),  # sRGB's blue, D50
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red
        (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    size = offset + len(data)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000)
              + b"mntrRGB XYZ " + bytes(12) + b"acsp" + bytes(24) + struct.pack(">I", 0)
              + s15(0.9642) + s15(1.0) + s15(0.8249))
    header += bytes(128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


@pytest.mark.parametrize("fmt, name", [("PNG", "photo.png"), ("JPEG", "photo.jpg")])
def test_colours_are_converted_from_the_photo_profile_to_srgb_and_the_profile_dropped(
    fmt, name
):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), RED).save(
        out, fmt, icc_profile=_icc_profile_with_red_and_blue_swapped())

    stored = _stored(clean_image(_upload(out.getvalue(), name=name)))
    assert "icc_profile" not in stored.info
    assert _near(stored.getpixel((20, 15)), BLUE)


def test_a_profile_that_cannot_be_read_is_dropped_and_the_pixels_kept():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), RED).save(out, "PNG", icc_profile=b"not a colour profile")

    stored = _stored(clean_image(_upload(out.getvalue(), name="photo.png")))
    assert "icc_profile" not in stored.info
    assert stored.getpixel((20, 15)) == RED


def _person_photo_added(client, user, photo):
    """The stored name of `photo` (bytes), uploaded with a new person in the admin."""
    client.force_login(user)
    response = client.post(reverse("admin:people_person_add"), {
        "family_name": "Fox", "slug": "fox", "photo_alt": "Jane Fox",
        "photo": _upload(photo, name="IMG_0412.JPG"),
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    return Person.objects.get(slug="fox").photo.name


@pytest.mark.django_db
def test_the_admin_takes_a_phone_jpeg_with_a_second_picture(client, press_user, media):
    name = _person_photo_added(client, press_user, _phone_jpeg_with_a_depth_map())
    assert name.endswith(".jpg")
    assert Image.open(media / name).format == "JPEG"


@pytest.mark.django_db
def test_an_upright_article_photo_has_upright_renditions(client, press_user, media):
    client.force_login(press_user)
    issue = IssueFactory()
    data = _article_form(issue, image=_upload(_sideways_photo((1200, 900)), name="ward.jpg"),
                         image_alt="A nurse on a ward round")
    response = client.post(reverse("admin:bulletins_article_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert (article.image_width, article.image_height) == (900, 1200)
    rendition = Image.open(media / article.image_renditions["480"])
    assert rendition.size == (480, 640)
    assert _near(rendition.getpixel((240, 100)), RED)


def _photo_of(size):
    out = io.BytesIO()
    Image.new("RGB", size, RED).save(out, "JPEG")
    return out.getvalue()


def test_an_image_narrower_than_its_limit_keeps_its_size():
    stored = _stored(clean_image(_upload(_photo_of((300, 200))), max_width=720))
    assert stored.size == (300, 200)


@pytest.mark.django_db
def test_a_portrait_is_stored_no_wider_than_it_is_ever_shown(client, press_user, media):
    name = _person_photo_added(client, press_user, _photo_of((3000, 4000)))
    assert Image.open(media / name).size == (720, 960)


def _issue_with_cover(client, user, cover):
    client.force_login(user)
    issue = IssueFactory()
    data = _issue_form(issue, cover_image=_upload(cover, name="cover.jpg"),
                       cover_image_alt="The new health centre")
    response = client.post(reverse("admin:bulletins_issue_change", args=[issue.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    issue.refresh_from_db()
    return issue


@pytest.mark.django_db
def test_an_issue_cover_is_stored_no_wider_than_the_page_needs(client, editor_user, media):
    issue = _issue_with_cover(client, editor_user, _photo_of((4000, 2000)))
    assert Image.open(media / issue.cover_image.name).size == (1440, 720)


@pytest.mark.django_db
def test_an_issue_cover_is_shown_in_the_size_each_screen_needs(client, editor_user, media):
    issue = _issue_with_cover(client, editor_user, _photo_of((4000, 2000)))
    renditions = issue.cover_image_renditions
    for width, height in [(480, 240), (960, 480)]:
        assert Image.open(media / renditions[str(width)]).size == (width, height)
    assert "1440" not in renditions  # the stored cover is itself that wide

    html = client.get(issue.get_preview_url()).content.decode()  # the issue page's template
    srcset = ", ".join([f"/media/{renditions[width]} {width}w" for width in ("480", "960")]
                       + [f"/media/{issue.cover_image.name} 1440w"])
    assert f'srcset="{srcset}"' in html
    assert 'width="1440" height="720"' in html


@pytest.mark.django_db
def test_covers_uploaded_before_renditions_get_them_when_the_site_migrates(
    client, editor_user, media
):
    from django.apps import apps

    migration = importlib.import_module("bulletins.migrations.0007_issue_cover_renditions")
    issue = _issue_with_cover(client, editor_user, _photo_of((1000, 500)))
    Issue.objects.filter(pk=issue.pk).update(cover_image_renditions={})
    missing = IssueFactory(cover_image="bulletins/covers/gone.jpg")

    migration.make_cover_renditions(apps, None)

    issue.refresh_from_db()
    assert issue.cover_image_renditions["size"] == [1000, 500]
    assert Image.open(media / issue.cover_image_renditions["480"]).size == (480, 240)
    missing.refresh_from_db()
    assert missing.cover_image_renditions == {}


@pytest.mark.django_db
def test_a_picture_in_an_article_s_text_is_stored_no_wider_than_the_column_needs(
    client, editor_user, media
):
    client.force_login(editor_user)
    response = client.post("/admin/ckeditor5/upload/",
                           {"upload": _upload(_photo_of((3000, 2000)))})

    assert response.status_code == 200
    stored = media / response.json()["url"].removeprefix("/media/")
    assert Image.open(stored).size == (1440, 960)
