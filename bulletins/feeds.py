"""Atom and RSS feeds of published articles: all bulletins, each publication, each topic."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.models import Tag

from bulletins.models import Article, Issue, Publication, tagged_with, with_topic_names
from icsportal.feeds import Atom
from icsportal.richtext import plain_summary

# Enough for a reader who checks weekly; older articles stay on the archive pages.
FEED_SIZE = 50
# The newest issues a topic feed looks in first (TopicFeed.items).
TOPIC_FEED_ISSUES = 100
# What an entry shows: no search document, none of the issue's long texts.
ENTRY_FIELDS = (
    "issue", "headline", "slug", "standfirst", "body", "updated_at", "issue__edition",
    "issue__publish_at", "issue__first_published_at", "issue__publication",
    "issue__publication__name", "issue__publication__slug",
)


class ArticleFeed(Feed):
    """All published articles, newest issue first: the base of the narrower feeds."""

    feed_type = Atom

    def title(self, obj):
        return f"{settings.ICS_NAME}: bulletins"

    def description(self, obj):
        return f"Every article in the published bulletins of the {settings.ICS_NAME}."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return reverse("bulletins:publication_list")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        # Filtered and ordered on the joined issue, the newest articles are read by
        # walking the published issues newest first on their index, and the walk stops
        # at FEED_SIZE: no subquery of the newest issues is needed to spare sorting every
        # article ever published (tests/perf/test_article_plans.py).
        return with_topic_names(self.newest(self.articles(obj)))

    @staticmethod
    def newest(articles):
        # Ordered by when the issue went public, so a newly published back issue is news.
        return list(
            articles
            .select_related("issue__publication")
            .only(*ENTRY_FIELDS)
            .order_by("-issue__publish_at", "-issue__edition", "position", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return plain_summary(item.standfirst, item.body, limit=400)

    def item_pubdate(self, item):
        issue = item.issue
        return issue.first_published_at or issue.publish_at

    def item_updateddate(self, item):
        # An article is often written before its issue goes out: updated is never earlier.
        return max(item.updated_at, self.item_pubdate(item))

    def item_author_name(self, item):
        # Articles carry no byline: the publication speaks for them.
        return item.issue.publication.name

    def item_categories(self, item):
        return item.topic_names


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

    def articles(self, obj):
        return Article.objects.published().filter(issue__publication=obj)


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

    def articles(self, obj):
        return Article.objects.in_public_issues().filter(pk__in=tagged_with(obj))

    def items(self, obj):
        # A common topic's newest articles lie in the newest TOPIC_FEED_ISSUES issues:
        # the articles of issues public since a time are exactly the start of the feed's
        # order, so those are sorted first, and the whole topic only when they hold too
        # few (a rare topic, or an archive of fewer issues than the window).
        articles = self.articles(obj)
        # Read first, not as a subquery: the planner must see the time to know that few
        # issues qualify, or it starts from the topic's every article again.
        since = (Issue.objects.published().order_by("-publish_at")
                 .values_list("publish_at", flat=True)[TOPIC_FEED_ISSUES - 1:TOPIC_FEED_ISSUES]
                 .first())
        recent = [] if since is None else self.newest(articles.filter(issue__publish_at__gte=since))
        return with_topic_names(recent if len(recent) == FEED_SIZE else self.newest(articles))
