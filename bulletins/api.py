"""Open-data API for publications, their published issues and the articles in them."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from bulletins.models import Article, Issue, Publication, topics_of
from icsportal.api import (
    ID,
    SLUG_PATTERN,
    CompiledList,
    Error,
    Page,
    PersonRef,
    Record,
    absolute_url,
)
from icsportal.compiled import given, planned_once
from icsportal.search_index import without_long_documents

router = Router(tags=["bulletins"])

# Submission and support addresses are for readers of an issue page, not for bulk reuse.
PRIVATE_FIELDS = ["submissions_email", "support_email", "support_phone"]

SLUG = Path(..., pattern=SLUG_PATTERN, max_length=200)


class PublicationRef(Record):
    id: int
    slug: str
    name: str


class IssueRef(Record):
    id: int
    edition: int
    issue_date: datetime.date
    date_label: str


class TagOut(Record):
    slug: str
    name: str


class PublicationOut(Record):
    id: int
    slug: str
    name: str
    strapline: str
    audience: str
    frequency: str
    description: str = Field(..., description="Sanitised HTML.")
    url: str = Field(..., description="The publication's archive page on the site.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


class IssueOut(Record):
    id: int
    publication: PublicationRef
    edition: int
    issue_date: datetime.date
    date_label: str = Field(..., description='As the issue carries it: "May 2022", "Autumn 2022".')
    cover_headline: str
    welcome: str = Field(..., description="Sanitised HTML.")
    welcome_signed_by: PersonRef | None
    published_at: datetime.datetime = Field(..., alias="publish_at")
    url: str = Field(..., description="The issue's page on the site.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


class ArticleOut(Record):
    id: int
    slug: str = Field(..., description="Unique within its issue; use `id` as the stable key.")
    publication: PublicationRef = Field(..., alias="issue.publication")
    issue: IssueRef
    position: int
    kind: str
    headline: str
    standfirst: str
    body: str = Field(..., description="Sanitised HTML.")
    page_number: int | None
    series: str
    interviewee: PersonRef | None
    tags: list[TagOut]
    published_at: datetime.datetime = Field(..., alias="issue.publish_at")
    url: str = Field(..., description="The article's page on the site.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_tags(obj):
        return sorted(obj.topic_list, key=lambda tag: tag["name"])

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


# Applied by `_issue_list` (a docstring would show in the OpenAPI document).
class IssueFilters(Schema):
    publication: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=120, description="Slug of the publication."
    )
    date_from: datetime.date | None = Field(
        None, description="Issues dated on or after this day (YYYY-MM-DD)."
    )
    date_to: datetime.date | None = Field(
        None, description="Issues dated on or before this day (YYYY-MM-DD)."
    )


# Applied by `_article_list` (a docstring would show in the OpenAPI document).
class ArticleFilters(Schema):
    publication: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=120, description="Slug of the publication."
    )
    tag: str | None = Field(
        None, pattern=r"^[^\x00/]+$", max_length=100,
        description="Slug of a topic, as in /topics/<slug>/.",
    )
    kind: Literal[tuple(Article.Kind.values)] | None = None
    date_from: datetime.date | None = Field(
        None, description="In issues dated on or after this day (YYYY-MM-DD)."
    )
    date_to: datetime.date | None = Field(
        None, description="In issues dated on or before this day (YYYY-MM-DD)."
    )


def _issues(now=None):
    return Issue.objects.published(now).select_related("publication", "welcome_signed_by")


# The unfiltered first pages only were measured planned once (docs/performance.md).
@planned_once(unless=("publication", "date_from", "date_to"))
def _issue_list(now, publication=None, date_from=None, date_to=None):
    return _issues(now).filter(**given(
        publication__slug=publication, issue_date__gte=date_from, issue_date__lte=date_to,
    )).order_by("-issue_date", "-edition", "id")


def _publication_list():
    return Publication.objects.order_by("name", "id")


def _articles(now=None):
    return without_long_documents(
        Article.objects.published(now).select_related("issue__publication", "interviewee")
    )


@planned_once(unless=("publication", "tag", "kind", "date_from", "date_to"))
def _article_list(now, publication=None, tag=None, kind=None, date_from=None, date_to=None):
    articles = _articles(now).filter(**given(
        issue__publication__slug=publication, kind=kind,
        issue__issue_date__gte=date_from, issue__issue_date__lte=date_to,
    ))
    if tag is not None:
        # One row per article however many of its tags match.
        articles = articles.filter(tags__slug=tag).distinct()
    return articles.order_by("-issue__issue_date", "issue_id", "position", "id")


def _with_topics(articles):
    """Each article's `topic_list`, its topics as the API shows them (`topics_of`)."""
    topics = topics_of([article.pk for article in articles])
    for article in articles:
        article.topic_list = [{"slug": slug, "name": name} for slug, name in topics[article.pk]]
    return articles


@router.get("/publications/", response=list[PublicationOut], summary="Publications")
@paginate(Page)
def publication_list(request):
    return CompiledList(_publication_list)


@router.get("/publications/{slug}", response={200: PublicationOut, 404: Error},
            summary="A publication")
def publication_detail(request, slug: str = SLUG):
    return get_object_or_404(Publication, slug=slug)


@router.get("/issues/", response=list[IssueOut], summary="Published issues")
@paginate(Page)
def issue_list(request, filters: Query[IssueFilters]):
    return CompiledList(_issue_list, now=timezone.now(), **filters.dict())


@router.get("/issues/{key:id}", response={200: IssueOut, 404: Error}, summary="A published issue")
def issue_detail(request, id: int = ID):
    return get_object_or_404(_issues(), pk=id)


@router.get("/articles/", response=list[ArticleOut], summary="Articles in published issues")
@paginate(Page)
def article_list(request, filters: Query[ArticleFilters]):
    return CompiledList(_article_list, fill=_with_topics, now=timezone.now(), **filters.dict())


@router.get("/articles/{key:id}", response={200: ArticleOut, 404: Error},
            summary="An article in a published issue")
def article_detail(request, id: int = ID):
    return _with_topics([get_object_or_404(_articles(), pk=id)])[0]
