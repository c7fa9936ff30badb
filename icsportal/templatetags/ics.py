"""Site-wide template filters and tags: rich text, London times, page furniture."""

from django import template
from django.utils import timezone

from icsportal.richtext import render_rich_text

register = template.Library()


@register.filter
def rich(html):
    """Render stored rich text, sanitised again on the way out."""
    return render_rich_text(html)


@register.filter
def minutes_time(value):
    """A time as the minutes write it: '2.00 pm', '4.37 pm'."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}.{value.minute:02d} {suffix}"


@register.filter
def minutes_date(value):
    """A date as the minutes write it: 'Tuesday 22 February 2022'."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    return f"{value:%A} {value.day} {value:%B %Y}"


@register.simple_tag
def jsonld(data):
    """A schema.org JSON-LD block. The JSON is escaped as json_script escapes it, so no
    value can close the script element; browsers never execute this script type."""
    from django.utils.html import json_script
    from django.utils.safestring import mark_safe

    html = json_script(data)
    opening = '<script type="application/json">'
    # str.replace drops the SafeString mark; without it the block was escaped as text.
    return mark_safe(html.replace(opening, '<script type="application/ld+json">', 1))  # noqa: S308
