"""Checks for every uploaded file: images are verified and re-encoded by Pillow,
PDFs must carry the PDF signature, and stored names are random.

A file's name and its declared content type are chosen by whoever uploads it, so
neither is believed: the type is read from the content. Re-encoding an image drops
anything that is not pixels (EXIF, including GPS positions, comments, colour profiles
and any payload hidden after the image data). What some of that said about the pixels
is applied to them first, so a photograph looks as its camera meant: turned upright
by its EXIF orientation, and its colours converted to sRGB from its profile.
"""

import io
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Pillow reads a JPEG that carries a second picture after the photograph (a phone's
# depth or HDR gain map, in an MPF segment) as MPO; it is stored as a JPEG of its
# first picture, the photograph.
STORED_AS = {"MPO": "JPEG"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
MAX_IMAGE_BYTES = getattr(settings, "ICSPORTAL_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_BYTES = getattr(settings, "ICSPORTAL_MAX_PDF_BYTES", 20 * 1024 * 1024)
# The widest an image is ever shown, on a 2x screen: a picture in an article's text, an
# article's image and an issue's cover are laid out at most 640 CSS pixels wide (the
# cover, two thirds of the page's 960); a portrait or a logo at 240 at most, a 3x
# screen's 720. An upload is stored no wider than its place needs, and the article's
# image and the cover have narrower renditions for smaller screens.
COLUMN_IMAGE_WIDTH = 1440
SMALL_IMAGE_WIDTH = 720


def clean_image(upload, max_width=None):
    """Return a new, re-encoded upload of `upload`, scaled down to `max_width` pixels
    wide if it is wider, or raise ValidationError."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            f"The image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB.", code="too_large"
        )
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if b"<svg" in head.lower() or b"<?xml" in head.lower():
        raise ValidationError("SVG images are not accepted.", code="svg")
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        fmt = STORED_AS.get(image.format, image.format)
        if fmt not in IMAGE_FORMATS:
            raise ValidationError(
                "Upload a JPEG, PNG, GIF or WebP image.", code="image_type"
            )
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise ValidationError("The image has too many pixels.", code="too_many_pixels")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError("The file is not a valid image.", code="invalid_image") from exc
    upload.seek(0)

    ImageOps.exif_transpose(image, in_place=True)
    image = _pixels_only(_fitted(_eight_bit(_in_srgb(image)), max_width))
    out = io.BytesIO()
    if fmt == "JPEG":
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        rgb.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "GIF":
        image.save(out, "GIF")
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, fmt)
    return SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{IMAGE_FORMATS[fmt]}",
        out.getvalue(),
        content_type=f"image/{IMAGE_FORMATS[fmt].replace('jpg', 'jpeg')}",
    )


def _in_srgb(image):
    """The image's pixels converted from its embedded colour profile to sRGB, which is
    what a browser assumes of an image without one (a wide-gamut photograph would look
    dull without the conversion). A profile littlecms cannot read is dropped unused."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _eight_bit(image):
    """A 16-bit grey PNG (a scan, an X-ray) in 8-bit greys: converted as it is, every
    value above 255 of 65,535 would be white."""
    if not image.mode.startswith("I"):
        return image
    return image.convert("I").point(lambda value: value / 256).convert("L")


def fitted(size, width, height=None):
    """The (width, height) an image of `size` has when scaled in proportion to `width`
    wide, or less to keep within `height`, and never larger than it is: for storing an
    upload, for its renditions and for laying it out."""
    own_width, own_height = size
    scale = min(1, width / own_width, height / own_height if height else 1)
    return max(1, round(own_width * scale)), max(1, round(own_height * scale))


def _fitted(image, max_width):
    """`image` scaled down in proportion to `max_width` pixels wide, if it is wider.
    A GIF's palette image is scaled by its nearest pixels, as Pillow scales any."""
    if max_width is None or image.width <= max_width:
        return image
    return image.resize(fitted(image.size, max_width), Image.Resampling.LANCZOS)


def _pixels_only(image):
    """`image` with nothing Pillow would write back but its pixels: JPEG and GIF
    comments, for one, are otherwise saved again from what was read."""
    kept = image.info.get("transparency")
    image.info = {} if kept is None else {"transparency": kept}
    return image


def clean_pdf(upload):
    """Return `upload` renamed at random if it is a PDF, or raise ValidationError."""
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            f"The document is larger than {MAX_PDF_BYTES // (1024 * 1024)} MB.", code="too_large"
        )
    upload.seek(0)
    signature = upload.read(8)
    upload.seek(0)
    # The signature must open the file: a page that merely mentions "%PDF-" is not one.
    if not re.fullmatch(rb"%PDF-\d\.\d", signature):
        raise ValidationError("The file is not a PDF document.", code="not_pdf")
    upload.name = f"{uuid.uuid4().hex}.pdf"
    return upload


@deconstructible
class RandomName:
    """upload_to callable: keeps the folder, replaces the name with a random one."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:6]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


class _CleanedImageFormField:
    """Mixin for form fields: hands the re-encoded image on instead of the upload."""

    def __init__(self, *args, max_width=None, **kwargs):
        self.max_width = max_width
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "content_type") and value is data:
            return clean_image(value, max_width=self.max_width)
        return value


def _image_form_field():
    from django import forms

    class CleanedImageFormField(_CleanedImageFormField, forms.ImageField):
        pass

    return CleanedImageFormField


def _pdf_form_field():
    from django import forms

    class CleanedPDFFormField(forms.FileField):
        def clean(self, data, initial=None):
            value = super().clean(data, initial)
            if value and value is data:
                return clean_pdf(value)
            return value

    return CleanedPDFFormField


class SafeImageField(models.ImageField):
    """An image column whose uploads are verified and re-encoded (see clean_image), and
    scaled down to `max_width` pixels wide if they are wider. The width is the form's
    business, not the column's: migrations do not carry it."""

    def __init__(self, *args, max_width=None, **kwargs):
        self.max_width = max_width
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": _image_form_field(), "max_width": self.max_width, **kwargs})


class SafePDFField(models.FileField):
    """A document column that accepts only PDFs (see clean_pdf)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": _pdf_form_field(), **kwargs})
