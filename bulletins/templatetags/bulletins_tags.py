"""Bulletin fragments shown on other apps' pages (home, person, organisation), and an
issue's links to the editions either side."""

import datetime
from urllib.parse import urlencode

from django import template
from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone

from bulletins.models import Article, Issue, article_lines
from icsportal.compiled import Compiled, planned_once
from icsportal.templatetags.ics import PageLink, prev_next

register = template.Library()

LATEST_ISSUES = 3
LATEST_BATCH = 12
LATEST_ISSUE_FIELDS = (
    "publication", "publication__name", "publication__slug", "edition", "issue_date",
    "period_label", "cover_headline", "status", "publish_at",
)
# A person or partner named in the bulletins for years gets the most recent articles
# and a link to search for the rest, so the page stays the same size as the archive grows.
ARTICLES_SHOWN = 10


def _issue_lines():
    """Issues with only what the home page's lines show of them."""
    return Issue.objects.select_related("publication").only(*LATEST_ISSUE_FIELDS)


@planned_once
def _newest_issues():
    return _issue_lines().order_by("-issue_date", "-edition")[:LATEST_BATCH]


# Compiled once (icsportal.compiled): the same statement on every home page.
NEWEST_ISSUES = Compiled(_newest_issues)


@register.inclusion_tag("bulletins/_latest_issues.html")
def latest_issues():
    # Read the newest few issues in index order and keep the public ones. Filtering on
    # status in SQL makes SQLite pick the (status, publish_at) index and sort every
    # published issue to find three; drafts and scheduled issues at the top are few,
    # and when a whole batch of them hides the public ones the filtered query runs.
    now = timezone.now()
    batch = NEWEST_ISSUES.run()
    issues = [issue for issue in batch if issue.is_public(now)][:LATEST_ISSUES]
    if len(issues) < LATEST_ISSUES and len(batch) == LATEST_BATCH:
        issues = list(_issue_lines().published(now)[:LATEST_ISSUES])
    return {"issues": issues}


def _recent(articles):
    # The window counts every matching article before the LIMIT: list and count in one query.
    return articles.for_list().annotate(total=Window(Count("pk")))[:ARTICLES_SHOWN]


@planned_once
def _about_person(person, now):
    return _recent(Article.objects.about(person=person, now=now))


@planned_once
def _about_organisation(organisation, now):
    return _recent(Article.objects.about(organisation=organisation, now=now))


# Compiled once (icsportal.compiled): the person's and the partner's pages run them.
ABOUT_PERSON = Compiled(_about_person, person=int, now=datetime.datetime)
ABOUT_ORGANISATION = Compiled(_about_organisation, organisation=int, now=datetime.datetime)


def _recent_articles(shown, name):
    total = shown[0]["total"] if shown else 0
    more_url = f"{reverse('search')}?{urlencode({'q': name, 'type': 'articles'})}"
    return {"articles": article_lines(shown), "total": total, "more": total > len(shown),
            "more_url": more_url, "name": name, "heading": "In the bulletins"}


@register.inclusion_tag("bulletins/_articles_about.html")
def articles_about(person):
    shown = ABOUT_PERSON.run(person=person.pk, now=timezone.now())
    return _recent_articles(shown, person.plain_name)


@register.inclusion_tag("bulletins/_articles_about.html")
def articles_about_organisation(organisation):
    shown = ABOUT_ORGANISATION.run(organisation=organisation.pk, now=timezone.now())
    return _recent_articles(shown, organisation.name)


@register.inclusion_tag("includes/prev_next.html")
def edition_links(publication, previous_edition=None, next_edition=None):
    """Links to the public issues either side of one (their edition numbers, or None)."""

    def link(edition):
        href = reverse("bulletins:issue", args=[publication.slug, edition])
        return PageLink(href, f"Issue {edition}")

    return prev_next(
        previous=link(previous_edition) if previous_edition else None,
        next=link(next_edition) if next_edition else None,
        unit="issue", label="Other issues",
    )
