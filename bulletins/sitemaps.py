"""Sitemap sections for the bulletins: the list page, archives, issues, articles and topics."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from bulletins.models import Article, Issue, Publication


def _published_issues():
    return Q(issues__status=Issue.Status.PUBLISHED, issues__publish_at__lte=timezone.now())


class BulletinListSitemap(Sitemap):
    """/bulletins/, which changes when an issue is published or edited."""

    def items(self):
        return ["bulletins:publication_list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        issues = Issue.objects.published()
        latest = issues.aggregate(updated=Max("updated_at"), published=Max("publish_at"))
        return max(filter(None, latest.values()), default=None)


class PublicationSitemap(Sitemap):
    """Each publication's archive, as new as its latest public issue."""

    def items(self):
        return Publication.objects.annotate(
            last_issue=Max("issues__publish_at", filter=_published_issues()),
        ).order_by("pk").only("slug", "updated_at")

    def lastmod(self, publication):
        return max(filter(None, [publication.updated_at, publication.last_issue]))


class IssueSitemap(Sitemap):
    def items(self):
        return Issue.objects.published().select_related("publication").order_by("pk")

    def lastmod(self, issue):
        return max(issue.updated_at, issue.publish_at)


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().order_by("pk")

    def lastmod(self, article):
        return max(article.updated_at, article.issue.publish_at)


class TopicSitemap(Sitemap):
    """Topic pages that list at least one published article."""

    def items(self):
        return (
            Article.objects.published().exclude(tags__slug=None)
            .values("tags__slug").annotate(lastmod=Max("updated_at"))
            .order_by("tags__slug")
        )

    def location(self, row):
        return reverse("bulletins:topic", args=[row["tags__slug"]])

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
