"""Site-wide template filters and tags: rich text, London times, page furniture."""

from typing import NamedTuple

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from icsportal.context_processors import site_names
from icsportal.dates import date_words, time_words
from icsportal.renditions import image_srcset
from icsportal.richtext import render_rich_text
from icsportal.uploads import fitted

register = template.Library()


@register.filter
def rich(html):
    """Render stored rich text, sanitised again on the way out."""
    return render_rich_text(html)


@register.filter
def minutes_time(value):
    """A time, or a datetime in London time, as the minutes write it: '2.00 pm', '4.37 pm'."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value)
    return time_words(value)


@register.filter
def minutes_date(value):
    """A date, or a datetime's London date, as the minutes write it: 'Tuesday 22 February
    2022'."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    return date_words(value)


@register.simple_tag
def small_picture(image, renditions, alt, width, height=None, css="ics-portrait"):
    """A portrait or a logo laid out `width` CSS pixels wide (less to keep within
    `height`, or if the image itself is narrower), with its renditions in `srcset` and
    the height its shape gives, all from its renditions' record without storage access.
    Before the record knows the image's size (its file not on this machine) only the
    width is written."""
    if not image:
        return ""
    size = renditions.get("size")
    if not size:
        return format_html('<img class="{}" src="{}" alt="{}" width="{}">',
                           css, image.url, alt, width)
    shown_width, shown_height = fitted(size, width, height)
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="{}px" alt="{}" width="{}" height="{}">',
        css, image.url, image_srcset(image, renditions, size[0]), shown_width, alt,
        shown_width, shown_height,
    )


@register.simple_tag
def jsonld(data):
    """A schema.org JSON-LD block. The JSON is escaped as json_script escapes it, so no
    value can close the script element; browsers never execute this script type."""
    from django.utils.html import json_script

    html = json_script(data)
    opening = '<script type="application/json">'
    # str.replace drops json_script's safe marking; the content is still escaped JSON.
    return mark_safe(html.replace(opening, '<script type="application/ld+json">', 1))  # noqa: S308  # nosec B308 B703: json_script escaped every value


@register.inclusion_tag("includes/social_meta.html")
def social_meta(title, description, url, kind="website", image="", image_size=None,
                image_alt="", preview=False, data=None):
    """A page's Open Graph tags (`url` and `image` absolute, `image` "" for none; the
    image's [width, height] when known, which lets a site show it the first time the
    page is shared, and its description), a robots line for a preview, and its JSON-LD
    `data` when it has some."""
    return {
        **site_names(), "title": title, "description": description, "url": url,
        "kind": kind, "image": image, "image_size": image_size, "image_alt": image_alt,
        "preview": preview, "data": data,
    }


class PageLink(NamedTuple):
    """One of the previous/next links of includes/prev_next.html."""

    href: str
    text: str


def query_href(query, param, value):
    """`?query&param=value`: another page of a list, keeping its filters (`query`,
    already URL-encoded, without the paging parameter)."""
    return f"?{query}&{param}={value}" if query else f"?{param}={value}"


def prev_next(previous=None, next=None, unit="page", label="Pagination"):  # noqa: A002
    """The context of includes/prev_next.html."""
    return {"previous": previous, "next": next, "unit": unit, "label": label}


@register.inclusion_tag("includes/prev_next.html")
def page_links(page, query=""):
    """Previous and next for a numbered page of a list, keeping `query`: a Paginator page
    says "Page 2 of 9", an uncounted one (icsportal.pagination.UncountedPage) "Page 2"."""
    paginator = getattr(page, "paginator", None)
    of = f" of {paginator.num_pages}" if paginator else ""

    def link(number):
        return PageLink(query_href(query, "page", number), f"Page {number}{of}")

    return prev_next(
        previous=link(page.previous_page_number()) if page.has_previous() else None,
        next=link(page.next_page_number()) if page.has_next() else None,
    )


@register.tag
def once(parser, token):
    """`{% once %}…{% endonce %}`: markup that is the same on every page (the stylesheet
    links, the footer), rendered at its first use and kept by the compiled template.

    Its body sees the site's names (`ics_name`, `ics_short_name`) and nothing else, so
    no value of one request can be kept for the next: a name from a page's context is
    a blank there, not the first reader's. With DEBUG on it is rendered every time.
    """
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'once' takes no arguments")
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)


class OnceNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = None

    def render(self, context):
        if self.rendered is None or settings.DEBUG:
            # A thread that renders it at the same time writes the same text.
            self.rendered = self.nodelist.render(context.new(site_names()))
        return self.rendered
