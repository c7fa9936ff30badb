"""Synthetic publications, issues and articles for the benchmark archive.

Per scale unit: about 100 issues and 2,000 articles, with tags, people, organisations,
pull quotes and key facts. Three publications share the issues, so each publication's
archive grows with the scale as a real one grows over the years.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from bulletins.models import Article, Issue, KeyFact, Publication, PullQuote
from icsportal.corpus import insert
from people.models import Organisation, Person, Role

PUBLICATIONS = [
    ("In Partnership", "in-partnership", Publication.Audience.STAKEHOLDERS),
    ("Health and Care Together", "health-and-care-together", Publication.Audience.PUBLIC),
    ("Staff News", "staff-news", Publication.Audience.STAFF),
]
TOPICS = [
    "Mental health", "Primary care", "Urgent care", "Discharge", "Workforce", "Carers",
    "Dementia", "Children and young people", "Maternity", "Vaccination", "Diabetes",
    "Cancer", "Digital", "Estates", "Finance", "Health inequalities", "Prevention",
    "Social care", "Housing", "Volunteering", "Pharmacy", "Dentistry", "Community services",
    "Learning disabilities", "Autism", "Frailty", "Winter", "Research", "Public health",
    "Voluntary sector", "Rutland", "Leicester", "Leicestershire", "Hospitals", "Ambulance",
]
SUBJECTS = [
    "crisis café", "virtual ward", "community diagnostic centre", "health check", "clinic",
    "hub", "helpline", "outreach team", "walk-in service", "peer support group",
    "falls service", "discharge lounge", "wellbeing bus", "carers' network", "pilot",
]
VERBS = ["opens", "expands", "celebrates", "welcomes", "launches", "reaches", "helps",
         "marks", "reviews", "extends"]
PLACES = ["Leicester", "Charnwood", "Melton", "Oadby", "Hinckley", "Oakham", "Blaby",
          "Wigston", "Loughborough", "Market Harborough", "Coalville", "Uppingham"]
SENTENCES = [
    "Partners across {place} worked together to make the {subject} possible.",
    "Since it began, the {subject} has supported {number} people and their families.",
    "Staff said the change meant people were seen sooner and closer to home.",
    "The service is free and open to anyone registered with a local GP practice.",
    "Feedback from the first months will shape how the {subject} grows next year.",
    "Volunteers from the voluntary and community sector play a large part in its success.",
    "Anyone who would like to find out more can ask at their practice or pharmacy.",
    "The team plans to bring the same approach to {place} later in the year.",
]
FACT_LABELS = ["people supported", "appointments offered", "fewer hospital admissions",
               "volunteers trained", "of patients seen within a week", "pounds invested"]


def _paragraphs(rng, count, place, subject):
    parts = []
    for _ in range(count):
        words = " ".join(
            rng.choice(SENTENCES).format(place=place, subject=subject,
                                         number=rng.randint(20, 5000))
            for _ in range(rng.randint(3, 5))
        )
        parts.append(f"<p>{words}</p>")
    return "".join(parts)


def _issue_plan(scale, rng):
    """[(publication index, edition, issue date, status)] spread over the last years."""
    count = max(3, round(100 * scale))
    last = datetime.date(2026, 10, 1)
    # Each publication comes out about monthly, so a larger archive reaches further back.
    span_days = 31 * count // len(PUBLICATIONS)
    editions = [0] * len(PUBLICATIONS)
    plan = []
    for i in range(count):
        publication = i % len(PUBLICATIONS)
        editions[publication] += 1
        plan.append((publication, editions[publication]))
    per_publication = {p: editions[p] for p in range(len(PUBLICATIONS))}
    rows = []
    for publication, edition in plan:
        back = span_days * (per_publication[publication] - edition) // per_publication[publication]
        issue_date = (last - datetime.timedelta(days=back)).replace(day=1)
        # The newest issue of each publication is still being written now and then.
        newest = edition == per_publication[publication]
        status = Issue.Status.DRAFT if newest and rng.random() < 0.5 else Issue.Status.PUBLISHED
        rows.append((publication, edition, issue_date, status))
    return rows


def _issues(plan, publications, people, rng):
    for publication, edition, issue_date, status in plan:
        publish_at = timezone.make_aware(datetime.datetime.combine(issue_date, datetime.time(9)))
        published = status == Issue.Status.PUBLISHED
        yield Issue(
            publication=publications[publication],
            edition=edition,
            issue_date=issue_date,
            cover_headline=f"{rng.choice(PLACES)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)}",
            welcome=_paragraphs(rng, 2, rng.choice(PLACES), rng.choice(SUBJECTS)),
            welcome_signed_by_id=rng.choice(people),
            call_for_stories="Tell us what your team has achieved: we would like to hear it.",
            status=status,
            publish_at=publish_at if published else None,
            first_published_at=publish_at if published else None,
        )


def _articles(issues, rng, roles_of, people):
    kinds = [Article.Kind.NEWS] * 5 + [Article.Kind.FEATURE] * 2 + [
        Article.Kind.INTERVIEW, Article.Kind.CASE_STUDY, Article.Kind.NOTICE]
    for issue in issues:
        for position in range(1, rng.randint(12, 28) + 1):
            place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
            headline = f"{place} {subject} {rng.choice(VERBS)} {rng.choice(TOPICS).lower()} work"
            kind = rng.choice(kinds)
            interviewee = rng.choice(people) if kind == Article.Kind.INTERVIEW else None
            yield Article(
                issue_id=issue.pk,
                position=position,
                kind=kind,
                headline=headline,
                slug=f"{slugify(headline)[:200]}-{position}",
                standfirst=f"How the {subject} in {place} is changing care for local people.",
                body=_paragraphs(rng, rng.randint(4, 9), place, subject),
                page_number=position + 1,
                interviewee_id=interviewee,
                interviewee_role_id=(rng.choice(roles_of[interviewee])
                                     if interviewee and roles_of.get(interviewee) else None),
                series="In their words" if interviewee else "",
            )


def _tagged(articles, tags, content_type, rng):
    for article in articles:
        for tag in rng.sample(tags, rng.randint(1, 4)):
            yield TaggedItem(tag_id=tag.pk, content_type_id=content_type.pk, object_id=article.pk)


def _links(articles, through, field, ids, rng, most):
    for article in articles:
        for target in rng.sample(ids, rng.randint(0, most)):
            yield through(article_id=article.pk, **{field: target})


def _quotes(articles, rng, roles_of, people):
    for article in articles:
        if rng.random() < 0.3:
            for position in range(rng.randint(1, 2)):
                person = rng.choice(people) if rng.random() < 0.7 else None
                roles = roles_of.get(person) or [None]
                yield PullQuote(
                    article_id=article.pk, position=position,
                    text="It has made a real difference to the people we care for.",
                    person_id=person, attribution="" if person else "A local resident",
                    role_id=rng.choice(roles) if person else None,
                )


def _facts(articles, rng):
    for article in articles:
        if rng.random() < 0.2:
            for position in range(rng.randint(1, 3)):
                yield KeyFact(article_id=article.pk, position=position,
                              figure=f"{rng.randint(2, 99)}%" if rng.random() < 0.5
                              else f"{rng.randint(100, 9000):,}",
                              label=rng.choice(FACT_LABELS))


def generate(scale, rng, progress):
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    roles_of = {}
    for role_id, person_id in Role.objects.order_by("pk").values_list("pk", "person_id"):
        roles_of.setdefault(person_id, []).append(role_id)
    publications = insert(Publication, (
        Publication(name=name, slug=slug, audience=audience,
                    strapline=f"News from health and care partners: {name}.",
                    submissions_email=f"{slug}@example.org")
        for name, slug, audience in PUBLICATIONS
    ), progress, "publications", len(PUBLICATIONS))
    plan = _issue_plan(scale, rng)
    issues = insert(Issue, _issues(plan, publications, people, rng), progress, "issues",
                    len(plan))
    articles = insert(Article, _articles(issues, rng, roles_of, people), progress, "articles")
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=TOPICS)}
    insert(Tag, (Tag(name=name, slug=slugify(name)) for name in TOPICS if name not in existing),
           progress, "topics", len(TOPICS) - len(existing))
    tags = list(Tag.objects.filter(name__in=TOPICS).order_by("name"))
    content_type = ContentType.objects.get_for_model(Article)
    tagged = insert(TaggedItem, _tagged(articles, tags, content_type, rng), progress,
                    "article tags")
    mentions = insert(Article.people.through, _links(
        articles, Article.people.through, "person_id", people, rng, 3), progress, "article people")
    insert(Article.organisations.through, _links(
        articles, Article.organisations.through, "organisation_id", organisations, rng, 2),
        progress, "article organisations")
    quotes = insert(PullQuote, _quotes(articles, rng, roles_of, people), progress, "pull quotes")
    facts = insert(KeyFact, _facts(articles, rng), progress, "key facts")
    return {"issues": len(issues), "articles": len(articles), "article tags": len(tagged),
            "article people": len(mentions), "pull quotes": len(quotes), "key facts": len(facts)}


def clear():
    """Empty the bulletin tables (children first) and the topics, with plain DELETEs."""
    content_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.filter(content_type=content_type)._raw_delete(connection.alias)
    models = [KeyFact, PullQuote, Article.people.through, Article.organisations.through,
              Article, Issue, Publication]
    models += [model.history.model for model in (KeyFact, PullQuote, Article, Issue, Publication)]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # nosec B608: a quoted table name of our own model
    Tag.objects.filter(name__in=TOPICS, taggit_taggeditem_items__isnull=True).delete()
