"""Atom and RSS feeds of published articles: all bulletins, each publication, each topic."""

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from bulletins.models import Article, Issue, Publication, article_paths, topics_of
from icsportal.compiled import Compiled, planned_once
from icsportal.feeds import SiteFeed
from icsportal.richtext import plain_summary

# Enough for a reader who checks weekly; older articles stay on the archive pages.
FEED_SIZE = 50
# The newest issues a topic feed looks in first (TopicFeed.newest).
TOPIC_FEED_ISSUES = 100
# What an entry shows, read as plain values (SiteFeed): no search document, none of the
# issue's long texts.
ENTRY_FIELDS = (
    "pk", "headline", "slug", "standfirst", "body", "updated_at", "issue__edition",
    "issue__publish_at", "issue__first_published_at", "issue__publication__name",
    "issue__publication__slug",
)


def _newest(articles):
    # Filtered and ordered on the joined issue, the newest articles are read by walking
    # the published issues newest first on their index, and the walk stops at FEED_SIZE:
    # no subquery of the newest issues is needed to spare sorting every article ever
    # published (tests/perf/test_article_plans.py). Ordered by when the issue went
    # public, so a newly published back issue is news.
    return (articles.order_by("-issue__publish_at", "-issue__edition", "position", "pk")
            .values(*ENTRY_FIELDS)[:FEED_SIZE])


@planned_once
def _newest_articles(now):
    return _newest(Article.objects.published(now))


@planned_once
def _newest_of_publication(publication, now):
    return _newest(Article.objects.published(now).filter(issue__publication=publication))


def _newest_on_topic(tag, now):
    return _newest(Article.objects.on_topic(tag, now))  # in the feed's order, not the page's


def _newest_on_topic_since(tag, now, since):
    return _newest(Article.objects.on_topic(tag, now).filter(issue__publish_at__gte=since))


def _window_start(now):
    # When the TOPIC_FEED_ISSUES-th newest public issue went public.
    return (Issue.objects.published(now).order_by("-publish_at")
            .values_list("publish_at", flat=True)[TOPIC_FEED_ISSUES - 1:TOPIC_FEED_ISSUES])


# Compiled once (icsportal.compiled).
NEWEST_ARTICLES = Compiled(_newest_articles, now=datetime.datetime)
NEWEST_OF_PUBLICATION = Compiled(_newest_of_publication, publication=int, now=datetime.datetime)
NEWEST_ON_TOPIC = Compiled(_newest_on_topic, tag=int, now=datetime.datetime)
NEWEST_ON_TOPIC_SINCE = Compiled(_newest_on_topic_since, tag=int, now=datetime.datetime,
                                 since=datetime.datetime)
WINDOW_START = Compiled(_window_start, now=datetime.datetime)


class ArticleFeed(SiteFeed):
    """All published articles, newest issue first: the base of the narrower feeds."""

    def title(self, obj):
        return f"{settings.ICS_NAME}: bulletins"

    def description(self, obj):
        return f"Every article in the published bulletins of the {settings.ICS_NAME}."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return reverse("bulletins:publication_list")

    def entries(self, obj):
        rows = self.newest(obj, timezone.now())
        topics = topics_of([row["pk"] for row in rows])
        path = article_paths()
        for row in rows:
            row["path"] = path(row)
            row["topic_names"] = [name for _slug, name in topics[row["pk"]]]
        return rows

    def newest(self, obj, now):
        """The feed's FEED_SIZE newest articles, public at `now`."""
        return NEWEST_ARTICLES.run(now=now)

    def item_title(self, item):
        return item["headline"]

    def item_description(self, item):
        return plain_summary(item["standfirst"], item["body"], limit=400)

    def item_pubdate(self, item):
        return item["issue__first_published_at"] or item["issue__publish_at"]

    def item_author_name(self, item):
        # Articles carry no byline: the publication speaks for them.
        return item["issue__publication__name"]

    def item_categories(self, item):
        return item["topic_names"]


class PublicationFeed(ArticleFeed):
    """The published articles of one publication."""

    def get_object(self, request, publication):
        return get_object_or_404(Publication, slug=publication)

    def title(self, obj):
        return obj.name

    def description(self, obj):
        return obj.strapline or f"Every article of {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def newest(self, obj, now):
        return NEWEST_OF_PUBLICATION.run(publication=obj.pk, now=now)


class TopicFeed(ArticleFeed):
    """The published articles tagged with one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{settings.ICS_NAME}: {obj.name}"

    def description(self, obj):
        return f"Bulletin articles about {obj.name}."

    def link(self, obj):
        return reverse("bulletins:topic", args=[obj.slug])

    def newest(self, obj, now):
        # A common topic's newest articles lie in the newest TOPIC_FEED_ISSUES issues:
        # the articles of issues public since a time are exactly the start of the feed's
        # order, so those are sorted first, and the whole topic only when they hold too
        # few (a rare topic, or an archive of fewer issues than the window). The time is
        # read first, not as a subquery: the planner must see it to know that few issues
        # qualify, or it starts from the topic's every article again.
        since = WINDOW_START.first(now=now)
        recent = [] if since is None else NEWEST_ON_TOPIC_SINCE.run(tag=obj.pk, now=now,
                                                                    since=since)
        return recent if len(recent) == FEED_SIZE else NEWEST_ON_TOPIC.run(tag=obj.pk, now=now)
