"""Uploads are believed by content only: re-encoded, size-limited, renamed, served inertly."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from icsportal import uploads
from icsportal.uploads import RandomName, clean_image, clean_pdf
from people.models import Person

RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|gif|webp|pdf)")
GPS_IFD = 0x8825


def jpeg_with_gps(payload=b""):
    image = Image.new("RGB", (40, 30), "navy")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:01:02 03:04:05"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (52.0, 38.0, 10.0), 3: "W", 4: (1.0, 8.0, 20.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue() + payload


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_test_image_really_carries_gps():
    exif = Image.open(io.BytesIO(jpeg_with_gps())).getexif()
    assert exif.get_ifd(GPS_IFD)[1] == "N"


def test_images_are_re_encoded_without_exif_or_gps():
    cleaned = clean_image(upload(jpeg_with_gps(), name="home-address.jpg"))
    data = cleaned.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (40, 30)
    assert dict(image.getexif()) == {}
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert RANDOM_NAME.fullmatch(cleaned.name)


def test_anything_hidden_after_the_image_data_is_dropped():
    cleaned = clean_image(upload(jpeg_with_gps(b"<script>alert(1)</script>")))
    assert b"<script>" not in cleaned.read()


@pytest.mark.parametrize("content, name", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg"),
    (b"GIF89a<html><script>alert(1)</script>", "photo.gif"),
    (b"%PDF-1.7\n%%EOF", "photo.jpg"),
    (b"", "empty.png"),
])
def test_what_is_not_a_raster_image_is_refused_whatever_its_name(content, name):
    with pytest.raises(ValidationError):
        clean_image(upload(content, name=name))


def test_svg_is_refused_with_its_own_message():
    with pytest.raises(ValidationError, match="SVG images are not accepted"):
        clean_image(upload(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="a.svg"))


def test_oversized_images_are_refused_before_they_are_decoded():
    big = upload(b"\xff\xd8" + b"\0" * uploads.MAX_IMAGE_BYTES, name="big.jpg")
    with pytest.raises(ValidationError, match="larger than 5 MB"):
        clean_image(big)


def test_images_with_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_image(upload(jpeg_with_gps()))


def test_pdfs_must_open_with_the_pdf_signature():
    cleaned = clean_pdf(upload(b"%PDF-1.7\n1 0 obj\n%%EOF\n", "papers.pdf", "application/pdf"))
    assert RANDOM_NAME.fullmatch(cleaned.name)
    for fake in [b"<html>%PDF-1.7</html>", b"PK\x03\x04 word document", b"%PDF-x"]:
        with pytest.raises(ValidationError, match="not a PDF"):
            clean_pdf(upload(fake, "papers.pdf", "application/pdf"))


def test_oversized_pdfs_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 10)
    with pytest.raises(ValidationError, match="larger than"):
        clean_pdf(upload(b"%PDF-1.7\n" + b"x" * 20, "papers.pdf", "application/pdf"))


def test_stored_names_are_random_and_keep_only_the_folder():
    names = {RandomName("people")(None, "../../etc/Jane Smith home.JPG") for _ in range(3)}
    assert len(names) == 3
    for name in names:
        folder, file = name.split("/")
        assert folder == "people" and RANDOM_NAME.fullmatch(file)


def test_a_photo_uploaded_in_the_admin_is_stored_re_encoded_under_a_random_name(
    client, press_user, media
):
    client.force_login(press_user)
    response = client.post("/admin/people/person/add/", {
        "family_name": "Fox", "slug": "fox", "photo_alt": "",
        "photo": upload(jpeg_with_gps(), name="jane-fox-at-home.jpg"),
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:1000]
    photo = Person.objects.get(slug="fox").photo
    assert re.fullmatch(r"people/[0-9a-f]{32}\.jpg", photo.name)
    assert dict(Image.open(media / photo.name).getexif()) == {}


def test_the_admin_refuses_a_disguised_photo_and_keeps_what_was_typed(client, press_user, media):
    client.force_login(press_user)
    response = client.post("/admin/people/person/add/", {
        "family_name": "Fox", "slug": "fox",
        "photo": upload(b"<html><script>alert(1)</script></html>", name="fox.jpg"),
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert 'value="Fox"' in response.content.decode()
    assert not Person.objects.exists()
    assert list(media.rglob("*")) == []


def test_the_editor_upload_endpoint_turns_away_anonymous_visitors(client, media):
    response = client.post("/admin/ckeditor5/upload/", {"upload": upload(jpeg_with_gps())})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert list(media.rglob("*")) == []


def test_the_editor_upload_endpoint_turns_away_signed_in_non_staff(client, media, db):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("member", password="x"))
    response = client.post("/admin/ckeditor5/upload/", {"upload": upload(jpeg_with_gps())})
    assert response.status_code == 302
    assert list(media.rglob("*")) == []


def test_the_editor_upload_endpoint_stores_a_clean_image_for_staff(client, editor_user, media):
    client.force_login(editor_user)
    response = client.post("/admin/ckeditor5/upload/", {"upload": upload(jpeg_with_gps())})
    assert response.status_code == 200
    url = response.json()["url"]
    assert re.fullmatch(r"/media/uploads/[0-9a-f]{32}\.jpg", url)
    stored = media / url.removeprefix("/media/")
    assert dict(Image.open(stored).getexif()) == {}


def test_the_editor_upload_endpoint_rejects_what_is_not_an_image(client, editor_user, media):
    client.force_login(editor_user)
    response = client.post("/admin/ckeditor5/upload/", {
        "upload": upload(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
                         name="x.png"),
    })
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "SVG images are not accepted."
    assert list(media.rglob("*")) == []


def test_the_editor_upload_endpoint_refuses_get(client, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/ckeditor5/upload/").status_code == 405


@pytest.mark.parametrize("fmt, name", [("JPEG", "photo.jpg"), ("GIF", "photo.gif")])
def test_comments_in_an_image_are_dropped(fmt, name):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, fmt, comment=b"Taken at 4 Elm Road")

    data = clean_image(upload(out.getvalue(), name=name)).read()
    assert b"Elm Road" not in data
    assert "comment" not in Image.open(io.BytesIO(data)).info
