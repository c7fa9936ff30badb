"""Publications, their numbered issues, the articles in them and the articles' callouts."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from icsportal.compiled import Compiled
from icsportal.paths import path_maker, record_path
from icsportal.renditions import image_srcset, keep_renditions
from icsportal.richtext import RichTextField
from icsportal.search_index import SearchDocumentField, SearchDocumentIndex, is_postgres
from icsportal.uploads import COLUMN_IMAGE_WIDTH, RandomName, SafeImageField
from people.models import PERSON_LINE_FIELDS, Organisation, Person, Role

# What the issue page shows of each article: the contents line and the card. The body
# is the heavy column, and 30 bodies nobody reads there cost more than the page itself.
ARTICLE_CARD_FIELDS = (
    "issue", "position", "kind", "headline", "contents_label", "slug", "standfirst",
    "page_number", "image", "image_width", "image_height", "image_renditions", "image_alt",
    "image_caption", "image_credit",
)
# Columns the article page never shows: bookkeeping, the search document, the long
# texts of the joined issue, publication, person and organisation.
ARTICLE_PAGE_UNUSED = (
    "search_document", "issue__welcome", "issue__call_for_stories", "issue__support_text",
    "issue__created_at", "issue__updated_at", "issue__publication__description",
    "issue__publication__updated_at", "interviewee__biography",
    "interviewee__search_document", "interviewee__updated_at",
    "interviewee_role__organisation__description",
    "interviewee_role__organisation__search_document",
)
# What a list of articles from several issues shows (topic page, person and partner pages).
ARTICLE_LIST_FIELDS = (
    "kind", "headline", "slug", "issue__edition", "issue__issue_date",
    "issue__period_label", "issue__publication__name", "issue__publication__slug",
)
# Columns the issue page never shows: long texts and bookkeeping of the joined rows.
ISSUE_PAGE_UNUSED = (
    "created_at", "updated_at", "publication__description", "publication__updated_at",
    "welcome_signed_by__biography", "welcome_signed_by__search_document",
    "welcome_signed_by__updated_at", "welcome_signer_role__organisation__description",
    "welcome_signer_role__organisation__search_document",
)


class Publication(models.Model):
    """A bulletin title with numbered issues: In Partnership, Health & Care Together."""

    class Audience(models.TextChoices):
        STAKEHOLDERS = "stakeholders", "Stakeholders"
        STAFF = "staff", "Staff"
        PUBLIC = "public", "Public"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        OCCASIONAL = "occasional", "Occasional"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the web address.")
    strapline = models.CharField(
        max_length=200, blank=True,
        help_text="e.g. The stakeholder bulletin for the Leicester, Leicestershire and "
                  "Rutland ICS.",
    )
    audience = models.CharField(max_length=20, choices=Audience.choices,
                                default=Audience.STAKEHOLDERS)
    frequency = models.CharField(max_length=20, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    submissions_email = models.EmailField(
        blank=True, help_text="Where readers send stories; shown in every issue's call for stories."
    )
    description = RichTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_path("bulletins:publication", self.slug)


class IssueQuerySet(models.QuerySet):
    def published(self, now=None):
        """Issues the public may read: published, and their publish time has come."""
        now = now or timezone.now()
        return self.filter(status=Issue.Status.PUBLISHED, publish_at__lte=now)

    def first_publication_after(self, moment):
        """When the next scheduled issue goes public, if one is due after `moment`
        (one seek on the `(status, publish_at)` index)."""
        scheduled = self.filter(status=Issue.Status.PUBLISHED, publish_at__gt=moment)
        return scheduled.aggregate(first=Min("publish_at"))["first"]

    def with_neighbours(self, now=None):
        """Annotate previous_edition and next_edition: the nearest published editions of
        the same publication, each found by one index seek rather than a list of all."""
        published = Issue.objects.published(now).filter(publication=OuterRef("publication"))
        return self.annotate(
            previous_edition=Subquery(published.filter(edition__lt=OuterRef("edition"))
                                      .order_by("-edition").values("edition")[:1]),
            next_edition=Subquery(published.filter(edition__gt=OuterRef("edition"))
                                  .order_by("edition").values("edition")[:1]),
        )

    def for_page(self, now=None):
        """The issue page's issue; its articles come from `Issue.contents()`."""
        return self.with_neighbours(now).select_related(
            "publication", "welcome_signed_by", "welcome_signer_role__organisation"
        ).defer(*ISSUE_PAGE_UNUSED)


