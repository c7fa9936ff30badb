"""Governance fragments shown on other apps' pages (home, person, organisation)."""

from django import template

register = template.Library()


@register.simple_tag
def upcoming_meetings():
    return ""


@register.simple_tag
def meetings_attended(person):
    return ""


@register.simple_tag
def boards_of(organisation):
    return ""
