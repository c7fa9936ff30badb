"""Factories for publications, issues, articles and their callouts."""

import datetime

import factory
from django.utils import timezone

from bulletins.models import Article, Issue, KeyFact, Publication, PullQuote


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Partnership News {n}")
    slug = factory.Sequence(lambda n: f"partnership-news-{n}")
    strapline = "The stakeholder bulletin"
    submissions_email = "stories@example.org"


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    publication = factory.SubFactory(PublicationFactory)
    edition = factory.Sequence(lambda n: n + 1)
    issue_date = datetime.date(2022, 5, 1)
    cover_headline = factory.Sequence(lambda n: f"Cover story {n}")
    status = Issue.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Issue.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    issue = factory.SubFactory(IssueFactory)
    position = factory.Sequence(lambda n: n)
    headline = factory.Sequence(lambda n: f"Partners open new service {n}")
    slug = factory.Sequence(lambda n: f"partners-open-new-service-{n}")
    standfirst = "A short summary of the story."
    body = "<p>The body of the story.</p>"


class PullQuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PullQuote

    article = factory.SubFactory(ArticleFactory)
    text = "Working together makes the difference."
    attribution = "A service user"


class KeyFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFact

    article = factory.SubFactory(ArticleFactory)
    figure = "36%"
    label = "of patients discharged without a hospital appointment"
