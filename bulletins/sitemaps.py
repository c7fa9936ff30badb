"""Sitemap sections for the bulletins: the list pages, archives, issues, articles and
topics."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from bulletins.models import Article, Issue, Publication
from icsportal.sitemaps import KeyedSitemap, newest


def latest_issue_change():
    """When a public issue last changed or went public: the date of /bulletins/ and of
    the issues' section alike."""
    return newest(Issue.objects.published(), "updated_at", "publish_at")


class BulletinListSitemap(Sitemap):
    """/bulletins/, which changes when an issue is published or edited, and /topics/,
    when an article is edited or goes public (its topics with it)."""

    def items(self):
        return ["bulletins:publication_list", "bulletins:topic_list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "bulletins:topic_list":
            return ArticleSitemap().get_latest_lastmod()
        return latest_issue_change()


class PublicationSitemap(Sitemap):
    """Each publication's archive, as new as its latest public issue."""

    def items(self):
        latest = Issue.objects.published().filter(publication=OuterRef("pk"))
        return Publication.objects.annotate(
            last_issue=Subquery(latest.order_by("-publish_at").values("publish_at")[:1]),
        ).order_by("pk").only("slug", "updated_at")

    def lastmod(self, publication):
        return max(filter(None, [publication.updated_at, publication.last_issue]))


class IssueSitemap(KeyedSitemap):
    def items(self):
        return Issue.objects.published().select_related("publication").only(
            "edition", "updated_at", "publish_at", "publication__slug")

    def lastmod(self, issue):
        return max(issue.updated_at, issue.publish_at)

    def get_latest_lastmod(self):
        return latest_issue_change()


class ArticleSitemap(KeyedSitemap):
    def items(self):
        return Article.objects.published().only(
            "slug", "updated_at", "issue__edition", "issue__publish_at",
            "issue__publication__slug")

    def lastmod(self, article):
        return max(article.updated_at, article.issue.publish_at)

    def get_latest_lastmod(self):
        # The newest public issue with an article, walked on its own index: ordering the
        # articles by their issue's date left that walk to the planner.
        issues = Issue.objects.published().filter(
            Exists(Article.objects.filter(issue=OuterRef("pk"))))
        latest = [newest(Article.objects.in_public_issues(), "updated_at"),
                  newest(issues, "publish_at")]
        return max(filter(None, latest), default=None)


class TopicSitemap(Sitemap):
    """Topic pages that list at least one published article, each as new as the latest
    change to one of its articles: one query, each topic's newest change found on the
    articles' `updated_at` index rather than by reading every article of the topic."""

    def items(self):
        tagged = TaggedItem.objects.filter(
            tag=OuterRef(OuterRef("pk")), content_type=ContentType.objects.get_for_model(Article),
        ).values("object_id")
        latest = (Article.objects.in_public_issues().filter(pk__in=tagged)
                  .order_by("-updated_at").values("updated_at")[:1])
        return (Tag.objects.annotate(lastmod=Subquery(latest)).filter(lastmod__isnull=False)
                .order_by("slug").values("slug", "lastmod"))

    def location(self, row):
        return reverse("bulletins:topic", args=[row["slug"]])

    def lastmod(self, row):
        return row["lastmod"]


SITEMAPS = {
    "bulletins-pages": BulletinListSitemap(),
    "publications": PublicationSitemap(),
    "issues": IssueSitemap(),
    "articles": ArticleSitemap(),
    "topics": TopicSitemap(),
}
# Staff previews of unpublished issues and articles (they answer 404 to anyone else).
ROBOTS_DISALLOW = ["/bulletins/preview/"]
