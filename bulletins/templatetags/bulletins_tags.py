"""Bulletin fragments shown on other apps' pages (home, person, organisation)."""

from urllib.parse import urlencode

from django import template
from django.db.models import Count, Window
from django.urls import reverse

from bulletins.models import Article, Issue, with_urls

register = template.Library()

LATEST_ISSUES = 3
# A person or partner named in the bulletins for years gets the most recent articles
# and a link to search for the rest, so the page stays the same size as the archive grows.
ARTICLES_SHOWN = 10


@register.inclusion_tag("bulletins/_latest_issues.html")
def latest_issues():
    issues = Issue.objects.published().select_related("publication")[:LATEST_ISSUES]
    return {"issues": list(issues)}


def _recent_articles(articles, name):
    # The window counts every matching article before the LIMIT: list and count in one query.
    shown = list(articles.for_list().annotate(total=Window(Count("pk")))[:ARTICLES_SHOWN])
    with_urls(shown)
    total = shown[0].total if shown else 0
    more_url = f"{reverse('search')}?{urlencode({'q': name, 'type': 'articles'})}"
    return {"articles": shown, "total": total, "more": total > len(shown),
            "more_url": more_url, "name": name, "heading": "In the bulletins"}


@register.inclusion_tag("bulletins/_articles_about.html")
def articles_about(person):
    return _recent_articles(Article.objects.about(person=person), person.plain_name)


@register.inclusion_tag("bulletins/_articles_about.html")
def articles_about_organisation(organisation):
    return _recent_articles(Article.objects.about(organisation=organisation), organisation.name)
