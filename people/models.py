"""Organisations, people and the roles that join them over time."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from icsportal.paths import record_path
from icsportal.renditions import SMALL_WIDTHS, keep_renditions
from icsportal.richtext import RichTextField
from icsportal.search_index import SearchDocumentField, SearchDocumentIndex
from icsportal.uploads import SMALL_IMAGE_WIDTH, RandomName, SafeImageField


class OrganisationQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_partner=True)

    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


class Organisation(models.Model):
    """A body that takes part in, or is named by, the ICS: an NHS trust, a council, a charity."""

    class Kind(models.TextChoices):
        INTEGRATED_CARE_BOARD = "icb", "Integrated care board"
        NHS_TRUST = "nhs_trust", "NHS trust"
        CCG = "ccg", "Clinical commissioning group"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PRIMARY_CARE_NETWORK = "pcn", "Primary care network"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        POLICE = "police", "Police"
        VCSE = "vcse", "Voluntary and community sector"
        UNIVERSITY = "university", "University"
        COMPANY = "company", "Company"
        OTHER = "other", "Other"

    class Place(models.TextChoices):
        LEICESTER = "leicester", "Leicester"
        LEICESTERSHIRE = "leicestershire", "Leicestershire"
        RUTLAND = "rutland", "Rutland"
        SYSTEM = "system", "System-wide (LLR)"
        OUTSIDE = "outside", "Outside the area"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Acronym or short form, e.g. UHL, LPT, EMAS."
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    place = models.CharField(max_length=20, choices=Place.choices, default=Place.SYSTEM)
    website = models.URLField(blank=True)
    logo = SafeImageField(upload_to=RandomName("organisations"), blank=True,
                          max_width=SMALL_IMAGE_WIDTH)
    # Narrower copies for srcset, and the logo's own size (icsportal.renditions).
    logo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    description = RichTextField(blank=True)
    is_partner = models.BooleanField(
        "ICS partner", default=False, help_text="Listed on the partners page."
    )
    dissolved_on = models.DateField(
        null=True, blank=True, help_text="Last day the organisation existed, if it has closed."
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The body that took over its functions, e.g. the ICB for the CCGs.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The weighted full-text document site search matches (icsportal/search_index.py).
    search_document = SearchDocumentField()
    history = HistoricalRecords(excluded_fields=["search_document"])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "place"]),
            # The partners page reads only partners, by name, however many bodies exist.
            models.Index(
                fields=["name"], condition=Q(is_partner=True), name="organisation_partners"
            ),
            SearchDocumentIndex(fields=["search_document"], name="organisation_search"),
            # The newest change, which dates the sitemap's entry for organisations.
            models.Index(fields=["updated_at"], name="organisation_updated"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        keep_renditions(self, "logo", "logo_renditions", SMALL_WIDTHS)

    def get_absolute_url(self):
        return record_path("people:organisation", self.slug)

    @property
    def is_dissolved(self):
        return dissolved(self.dissolved_on, timezone.localdate())


# Labels of an organisation's choices, for lines built from rows of values (the
# partners list, the API's Popolo export), read once.
KIND_LABELS = dict(Organisation.Kind.choices)
PLACE_LABELS = dict(Organisation.Place.choices)


def dissolved(dissolved_on, today):
    """Whether an organisation dissolved on `dissolved_on` (None: not dissolved) had
    closed by `today`: it is still open on the day itself."""
    return dissolved_on is not None and dissolved_on < today


# A person's name as display_name() takes it, and what a line linking to them reads.
NAME_FIELDS = ("honorific", "given_name", "family_name", "post_nominals")
PERSON_LINE_FIELDS = (*NAME_FIELDS, "slug")


def display_name(honorific, given_name, family_name, post_nominals):
    """A person's name as the records write it, from its parts (see Person.display_name)."""
    return " ".join(part for part in (honorific, given_name, family_name, post_nominals) if part)


