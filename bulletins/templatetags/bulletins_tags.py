"""Bulletin fragments shown on other apps' pages (home, person, organisation)."""

from django import template

register = template.Library()


@register.simple_tag
def latest_issues():
    return ""


@register.simple_tag
def articles_about(person):
    return ""


@register.simple_tag
def articles_about_organisation(organisation):
    return ""
