"""Public bulletin pages, and the staff preview that renders the same templates."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from bulletins.models import Article, Issue, Publication, article_lines, tagged_with
from icsportal.caching import remembered
from icsportal.compiled import Compiled, planned_once
from icsportal.pagination import UncountedPage
from icsportal.parameters import reads
from icsportal.paths import path_maker
from icsportal.renditions import shared_copy
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


@planned_once
def _publications(now):
    # Each publication's newest issue is one seek on the issue_public_archive index, so the
    # page costs two queries however many issues the archive holds.
    newest = Issue.objects.published(now).filter(publication=OuterRef("pk")).order_by(
        "-issue_date", "-edition"
    )
    return Publication.objects.annotate(latest_issue_id=Subquery(newest.values("pk")[:1]))


def _issues_listed(keys):
    return Issue.objects.only(*LISTED_ISSUE_FIELDS).filter(pk__any_of=keys).order_by()


def _publication(slug):
    return Publication.objects.filter(slug=slug)


def _archive(publication, now):
    return Issue.objects.published(now).filter(publication=publication)


def _archive_count(publication, now):
    # COUNT(*) as a row of the publication's group, which compiles as a queryset does.
    return (_archive(publication, now).order_by().values("publication")
            .annotate(count=Count("pk")).values_list("count", flat=True))


@planned_once
def _archive_page(publication, now, offset):
    # The page's ids come off the issue_public_archive index alone, however deep the
    # page; selecting the shown columns directly makes SQLite sort every public issue.
    ids = _archive(publication, now).values("pk")
    return Issue.objects.filter(pk__in=ids[offset:offset + ARCHIVE_PAGE_SIZE]).only(
        *LISTED_ISSUE_FIELDS)


# What lists of issues show of each; compiled once (icsportal.compiled).
LISTED_ISSUE_FIELDS = ("publication", "edition", "issue_date", "period_label", "cover_headline")
PUBLICATIONS = Compiled(_publications, now=datetime.datetime)
ISSUES_LISTED = Compiled(_issues_listed, keys=list)
PUBLICATION = Compiled(_publication, slug=str)
ARCHIVE_COUNT = Compiled(_archive_count, publication=int, now=datetime.datetime)
ARCHIVE_PAGE = Compiled(_archive_page, publication=int, now=datetime.datetime, offset=int)


@reads()
def publication_list(request):
    publications = PUBLICATIONS.run(now=timezone.now())
    latest = {issue.pk: issue for issue in ISSUES_LISTED.run(
        keys=[p.latest_issue_id for p in publications if p.latest_issue_id])}
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


@reads("page")
def publication_detail(request, publication):
    publication = PUBLICATION.first(slug=publication)  # at most one: slugs are unique
    if publication is None:
        raise Http404("No publication at this address.")
    now = timezone.now()
    # Counted once per content version: each count read every one of the publication's
    # issue rows (their status and time), so it grew with the archive.
    count = remembered(lambda: sum(ARCHIVE_COUNT.run(publication=publication.pk, now=now)),
                       f"archive {publication.pk}")  # no row: none
    # The Paginator numbers the pages from the count; the page's issues are read by offset.
    page = Paginator(range(count), ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = ARCHIVE_PAGE.run(publication=publication.pk, now=now,
                                        offset=(page.number - 1) * ARCHIVE_PAGE_SIZE)
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


def _issue_contents(articles, preview):
    """What the issue page shows of each article, as plain values: its link (the preview's,
    for staff previewing), its contents line and its card. The template read each
    through the article, in two loops; the image is the article itself, for its include."""
    return [{
        "href": article.get_preview_url() if preview else article.url,
        "page_number": str(article.page_number) if article.page_number else "",
        "contents_title": article.contents_title,
        "kind_label": article.kind_label,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "image": article if article.image else None,
    } for article in articles]


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
        "issue": issue, "publication": issue.publication,
        "articles": _issue_contents(articles, preview),
        "previous_edition": issue.previous_edition, "next_edition": issue.next_edition,
        "preview": preview,
        "page_title": title, "description": description, "canonical_url": canonical_url,
        **_shared_picture(request, issue.cover_image, issue.cover_image_renditions,
                          issue.cover_image_alt),
        "jsonld_data": jsonld, "crumbs": _crumbs(issue.publication),
    })


@planned_once
def _public_issue(publication, edition, now):
    return Issue.objects.published(now).for_page(now).filter(
        publication__slug=publication, edition=edition,
    )


# Compiled once (icsportal.compiled), as the article's below.
PUBLIC_ISSUE = Compiled(_public_issue, publication=str, edition=int, now=datetime.datetime)


@reads()
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


def _shared_picture(request, image, renditions, alt):
    """A page's picture as social sites and search engines are given it (`shared_copy`):
    og_image (absolute), og_image_size and og_image_alt, all empty without one."""
    if not image:
        return {"og_image": "", "og_image_size": None, "og_image_alt": ""}
    url, size = shared_copy(image, renditions)
    return {"og_image": request.build_absolute_uri(url), "og_image_size": size,
            "og_image_alt": alt}


def _render_article(request, article, preview=False):
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    shared = _shared_picture(request, article.image, article.image_renditions, article.image_alt)
    image_url = shared["og_image"]
    extras = article.extras()
    return render(request, "bulletins/article_detail.html", {
        "article": article, "issue": article.issue, "publication": article.issue.publication,
        "preview": preview, "canonical_url": canonical_url, **shared,
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


@reads()
def article_detail(request, publication, edition, slug):
    # At most one: an issue's slugs are unique (article_slug_unique_in_issue).
    article = PUBLIC_ARTICLE.first(publication=publication, edition=edition, slug=slug,
                                   now=timezone.now())
    if article is None:
        raise Http404("No public article at this address.")
    return _render_article(request, article)


def _tag(slug):
    return Tag.objects.filter(slug=slug)


def _topic_page(tag, now, offset):
    # The page's rows and one more, which tells whether there is a next page.
    return Article.objects.on_topic(tag, now).for_list()[offset:offset + TOPIC_PAGE_SIZE + 1]


# Compiled once (icsportal.compiled); the page's offset is a parameter.
TAG = Compiled(_tag, slug=str)
TOPIC_PAGE = Compiled(_topic_page, tag=int, now=datetime.datetime, offset=int)


def _topics_listed(now):
    # A topic is listed once one of its taggings is of an article in a public issue:
    # each topic's taggings are walked on taggit's index until the first such one (a
    # topic whose articles are all in drafts is left out, as the sitemap leaves it out).
    tagged = tagged_with(OuterRef("pk")).filter(
        Exists(Article.objects.in_public_issues(now).filter(pk=OuterRef("object_id"))))
    return Tag.objects.filter(Exists(tagged)).values("name", "slug")


TOPICS_LISTED = Compiled(_topics_listed, now=datetime.datetime)  # icsportal.compiled


@reads()
def topic_list(request):
    """Every topic with a published article, by name, each linked to its page (its
    articles, newest first, and its feeds)."""
    path = path_maker("bulletins:topic")
    topics = sorted(TOPICS_LISTED.run(now=timezone.now()), key=lambda t: t["name"].casefold())
    for item in topics:
        item["path"] = path(item["slug"])
    return render(request, "bulletins/topic_list.html", {"topics": topics, "crumbs": _crumbs()})


@reads("page")
def topic(request, slug):
    tag = TAG.first(slug=slug)  # at most one: taggit's slugs are unique
    if tag is None:
        raise Http404("No topic at this address.")
    now = timezone.now()
    # Uncounted: a common topic's count read every tagging of it (12 ms of SQL at corpus
    # scale 50), and the page only links the previous and next pages.
    page = UncountedPage(lambda offset: TOPIC_PAGE.run(tag=tag.pk, now=now, offset=offset),
                         request.GET.get("page"), TOPIC_PAGE_SIZE)
    page.object_list = article_lines(page.object_list)
    jsonld = {
        "@context": "https://schema.org", "@type": "CollectionPage",
        "name": f"Topic: {tag.name}", "about": tag.name,
        "url": request.build_absolute_uri(reverse("bulletins:topic", args=[tag.slug])),
    }
    return render(request, "bulletins/topic.html", {
        "tag": tag, "page": page, "jsonld_data": jsonld,
        "crumbs": [*_crumbs(), ("Topics", reverse("bulletins:topic_list"))],
    })


def _staff_or_404(request):
    # Anyone else must not learn that an unpublished issue exists.
    if not (request.user.is_active and request.user.is_staff):
        raise Http404


@reads()
@never_cache
def preview_issue(request, pk):
    _staff_or_404(request)
    return _render_issue(request, get_object_or_404(Issue.objects.for_page(), pk=pk), True)


@reads()
@never_cache
def preview_article(request, pk):
    _staff_or_404(request)
    return _render_article(request, get_object_or_404(Article.objects.for_page(), pk=pk), True)