def date_label(period_label, issue_date):
    """An issue's date as lists name it: its period ("Summer 2022"), or its month."""
    return period_label or f"{issue_date:%B %Y}"


class Issue(models.Model):
    """One numbered issue of a publication, written, reviewed and published as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="issues")
    edition = models.PositiveIntegerField(help_text="The issue number, e.g. 6.")
    issue_date = models.DateField(help_text="The date the issue carries (first of the month "
                                            "for a monthly issue).")
    period_label = models.CharField(
        max_length=60, blank=True, help_text='Shown instead of the date, e.g. "Autumn 2022".'
    )
    cover_headline = models.CharField(max_length=200, blank=True)
    cover_image = SafeImageField(upload_to=RandomName("bulletins/covers"), blank=True,
                                 max_width=COLUMN_IMAGE_WIDTH)
    # Narrower copies for srcset, and the cover's own size (icsportal.renditions).
    cover_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    cover_image_alt = models.CharField(
        "cover image description", max_length=250, blank=True,
        help_text="Alternative text: what the picture shows, for people who cannot see it.",
    )
    welcome = RichTextField("welcome", blank=True, help_text="The editorial or welcome note.")
    welcome_signed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="welcomes_signed",
        help_text="The person who signs the welcome, if anyone.",
    )
    welcome_signer_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Filled in from the signer's role on the issue date when left empty.",
    )
    call_for_stories = models.TextField(
        blank=True, help_text="The closing invitation to send stories; the publication's "
                              "submissions address is shown with it.",
    )
    support_heading = models.CharField(
        max_length=200, blank=True,
        help_text="Optional support box, e.g. Free mental health and wellbeing support.",
    )
    support_text = models.TextField(blank=True)
    support_phone = models.CharField(max_length=40, blank=True)
    support_email = models.EmailField(blank=True)
    support_website = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the issue becomes public. A future time schedules it.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "edition"], name="one_issue_per_edition",
                violation_error_message="This publication already has an issue with this "
                                        "edition number.",
            )
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            # A publication's archive and the newest issues (home, bulletins) read in order.
            models.Index(fields=["publication", "-issue_date", "-edition"], name="issue_archive"),
            models.Index(fields=["-issue_date", "-edition"], name="issue_newest"),
            # A publication's public issues in archive order, and their count: both read
            # from the index alone, so neither grows with the rest of the archive.
            models.Index(fields=["publication", "status", "-issue_date", "-edition", "publish_at"],
                         name="issue_public_archive"),
            models.Index(fields=["publication", "status", "publish_at"], name="issue_public_count"),
            # The newest change, which dates the issues and /bulletins/ in the sitemap.
            models.Index(fields=["updated_at"], name="issue_updated"),
        ]
        permissions = [("publish_issue", "Can publish, schedule and unpublish issues")]

    def __str__(self):
        return f"{self.publication} issue {self.edition}"

    def save(self, *args, **kwargs):
        signer_changed = (
            self.welcome_signer_role_id
            and self.welcome_signer_role.person_id != self.welcome_signed_by_id
        )
        if self.welcome_signed_by_id and (not self.welcome_signer_role_id or signer_changed):
            self.welcome_signer_role = self.welcome_signed_by.role_on(self.issue_date)
        elif not self.welcome_signed_by_id:
            self.welcome_signer_role = None
        super().save(*args, **kwargs)
        keep_renditions(self, "cover_image", "cover_image_renditions")

    def get_absolute_url(self):
        return record_path("bulletins:issue", self.publication.slug, self.edition)

    def contents(self):
        """The articles in print order, with what the issue page shows of them and their
        addresses already set (see `with_urls`)."""
        articles = ISSUE_CONTENTS.run(issue=self.pk)
        for article in articles:
            article.issue = self  # so each article's URL needs no query
        return with_urls(articles)

    def get_preview_url(self):
        return reverse("bulletins:preview_issue", args=[self.pk])

    @property
    def date_label(self):
        return date_label(self.period_label, self.issue_date)

    @property
    def cover_size(self):
        """The cover's [width, height] from its renditions (no storage access), or None."""
        return self.cover_image_renditions.get("size")

    def cover_srcset(self):
        return image_srcset(self.cover_image, self.cover_image_renditions,
                            self.cover_size and self.cover_size[0])

    def is_public(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
        )

    def clean(self):
        if self.cover_image and not self.cover_image_alt:
            raise ValidationError(
                {"cover_image_alt": "Describe the cover image for people who cannot see it."}
            )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_public()


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles the public may read, with their issue and publication."""
        return self.in_public_issues(now).select_related("issue__publication")

    def in_public_issues(self, now=None):
        """`published()` without the related rows: the test on the joined issue.

        Not `issue__in=Issue.objects.published()`: PostgreSQL plans that subquery as
        one more relation to join, 0.4–0.6 ms more planning for every list of articles.
        """
        now = now or timezone.now()
        return self.filter(issue__status=Issue.Status.PUBLISHED, issue__publish_at__lte=now)

    def for_page(self):
        """The article page's article; the lists beside it come from `Article.extras()`."""
        return self.select_related(
            "issue__publication", "interviewee", "interviewee_role__organisation"
        ).defer(*ARTICLE_PAGE_UNUSED)


    def for_list(self):
        """Only what a list of articles from several issues shows (`article_lines`), as
        plain values: an article with its issue and publication as model instances cost
        more to build than the line made of them."""
        return self.values(*ARTICLE_LIST_FIELDS)

    def on_topic(self, tag, now=None):
        """Published articles tagged `tag`, newest issue first, in print order within
        a date (the pk only breaks ties, so pages never repeat or skip an article)."""
        return self.in_public_issues(now).filter(pk__in=tagged_with(tag)).order_by(
            "-issue__issue_date", "position", "pk"
        )

    def about(self, person=None, organisation=None, now=None):
        """Published articles that concern a person (or interview them) or an organisation.

        Each condition is its own indexed lookup (the link table by person or
        organisation, the interviewee column) and their ids are combined with UNION:
        an OR across the join would make the database scan every article and link.
        """
        if person is not None:
            ids = Article.people.through.objects.filter(person=person).values("article_id")
            ids = ids.union(Article.objects.filter(interviewee=person).values("pk"))
        else:
            ids = Article.organisations.through.objects.filter(
                organisation=organisation
            ).values("article_id")
        if is_postgres():
            articles = self.published(now)
        else:
            # Given the test on the joined issue, SQLite walks every published issue
            # for these few ids (twice the time at corpus scale 10, growing with it);
            # given the issues as a subquery, it starts from the ids.
            articles = self.filter(issue__in=Issue.objects.published(now)).select_related(
                "issue__publication")
        return articles.filter(pk__in=ids).order_by("-issue__issue_date", "position")


