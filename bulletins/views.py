"""Public bulletin pages, and the staff preview that renders the same templates."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from bulletins.models import Article, Issue, Publication, with_urls
from icsportal.compiled import Compiled
from icsportal.pagination import UncountedPage
from icsportal.paths import path_maker
from icsportal.richtext import plain_summary

ARCHIVE_PAGE_SIZE = 12
TOPIC_PAGE_SIZE = 20


def _crumbs(publication=None, issue=None):
    crumbs = [("Bulletins", reverse("bulletins:publication_list"))]
    if publication:
        crumbs.append((publication.name, publication.get_absolute_url()))
    if issue:
        crumbs.append((f"Issue {issue.edition}", issue.get_absolute_url()))
    return crumbs


def _publisher(request):
    return {"@type": "Organization", "name": settings.ICS_NAME,
            "url": request.build_absolute_uri("/")}


def publication_list(request):
    # Each publication's newest issue is one seek on the issue_public_archive index, so the
    # page costs two queries however many issues the archive holds.
    newest = Issue.objects.published().filter(publication=OuterRef("pk")).order_by(
        "-issue_date", "-edition"
    )
    publications = list(Publication.objects.annotate(
        latest_issue_id=Subquery(newest.values("pk")[:1])
    ))
    latest = Issue.objects.only("edition", "issue_date", "period_label", "cover_headline").in_bulk(
        [p.latest_issue_id for p in publications if p.latest_issue_id]
    )
    for publication in publications:
        publication.latest_issue = latest.get(publication.latest_issue_id)
        if publication.latest_issue:
            publication.latest_issue.publication = publication  # its URL needs the slug
    jsonld = {
        "@context": "https://schema.org", "@type": "CollectionPage", "name": "Bulletins",
        "url": request.build_absolute_uri(reverse("bulletins:publication_list")),
        "hasPart": [{"@type": "Periodical", "name": p.name,
                     "url": request.build_absolute_uri(p.get_absolute_url())}
                    for p in publications],
    }
    return render(request, "bulletins/publication_list.html",
                  {"publications": publications, "jsonld_data": jsonld})


def publication_detail(request, publication):
    publication = get_object_or_404(Publication, slug=publication)
    # The page's ids come off the issue_public_archive index alone, however deep the
    # page; selecting the shown columns directly makes SQLite sort every public issue.
    ids = Issue.objects.published().filter(publication=publication).values("pk")
    page = Paginator(ids, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(Issue.objects.filter(pk__in=page.object_list).only(
        "publication", "edition", "issue_date", "period_label", "cover_headline"
    ))
    path = path_maker("bulletins:issue", 2)
    for issue in page.object_list:
        issue.publication = publication
        issue.url = path(publication.slug, issue.edition)
    jsonld = {
        "@context": "https://schema.org", "@type": "Periodical", "name": publication.name,
        "description": publication.strapline,
        "url": request.build_absolute_uri(publication.get_absolute_url()),
        "publisher": _publisher(request),
    }
    return render(request, "bulletins/publication_detail.html", {
        "publication": publication, "page": page, "crumbs": _crumbs(), "jsonld_data": jsonld,
    })


def _render_issue(request, issue, preview=False):
    articles = issue.contents()
    title = f"{issue.publication.name} issue {issue.edition}, {issue.date_label}"
    canonical_url = request.build_absolute_uri(issue.get_absolute_url())
    description = plain_summary(issue.cover_headline and f"{title}: {issue.cover_headline}", title,
                                limit=200)
    jsonld = {
        "@context": "https://schema.org", "@type": "PublicationIssue",
        "name": issue.cover_headline or title, "issueNumber": str(issue.edition),
        "datePublished": issue.issue_date.isoformat(), "url": canonical_url,
        "isPartOf": {"@type": "Periodical", "name": issue.publication.name},
        "hasPart": [{"@type": "NewsArticle", "headline": a.headline} for a in articles],
    }
    return render(request, "bulletins/issue_detail.html", {
        "issue": issue, "publication": issue.publication, "articles": articles,
        "previous_edition": issue.previous_edition, "next_edition": issue.next_edition,
        "preview": preview,
        "page_title": title, "description": description, "canonical_url": canonical_url,
        "og_image": issue.cover_image and request.build_absolute_uri(issue.cover_image.url),
        "jsonld_data": jsonld, "crumbs": _crumbs(issue.publication),
    })


def _public_issue(publication, edition, now):
    return Issue.objects.published(now).for_page(now).filter(
        publication__slug=publication, edition=edition,
    )


# Compiled once (icsportal.compiled), as the article's below.
PUBLIC_ISSUE = Compiled(_public_issue, publication=str, edition=int, now=datetime.datetime)


def issue_detail(request, publication, edition):
    # At most one: one_issue_per_edition.
    issue = PUBLIC_ISSUE.first(publication=publication, edition=edition, now=timezone.now())
    if issue is None:
        raise Http404("No public issue at this address.")
    return _render_issue(request, issue)


def _article_jsonld(request, article, extras, canonical_url, image_url):
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": article.headline[:110], "url": canonical_url,
        "mainEntityOfPage": canonical_url,
        "datePublished": (article.issue.first_published_at or article.issue.issue_date).isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": str(article.issue.edition),
                     "isPartOf": {"@type": "Periodical", "name": article.issue.publication.name}},
        "publisher": _publisher(request),
        "keywords": [tag.name for tag in extras["tags"]],
        "about": [{"@type": "Person", "name": p.display_name} for p in extras["people"]],
    }
    if image_url:
        data["image"] = [image_url]
    return data


def _render_article(request, article, preview=False):
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    image_url = article.image and request.build_absolute_uri(article.image.url)
    extras = article.extras()
    return render(request, "bulletins/article_detail.html", {
        "article": article, "issue": article.issue, "publication": article.issue.publication,
        "preview": preview, "canonical_url": canonical_url, "og_image": image_url,
        "description": plain_summary(article.standfirst, article.body, article.headline, limit=200),
        "jsonld_data": _article_jsonld(request, article, extras, canonical_url, image_url),
        "crumbs": _crumbs(article.issue.publication, article.issue), **extras,
    })


def _public_article(publication, edition, slug, now):
    return Article.objects.for_page().in_public_issues(now).filter(
        issue__publication__slug=publication, issue__edition=edition, slug=slug,
    )


# The page's own query, compiled once (icsportal.compiled): building and compiling it
# was 2.0 of the 2.4 ms it cost the worker.
PUBLIC_ARTICLE = Compiled(_public_article, publication=str, edition=int, slug=str,
                          now=datetime.datetime)


def article_detail(request, publication, edition, slug):
    # At most one: an issue's slugs are unique (article_slug_unique_in_issue).
    article = PUBLIC_ARTICLE.first(publication=publication, edition=edition, slug=slug,
                                   now=timezone.now())
    if article is None:
        raise Http404("No public article at this address.")
    return _render_article(request, article)


def topic(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    # Uncounted: a common topic's count read every tagging of it (12 ms of SQL at corpus
    # scale 50), and the page only links the previous and next pages.
    page = UncountedPage(Article.objects.on_topic(tag).for_list(), request.GET.get("page"),
                         TOPIC_PAGE_SIZE)
    page.object_list = with_urls(page.object_list)
    jsonld = {
        "@context": "https://schema.org", "@type": "CollectionPage",
        "name": f"Topic: {tag.name}", "about": tag.name,
        "url": request.build_absolute_uri(reverse("bulletins:topic", args=[tag.slug])),
    }
    return render(request, "bulletins/topic.html", {
        "tag": tag, "page": page, "crumbs": _crumbs(), "jsonld_data": jsonld,
    })


def _staff_or_404(request):
    # Anyone else must not learn that an unpublished issue exists.
    if not (request.user.is_active and request.user.is_staff):
        raise Http404


@never_cache
def preview_issue(request, pk):
    _staff_or_404(request)
    return _render_issue(request, get_object_or_404(Issue.objects.for_page(), pk=pk), True)


@never_cache
def preview_article(request, pk):
    _staff_or_404(request)
    return _render_article(request, get_object_or_404(Article.objects.for_page(), pk=pk), True)
