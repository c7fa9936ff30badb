"""Narrower copies of an uploaded image, for `srcset`, made when its record is saved.

Each record keeps them in a JSON field beside the image: {"source": the image's name,
"size": [width, height], "480": the 480 pixels wide copy's name, …}. A page writes the
picture's `srcset`, `width` and `height` from that record alone, without opening the
file or asking the storage for anything.
"""

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from PIL import Image

from icsportal.uploads import COLUMN_IMAGE_WIDTH, fitted

# An article's image and an issue's cover, laid out up to 640 CSS pixels wide: the widest
# is that at 2x (COLUMN_IMAGE_WIDTH).
PICTURE_WIDTHS = (480, 960, COLUMN_IMAGE_WIDTH)
# A portrait or a logo, laid out at 160 or 240 CSS pixels and stored at most 720 wide
# (SMALL_IMAGE_WIDTH), which serves a 3x screen.
SMALL_WIDTHS = (240, 480)


def make_renditions(field_file, widths=PICTURE_WIDTHS):
    """Save narrower copies of an image beside it; return {"source": name, "size":
    [width, height], "480": name, …}."""
    renditions = {"source": field_file.name}
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            original.load()
            renditions["size"] = list(original.size)
            fmt = original.format or "JPEG"
            stem = PurePath(field_file.name)
            for width in widths:
                if width >= original.width:
                    break
                copy = original.resize(fitted(original.size, width), Image.Resampling.LANCZOS)
                if fmt == "JPEG" and copy.mode not in ("RGB", "L"):
                    copy = copy.convert("RGB")
                out = io.BytesIO()
                copy.save(out, fmt)
                name = f"{stem.parent}/{stem.stem}-{width}{stem.suffix}"
                renditions[str(width)] = field_file.storage.save(name, ContentFile(out.getvalue()))
    finally:
        field_file.close()
    return renditions


def keep_renditions(instance, field, renditions_field, widths=PICTURE_WIDTHS):
    """After a save: make the renditions of `instance`'s image `field` if it is new, or
    forget them if it has gone, and store them without saving the rest again."""
    image, renditions = getattr(instance, field), getattr(instance, renditions_field)
    if image and renditions.get("source") != image.name:
        try:
            renditions = make_renditions(image, widths)
        except OSError:  # not in this machine's media (a copy of the database): none yet
            return
    elif not image and renditions:
        renditions = {}
    else:
        return
    setattr(instance, renditions_field, renditions)
    type(instance).objects.filter(pk=instance.pk).update(**{renditions_field: renditions})


def shared_copy(image, renditions, width=COLUMN_IMAGE_WIDTH):
    """(address, [width, height] or None) of the copy of `image` to name to social sites
    and search engines: its `width` rendition when it has one, since a link preview
    fetches the picture whole and some refuse a large one, else the image itself."""
    size = renditions.get("size")
    if size and str(width) in renditions:
        return image.storage.url(renditions[str(width)]), list(fitted(size, width))
    return image.url, size


def image_srcset(image, renditions, width=None):
    """'url 480w, url 960w, …' from an image's stored renditions and its own width, with
    no storage access."""
    if not image:
        return ""
    storage = image.storage
    widths = sorted((int(key), name) for key, name in renditions.items() if key.isdigit())
    entries = [f"{storage.url(name)} {key}w" for key, name in widths]
    if width:
        entries.append(f"{image.url} {width}w")
    return ", ".join(entries)
