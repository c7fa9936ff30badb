"""The one HTML sanitiser for every rich-text field in every app.

CKEditor 5 produces HTML in the browser; nothing the browser sends is trusted. Each
stored fragment is cleaned on save (so the editor sees the cleaned result when the
form comes back) and again when rendered (so content stored before a rule tightened,
or written by a data migration, cannot slip through).
"""

import functools
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.request import split_domain_port, validate_host
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django_ckeditor_5.fields import CKEditor5Field

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "strong", "em", "b", "i", "a",
    "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "figure", "figcaption", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Images may only come from our own media folder (CKEditor uploads) or https.
URL_SCHEMES = {"http", "https", "mailto"}


def _filter_attribute(element, attribute, value):
    if element == "img" and attribute == "src":
        if value.startswith("https://"):
            return _own_upload_path(value) or value
        if not value.startswith(settings.MEDIA_URL):
            return None
    return value


def _own_upload_path(address):
    """The path of `address` when it is one of this site's uploads written out whole, as
    a browser copies a picture from a published page; else None."""
    parts = urlsplit(address)
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    domain, _port = split_domain_port(parts.netloc)
    if parts.path.startswith(settings.MEDIA_URL) and domain and validate_host(domain, hosts):
        return parts.path
    return None


_SOURCE = re.compile(r'<img\s[^>]*?\bsrc="([^"]*)"')


def pictures_from_elsewhere(html):
    """The addresses of the pictures in `html`, as it is stored, that are on another
    site: browsers will not show them on our pages, whose policy lets them load
    pictures from the site alone (docs/security.md)."""
    return [src for src in _SOURCE.findall(sanitize_html(html))
            if not src.startswith(settings.MEDIA_URL)]


def refuse_pictures_from_elsewhere(html):
    """A rich-text field's check: a picture linked from another site is refused with the
    address and what to do, rather than saved to show readers its alt text."""
    if addresses := pictures_from_elsewhere(html):
        raise ValidationError(
            "Pictures must be uploaded to this site: readers' browsers will not show "
            "one linked from another. Save a copy (if you may use it) and add it with "
            "the editor's Upload image button, or remove it. Linked: %(addresses)s",
            code="picture_elsewhere",
            params={"addresses": ", ".join(addresses)},
        )


# nh3 takes a refused address (pasted data, a file on the editor's computer, a script)
# off an <img> and keeps the element: a picture of nothing, and without alt text one a
# screen reader announces by its file name or not at all. nh3 writes every attribute it
# keeps with its value in double quotes, which it escapes within, so this finds them.
_IMAGE = re.compile(r'<img((?:\s[\w-]+="[^"]*")*)>')
_EMPTY_FIGURE = "<figure></figure>"


def _without_empty_images(html):
    if "<img" not in html:
        return html
    html = _IMAGE.sub(lambda tag: tag[0] if ' src="' in tag[1] else "", html)
    return html.replace(_EMPTY_FIGURE, "")


def sanitize_html(html):
    """Return `html` with everything outside the allow-list removed, and any picture
    whose address was refused with it."""
    if not html:
        return ""
    return _without_empty_images(nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )).strip()


class RichTextField(CKEditor5Field):
    """A CKEditor 5 field whose value is sanitised every time it is saved, and whose
    form refuses a picture linked from another site."""

    default_validators = [refuse_pictures_from_elsewhere]

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        # Migrations see a plain text column; the sanitiser is not a schema matter.
        name, path, args, kwargs = super().deconstruct()
        return name, "icsportal.richtext.RichTextField", args, kwargs


# The same fragments are rendered on every request for a page; keeping the cleaned
# result of the most recent ones skips nh3 for them (the key is the whole stored text,
# so any change to it is cleaned afresh). Worst case about 1,024 article bodies.
@functools.lru_cache(maxsize=1024)
def _sanitized_for_render(html):
    # A picture in the text comes below the page's opening (an article's own image, its
    # heading and standfirst), so the browser fetches it as the reader scrolls near it.
    # The attribute is added after the allow-list, which an editor's HTML never passes.
    return sanitize_html(html).replace("<img ", '<img loading="lazy" ')


def render_rich_text(html):
    """Sanitise again at render time and mark the result safe for templates."""
    # The value was sanitised on the line itself: this is the one place rich text is trusted.
    return mark_safe(_sanitized_for_render(html or ""))  # noqa: S308  # nosec


def plain_summary(*fragments, limit):
    """The first fragment with any text, as one line of plain text of at most `limit`
    characters, ending in "…" when cut: a meta description or a feed entry's summary.

    Cut by hand rather than with Truncator.chars, which looks at every character for
    combining marks (30 µs for a 400-character summary, 50 of them in a feed); a
    summary may then count a letter and its accent as two.
    """
    for fragment in fragments:
        plain = " ".join(strip_tags(fragment or "").split())
        if plain:
            return plain if len(plain) <= limit else f"{plain[:limit - 1]}…"
    return ""
