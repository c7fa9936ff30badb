"""Bulletin fragments shown on other apps' pages (home, person, organisation)."""

from django import template

from bulletins.models import Article, Issue

register = template.Library()

LATEST_ISSUES = 3


@register.inclusion_tag("bulletins/_latest_issues.html")
def latest_issues():
    issues = Issue.objects.published().select_related("publication")[:LATEST_ISSUES]
    return {"issues": list(issues)}


@register.inclusion_tag("bulletins/_articles_about.html")
def articles_about(person):
    return {"articles": list(Article.objects.about(person=person)),
            "heading": "In the bulletins"}


@register.inclusion_tag("bulletins/_articles_about.html")
def articles_about_organisation(organisation):
    return {"articles": list(Article.objects.about(organisation=organisation)),
            "heading": "In the bulletins"}