class Article(models.Model):
    """A piece in an issue: news, a feature, an interview, a strategy summary."""

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        FEATURE = "feature", "Feature"
        INTERVIEW = "interview", "Interview"
        STRATEGY_SUMMARY = "strategy_summary", "Strategy summary"
        CASE_STUDY = "case_study", "Case study"
        NOTICE = "notice", "Notice"

    # get_kind_display() rebuilds a dict of every choice on each call; lists call it per row.
    KIND_LABELS = dict(Kind.choices)

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the issue; the contents list follows it."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    headline = models.CharField(max_length=250)
    contents_label = models.CharField(
        max_length=120, blank=True,
        help_text='Shorter title for the contents list, if the issue uses one ("Hidden talents").',
    )
    slug = models.SlugField(max_length=250, help_text="Used in the web address; unique in the "
                                                       "issue.")
    standfirst = models.TextField(blank=True, help_text="One or two sentences under the headline; "
                                                        "also the summary on the issue page.")
    body = RichTextField(blank=True)
    page_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The page in the printed or PDF edition, if it has pages."
    )
    image = SafeImageField(
        upload_to=RandomName("bulletins/articles"), blank=True,
        width_field="image_width", height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(
        "image description", max_length=250, blank=True,
        help_text="Alternative text: what the picture shows. Required with an image.",
    )
    image_caption = models.CharField(max_length=300, blank=True,
                                     help_text='e.g. "Left to right: …".')
    image_credit = models.CharField(max_length=120, blank=True)
    tags = TaggableManager(blank=True, help_text="Topics, separated by commas.")
    people = models.ManyToManyField(Person, blank=True, related_name="articles",
                                    help_text="People the article concerns or quotes.")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="articles")
    interviewee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="interviews",
        help_text="For an interview: who is interviewed.",
    )
    interviewee_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Filled in from the interviewee's role on the issue date when left empty.",
    )
    series = models.CharField(
        max_length=120, blank=True, help_text='For an interview: the series, e.g. "In their words".'
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The weighted full-text document site search matches (icsportal/search_index.py).
    search_document = SearchDocumentField(long=True)  # the body is in it
    history = HistoricalRecords(excluded_fields=["search_document"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "position", "pk"]
        # The issue page's contents list, in print order.
        indexes = [
            models.Index(fields=["issue", "position"], name="article_in_issue"),
            SearchDocumentIndex(fields=["search_document"], name="article_search"),
            # The newest change, which dates the articles and each topic in the sitemap.
            models.Index(fields=["updated_at"], name="article_updated"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "slug"], name="article_slug_unique_in_issue",
                violation_error_message="Another article in this issue already uses this slug.",
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        stale = self.interviewee_role_id and self.interviewee_role.person_id != self.interviewee_id
        if self.interviewee_id and (not self.interviewee_role_id or stale):
            self.interviewee_role = self.interviewee.role_on(self.issue.issue_date)
        elif not self.interviewee_id:
            self.interviewee_role = None
        super().save(*args, **kwargs)
        keep_renditions(self, "image", "image_renditions")

    def get_absolute_url(self):
        issue = self.issue
        return record_path("bulletins:article", issue.publication.slug, issue.edition, self.slug)

    def get_preview_url(self):
        return reverse("bulletins:preview_article", args=[self.pk])

    def extras(self):
        """The pull quotes, key facts, topics, people and organisations the article page
        shows, one lean query each and no prefetch machinery: for a single article,
        building the prefetch lookups cost more than running the queries. Each query is
        compiled once (`ARTICLE_EXTRAS`)."""
        kind = ContentType.objects.get_for_model(Article).pk
        return {
            "pull_quotes": ARTICLE_EXTRAS["pull_quotes"].run(article=self.pk),
            "key_facts": ARTICLE_EXTRAS["key_facts"].run(article=self.pk),
            "tags": ARTICLE_EXTRAS["tags"].run(article=self.pk, kind=kind),
            "people": ARTICLE_EXTRAS["people"].run(article=self.pk),
            "organisations": ARTICLE_EXTRAS["organisations"].run(article=self.pk),
        }

    @property
    def kind_label(self):
        """The kind as readers see it ("Case study"), as get_kind_display() gives it."""
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def contents_title(self):
        return self.contents_label or self.headline

    def clean(self):
        if self.kind == self.Kind.INTERVIEW and not self.interviewee_id:
            raise ValidationError({"interviewee": "An interview needs its interviewee."})
        if self.image and not self.image_alt:
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    def srcset(self):
        return image_srcset(self.image, self.image_renditions, self.image_width)


def _pull_quotes(article):
    quoted = [f"person__{name}" for name in PERSON_LINE_FIELDS]
    return PullQuote.objects.filter(article_id=article).select_related(
        "person", "role__organisation",
    ).only(
        "text", "attribution", "role_text", "person", "role", "role__title",
        "role__qualifier", "role__organisation", "role__organisation__name", *quoted,
    )


def _key_facts(article):
    return KeyFact.objects.filter(article_id=article).only("figure", "label")


def _tags(article, kind):
    return Tag.objects.filter(taggit_taggeditem_items__object_id=article,
                              taggit_taggeditem_items__content_type_id=kind)


def _people(article):
    return Person.objects.filter(articles=article).only(*PERSON_LINE_FIELDS)


def _organisations(article):
    return Organisation.objects.filter(articles=article).only("name", "slug")


def _contents_of(issue):
    return (Article.objects.filter(issue_id=issue).order_by("position", "pk")
            .only(*ARTICLE_CARD_FIELDS))


ISSUE_CONTENTS = Compiled(_contents_of, issue=int)  # `Issue.contents()`, compiled once


# What `Article.extras()` reads, by the article's key (and the article's content type,
# which a test database may number afresh): each compiled once (icsportal.compiled),
# as building and compiling them cost the article page more than running them.
ARTICLE_EXTRAS = {
    "pull_quotes": Compiled(_pull_quotes, article=int),
    "key_facts": Compiled(_key_facts, article=int),
    "tags": Compiled(_tags, article=int, kind=int),
    "people": Compiled(_people, article=int),
    "organisations": Compiled(_organisations, article=int),
}


def tagged_with(tag):
    """The ids of the articles tagged `tag`, as a subquery for `pk__in`.

    `filter(tags=tag)` joins taggit's rows on `object_id::bigint`, a cast that no index
    holds, so PostgreSQL can only start from the tag and visit every article it ever
    tagged (7,000 for a common topic at corpus scale 50). Compared as it is stored, the
    object id is checked through taggit's (content type, object id) index, so a query
    that starts from a few articles (the newest issues') checks only those.
    """
    return TaggedItem.objects.filter(
        tag=tag, content_type=ContentType.objects.get_for_model(Article)
    ).values("object_id")


def _topics_of(articles, kind):
    return (TaggedItem.objects.filter(content_type_id=kind, object_id__any_of=articles)
            .order_by("tag__name").values_list("object_id", "tag__slug", "tag__name"))


TOPICS_OF = Compiled(_topics_of, articles=list, kind=int)  # compiled once


def topics_of(keys):
    """{article's key: [(slug, name) of each of its topics, by name]} for the articles of
    `keys`, from one query.

    taggit's own prefetch builds a queryset for every article: 45 ms of CPU for a feed's
    50 entries, more than the rest of the feed.
    """
    topics = {key: [] for key in keys}
    if topics:
        kind = ContentType.objects.get_for_model(Article).pk
        for article_id, slug, name in TOPICS_OF.run(articles=list(topics), kind=kind):
            topics[article_id].append((slug, name))
    return topics


def with_urls(articles):
    """Set each article's `url` to its public address, for templates that link dozens."""
    path = path_maker("bulletins:article", 3)
    for article in articles:
        issue = article.issue
        article.url = path(issue.publication.slug, issue.edition, article.slug)
    return articles


def article_paths():
    """A function giving an article's address from a row of values that names its
    publication's slug, its issue's edition and its own slug, for lists of many: the
    pattern is looked up once (`path_maker`)."""
    path = path_maker("bulletins:article", 3)
    return lambda row: path(row["issue__publication__slug"], row["issue__edition"], row["slug"])


def article_lines(rows):
    """What a list of articles from several issues shows of each (`_article_list.html`),
    from rows of `for_list()`: its address, its headline, and a line naming its issue,
    as plain values. The template read five names through each article's issue and
    publication, the issue's date label among them: a quarter of a topic page's CPU."""
    path = article_paths()
    lines = []
    for row in rows:
        kind = "interview, " if row["kind"] == Article.Kind.INTERVIEW else ""
        label = date_label(row["issue__period_label"], row["issue__issue_date"])
        lines.append({
            "url": path(row),
            "headline": row["headline"],
            "details": f"{kind}{row['issue__publication__name']}, issue "
                       f"{row['issue__edition']} ({label})",
        })
    return lines


class PullQuote(models.Model):
    """A quotation shown prominently beside an article, attributed as it was printed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pull_quotes")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="pull_quotes",
        help_text="Who said it, if they are in the people directory.",
    )
    attribution = models.CharField(
        max_length=200, blank=True, help_text='Free-text speaker when not a person on record '
                                              '("A café visitor").',
    )
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Filled in from the person's role on the issue date when left empty.",
    )
    role_text = models.CharField(
        max_length=200, blank=True, help_text="Role as printed, when it differs from the record.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        if self.person_id and not self.role_id and not self.role_text:
            self.role = self.person.role_on(self.article.issue.issue_date)
        super().save(*args, **kwargs)

    def clean(self):
        if not self.person_id and not self.attribution:
            raise ValidationError("Name the person quoted or give a free-text attribution.")


class KeyFact(models.Model):
    """A headline figure from an article: '36%' of patients discharged without a visit."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="key_facts")
    position = models.PositiveIntegerField(default=0)
    figure = models.CharField(max_length=40, help_text='e.g. "36%", "£1million", "577".')
    label = models.CharField(max_length=250, help_text="What the figure counts.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.figure} {self.label}"
