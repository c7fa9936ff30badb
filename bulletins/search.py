"""Search over articles in published issues: headline, standfirst, body, topics and people."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Now
from taggit.models import TaggedItem

from bulletins.models import Article, Issue
from icsportal.search import Hit, SearchProvider, register


def _full_name(prefix=""):
    """'Professor Azhar Farooqi' from a person's columns, for matching by name."""
    parts = [f"{prefix}honorific", f"{prefix}given_name", f"{prefix}family_name"]
    pieces = []
    for part in parts:
        pieces += [Coalesce(part, Value("")), Value(" ")]
    return Concat(*pieces[:-1])


class ArticleSearch(SearchProvider):
    key = "articles"
    label = "Bulletins"
    noun = "articles"
    weights = {
        "headline": "A", "standfirst": "B", "tag_names": "B", "interviewee_name": "B",
        "people_names": "B", "body": "C",
    }
    snippet_fields = ["standfirst", "body"]
    html_fields = {"body"}
    ordering = ["-issue__issue_date", "issue_id", "position", "pk"]
    # About 700 articles a year in the generated corpus: seven years hold enough
    # recent matches of a common word to fill the candidates.
    dated = "issue__issue_date"
    recent_years = 7
    hit_fields = ["headline", "slug", "issue__edition", "issue__period_label",
                  "issue__issue_date", "issue__publication__name", "issue__publication__slug"]
    filters = frozenset({"year", "publication"})
    form_fields = {
        "publication": forms.SlugField(
            required=False, label="Publication", max_length=120,
            help_text="The publication's short name as in its address, e.g. in-partnership.",
        )
    }

    def queryset(self):
        return self._annotated(Article.objects.published())

    def public(self):
        # Published() as a join rather than `issue IN (published issues)`: a few
        # candidates then cost an index lookup each instead of hashing every issue.
        # Now(), not the time of the call: search compiles this once (see ranked()).
        return Article.objects.filter(issue__status=Issue.Status.PUBLISHED,
                                      issue__publish_at__lte=Now())

    def shown_queryset(self):
        # Rows shown are among `public()` already. The snippet is cut from columns;
        # names and topics only build the document.
        return Article.objects.select_related("issue__publication")

    def document_queryset(self):
        # Every article has a document, and publishing is not in it: only `queryset()`
        # limits results to published articles. (An issue's save still refreshes its
        # articles, for the year their documents take from its date: see `watches()`.)
        return self._annotated(Article.objects.all())

    def _annotated(self, articles):
        # Subqueries rather than prefetches so that a page of hits costs one query.
        tags = TaggedItem.objects.filter(
            object_id=OuterRef("pk"),
            content_type__app_label="bulletins", content_type__model="article",
        ).order_by().values("object_id")
        people = Article.people.through.objects.filter(article_id=OuterRef("pk")).order_by()
        return articles.annotate(
            tag_names=Subquery(
                tags.annotate(names=StringAgg("tag__name", Value(" "))).values("names")
            ),
            people_names=Subquery(
                people.values("article_id")
                .annotate(names=StringAgg(_full_name("person__"), Value(" "))).values("names")
            ),
            interviewee_name=_full_name("interviewee__"),
        )

    def watches(self):
        return {
            "bulletins.Article": lambda article: [article.pk],
            # The issue's date gives its articles' documents their year.
            "bulletins.Issue": lambda issue: issue.articles.values_list("pk", flat=True),
            "people.Person": lambda person: Article.objects.filter(
                Q(interviewee=person) | Q(people=person)).values_list("pk", flat=True),
            "taggit.Tag": lambda tag: TaggedItem.objects.filter(
                tag=tag, content_type__app_label="bulletins", content_type__model="article",
            ).values_list("object_id", flat=True),
            "taggit.TaggedItem": lambda item: (
                [item.object_id]
                if item.content_type_id == ContentType.objects.get_for_model(Article).pk
                else []
            ),
        }

    def m2m_watches(self):
        return [Article.people.through, Article.tags.through]

    def filter(self, queryset, filters):
        if filters.year:
            queryset = queryset.filter(issue__issue_date__year=filters.year)
        if filters.extra.get("publication"):
            queryset = queryset.filter(issue__publication__slug=filters.extra["publication"])
        return queryset

    def hit(self, article, snippet):
        issue = article.issue
        return Hit(article.headline, article.get_absolute_url(), snippet,
                   f"{issue.publication} · issue {issue.edition} · {issue.date_label}")


register(ArticleSearch())