class Person(models.Model):
    """Somebody the ICS's records name: a board member, an interviewee, an officer."""

    honorific = models.CharField(
        max_length=30,
        blank=True,
        help_text="As the records write it: Councillor, Dr, Professor, Insp, Mrs.",
    )
    given_name = models.CharField(
        max_length=100,
        blank=True,
        help_text='First name or initial ("S" for "Councillor S Harvey").',
    )
    family_name = models.CharField(max_length=100)
    post_nominals = models.CharField(max_length=60, blank=True, help_text="e.g. OBE, MBE.")
    slug = models.SlugField(max_length=200, unique=True)
    biography = RichTextField("short biography", blank=True)
    photo = SafeImageField(upload_to=RandomName("people"), blank=True, max_width=SMALL_IMAGE_WIDTH)
    # Narrower copies for srcset, and the photo's own size (icsportal.renditions).
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    photo_alt = models.CharField(
        "photo description", max_length=200, blank=True,
        help_text="Alternative text for the photo; leave empty for a plain portrait.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The weighted full-text document site search matches (icsportal/search_index.py).
    search_document = SearchDocumentField()
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        # The people list pages through everybody in this order, each page starting at a
        # person's (family name, given name, id): with the id in the index, PostgreSQL
        # seeks to that place exactly, as SQLite does with its rowid.
        indexes = [
            models.Index(fields=["family_name", "given_name", "id"], name="person_by_name_id"),
            SearchDocumentIndex(fields=["search_document"], name="person_search"),
            # The newest change, which dates the sitemap's entry for people.
            models.Index(fields=["updated_at"], name="person_updated"),
            # The admin's filter by honorific reads the few values here, not every row
            # (icsportal/admin_lists.py).
            models.Index(fields=["honorific"], name="person_honorific"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        keep_renditions(self, "photo", "photo_renditions", SMALL_WIDTHS)

    def get_absolute_url(self):
        return record_path("people:person", self.slug)

    @property
    def display_name(self):
        """The name as the seeds write it: 'Professor Azhar Farooqi OBE'."""
        return display_name(self.honorific, self.given_name, self.family_name, self.post_nominals)

    @property
    def plain_name(self):
        return " ".join(part for part in [self.given_name, self.family_name] if part)

    def role_on(self, date):
        """The role held on `date` (the first, by start date, if several).

        Uses prefetched roles when present so a list of people costs no extra query.
        """
        if isinstance(date, datetime.datetime):
            date = timezone.localtime(date).date()
        for role in self.roles.all():
            if role.held_on(date):
                return role
        return None

    def current_roles(self):
        today = timezone.localdate()
        return [role for role in self.roles.all() if role.held_on(today)]

    def past_roles(self):
        today = timezone.localdate()
        return [role for role in self.roles.all() if role.end_date and role.end_date < today]


class RoleQuerySet(models.QuerySet):
    def current(self):
        """Roles with no end date: held now, or agreed and about to start."""
        return self.filter(end_date__isnull=True)

    def as_lines(self):
        """The roles with what a role's line shows (its organisation's name and slug),
        a person's newest first.

        Role's default ordering starts with "person", which joins the person table to
        sort by name; within one person's roles only the date and title order matter.
        """
        return (self.select_related("organisation")
                .only("person_id", "title", "qualifier", "start_date", "end_date",
                      "organisation__name", "organisation__slug")
                .order_by("-start_date", "title"))


class Role(models.Model):
    """A post a person holds at an organisation for a period: 'Chair Designate, ICB'."""

    class Qualifier(models.TextChoices):
        NONE = "", "—"
        DESIGNATE = "designate", "Designate"
        INTERIM = "interim", "Interim"
        ACTING = "acting", "Acting"
        DEPUTY = "deputy", "Deputy"
        FORMER = "former", "Former"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    title = models.CharField(max_length=200, help_text="e.g. Director of Public Health.")
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the role is held.")
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-start_date", "title"]
        indexes = [
            # An organisation's past roles, newest end date first.
            models.Index(fields=["organisation", "end_date"]),
            # Its current roles, newest appointment first, read in order without sorting
            # the thousands a large body has.
            models.Index(
                fields=["organisation", "start_date"], condition=Q(end_date__isnull=True),
                name="role_current_by_organisation",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="role_ends_after_it_starts",
                violation_error_message="A role cannot end before it starts.",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """'Chair Designate, Integrated Care Board' as the bulletins write it."""
        organisation = self.organisation.name if self.organisation_id else None
        return role_label(self.title, self.qualifier, organisation)

    def held_on(self, date):
        started = self.start_date is None or self.start_date <= date
        not_ended = self.end_date is None or self.end_date >= date
        return started and not_ended


QUALIFIER_LABELS = dict(Role.Qualifier.choices)


def role_label(title, qualifier, organisation_name=None):
    """A role as the records write it, from its parts (see Role.label)."""
    if qualifier == Role.Qualifier.DESIGNATE:
        title = f"{title} {QUALIFIER_LABELS.get(qualifier, qualifier)}"
    elif qualifier:
        title = f"{QUALIFIER_LABELS.get(qualifier, qualifier)} {title}"
    if organisation_name is not None:
        return f"{title}, {organisation_name}"
    return title
