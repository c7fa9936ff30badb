"""Who may do what: every group against every admin model and publishing rule, and what the
public can reach of content that is not yet public.

The expectations are written out here by hand, not derived from the `roles.py` files, so
a change to a group's permissions that nobody meant shows up as a failure.
"""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from bulletins import services as bulletin_services
from bulletins.models import Issue
from governance import services as governance_services
from governance.models import BankHoliday, Correction, Meeting, Outcome, PublicQuestion
from icsportal import roles
from tests.bulletins.factories import ArticleFactory, IssueFactory, PublicationFactory
from tests.conftest import make_staff
from tests.governance.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    PublicQuestionFactory,
)
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

ANONYMOUS = "anonymous"
GROUPS = [ANONYMOUS, roles.PRESS_OFFICE, roles.EDITORS, roles.GOVERNANCE_OFFICERS,
          roles.SITE_ADMINISTRATORS]

# What each staff group may do in the admin: v(iew) a(dd) c(hange) d(elete).
# Anonymous visitors are sent to the login page for every admin URL.
#                          Press office  Editors  Governance  Site administrators
EXPECTED = {
    "auth.Group":               ("",     "",      "",        "vc"),
    "auth.User":                ("",     "",      "",        "vacd"),
    "sites.Site":               ("",     "",      "",        "v"),
    "taggit.Tag":               ("va",   "vacd",  "",        ""),
    "axes.AccessAttempt":       ("",     "",      "",        ""),
    "axes.AccessLog":           ("",     "",      "",        ""),
    "axes.AccessFailureLog":    ("",     "",      "",        ""),
    "flatpages.FlatPage":       ("",     "",      "",        "vacd"),
    "people.Person":            ("vac",  "vac",   "vac",     "vacd"),
    "people.Organisation":      ("vac",  "vac",   "vac",     "vacd"),
    "people.Role":              ("vac",  "vacd",  "vac",     "vacd"),
    "bulletins.Publication":    ("v",    "vac",   "",        "v"),
    "bulletins.Issue":          ("vac",  "vacd",  "",        "v"),
    "bulletins.Article":        ("vacd", "vacd",  "",        "v"),
    "governance.Board":         ("v",    "v",     "vacd",    "vacd"),
    "governance.Meeting":       ("v",    "v",     "vacd",    "vacd"),
    "governance.AgendaItem":    ("v",    "v",     "vacd",    "vacd"),
    "governance.PublicQuestion": ("v",   "v",     "vacd",    "vacd"),
    "governance.Outcome":       ("v",    "v",     "vacd",    "vacd"),
    "governance.BankHoliday":   ("v",    "v",     "vacd",    "vacd"),
    # Written by the correction rule only: nobody adds, edits or deletes one by hand.
    "governance.Correction":    ("v",    "v",     "v",       "v"),
}

# The rules with consequences, called as each group's user: who is allowed.
ACTIONS = {
    "publish issue": {roles.EDITORS},
    "schedule issue": {roles.EDITORS},
    "unpublish issue": {roles.EDITORS},
    "publish minutes": {roles.GOVERNANCE_OFFICERS, roles.SITE_ADMINISTRATORS},
    "approve minutes": {roles.GOVERNANCE_OFFICERS, roles.SITE_ADMINISTRATORS},
}

REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def _axes_row(model):
    return model.objects.create(username="someone", ip_address="127.0.0.1", user_agent="test",
                                http_accept="*/*", path_info="/admin/login/",
                                **({"get_data": "", "post_data": "", "failures_since_start": 1}
                                   if model is AccessAttempt else {}))


def _build_world():
    """One record of every admin model, staff users and the unpublished content."""
    now = timezone.now()
    draft = IssueFactory(cover_headline="Draft cover nobody may read")
    draft_article = ArticleFactory(issue=draft, headline="Draft story nobody may read")
    draft_article.tags.add("Embargoed topic")
    scheduled = IssueFactory(publication=draft.publication, status=Issue.Status.PUBLISHED,
                             publish_at=now + datetime.timedelta(days=3),
                             cover_headline="Scheduled cover not out yet")
    scheduled_article = ArticleFactory(issue=scheduled, headline="Scheduled story not out yet")
    board = BoardFactory()
    open_meeting = MeetingFactory(board=board, minutes_status=Meeting.MinutesStatus.NONE)
    unminuted = MeetingFactory(board=board, minutes_status=Meeting.MinutesStatus.DRAFT)
    AgendaItemFactory(meeting=unminuted, minutes="<p>Unpublished minute text</p>")
    published = MeetingFactory(board=board, minutes_status=Meeting.MinutesStatus.PUBLISHED)
    later = MeetingFactory(board=board, minutes_status=Meeting.MinutesStatus.NONE,
                           start=published.start + datetime.timedelta(days=30))
    received = PublicQuestionFactory(meeting=published, status=PublicQuestion.Status.RECEIVED,
                                     speaker_name="Received Questioner",
                                     question="A received question not yet accepted")
    tag, _ = Tag.objects.get_or_create(name="Primary care", slug="primary-care")
    flatpage = FlatPage.objects.create(url="/matrix/", title="Matrix", content="<p>x</p>")
    flatpage.sites.add(Site.objects.get_current())
    objects = {
        "auth.Group": Group.objects.get(name=roles.PRESS_OFFICE),
        "auth.User": User.objects.create_user("someone-else"),
        "sites.Site": Site.objects.get_current(),
        "taggit.Tag": tag,
        "axes.AccessAttempt": _axes_row(AccessAttempt),
        "axes.AccessLog": _axes_row(AccessLog),
        "axes.AccessFailureLog": _axes_row(AccessFailureLog),
        "flatpages.FlatPage": flatpage,
        "people.Person": PersonFactory(),
        "people.Organisation": OrganisationFactory(),
        "people.Role": RoleFactory(),
        "bulletins.Publication": PublicationFactory(),
        "bulletins.Issue": draft,
        "bulletins.Article": draft_article,
        "governance.Board": board,
        "governance.Meeting": open_meeting,
        "governance.AgendaItem": AgendaItemFactory(meeting=open_meeting),
        "governance.PublicQuestion": PublicQuestionFactory(meeting=open_meeting),
        "governance.Outcome": Outcome.objects.order_by("pk").first(),
        "governance.BankHoliday": BankHoliday.objects.create(date=datetime.date(2030, 12, 25),
                                                             name="Christmas Day"),
        "governance.Correction": Correction.objects.create(
            meeting=published, what="Minute 3", reason="A typing error", changes={}),
    }
    users = {group: make_staff(f"matrix-{n}", group) for n, group in enumerate(GROUPS[1:])}
    users[ANONYMOUS] = None
    return {
        "objects": objects, "users": users,
        "draft": draft, "draft_article": draft_article, "scheduled": scheduled,
        "scheduled_article": scheduled_article, "unminuted": unminuted,
        "published": published, "later": later, "received": received,
        "reader": User.objects.create_user("reader", password="not staff at all"),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back afterwards; each
    test then runs in its own savepoint, so what a test changes never reaches the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _client(world, group):
    client = Client()
    if world["users"][group] is not None:
        client.force_login(world["users"][group])
    return client


def _admin_allowed(client, url, anonymous):
    """(True, response) for 200, False for 403 or, for anonymous visitors, the login page."""
    response = client.get(url)
    if anonymous:
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        return False, response
    assert response.status_code in (200, 403), (url, response.status_code)
    return response.status_code == 200, response


def _admin_rights(client, model, obj, anonymous):
    """The letters of "vacd" this client actually has on `model`, from four admin GETs."""
    info = model._meta.app_label, model._meta.model_name
    urls = {
        "list": reverse("admin:{}_{}_changelist".format(*info)),
        "add": reverse("admin:{}_{}_add".format(*info)),
        "change": reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
        "delete": reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]),
    }
    if anonymous:
        for url in urls.values():
            _admin_allowed(client, url, anonymous=True)
        return ""
    rights = ""
    listed, _ = _admin_allowed(client, urls["list"], False)
    shown, change_page = _admin_allowed(client, urls["change"], False)
    # The change page is also the read-only view: only a user who may change gets Save.
    can_save = shown and 'name="_save"' in change_page.content.decode()
    assert listed == shown, f"{model._meta.label}: list and change page disagree"
    rights += "v" if listed else ""
    rights += "a" if _admin_allowed(client, urls["add"], False)[0] else ""
    rights += "c" if can_save else ""
    rights += "d" if _admin_allowed(client, urls["delete"], False)[0] else ""
    return rights


def _run_action(world, name, user):
    user = user or AnonymousUser()
    if name.endswith("issue"):
        issue = Issue.objects.get(pk=world["draft"].pk)
        if name == "publish issue":
            bulletin_services.publish(issue, user)
        elif name == "schedule issue":
            bulletin_services.publish(issue, user, at=timezone.now() + datetime.timedelta(days=1))
        else:
            bulletin_services.unpublish(Issue.objects.get(pk=world["scheduled"].pk), user)
    elif name == "publish minutes":
        governance_services.publish_minutes(Meeting.objects.get(pk=world["unminuted"].pk), user)
    else:
        meeting = Meeting.objects.get(pk=world["published"].pk)
        governance_services.approve_minutes(meeting, user, world["later"])


def _allowed_to(world, name, user):
    try:
        with transaction.atomic():
            _run_action(world, name, user)
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("subject", REGISTERED + sorted(ACTIONS))
@pytest.mark.parametrize("group", GROUPS)
def test_each_group_may_do_exactly_what_the_table_says(world, db, group, subject):
    assert set(EXPECTED) == set(REGISTERED), (
        "every model registered in the admin needs a row in EXPECTED, and only those: "
        f"missing {set(REGISTERED) - set(EXPECTED)}, stale {set(EXPECTED) - set(REGISTERED)}"
    )
    if subject in ACTIONS:
        assert _allowed_to(world, subject, world["users"][group]) == (group in ACTIONS[subject])
        return
    model = next(m for m in admin.site._registry if m._meta.label == subject)
    expected = "" if group == ANONYMOUS else EXPECTED[subject][GROUPS.index(group) - 1]
    actual = _admin_rights(_client(world, group), model, world["objects"][subject],
                           anonymous=group == ANONYMOUS)
    assert actual == expected, f"{group} on {subject}: has {actual!r}, expected {expected!r}"


def _unpublished_cases(world):
    """(label, url, text that must not appear; None when the page itself must be a 404)."""
    draft, scheduled = world["draft"], world["scheduled"]
    return [
        ("draft issue", draft.get_absolute_url(), None),
        ("draft article", world["draft_article"].get_absolute_url(), None),
        ("draft issue preview", draft.get_preview_url(), None),
        ("draft article preview", world["draft_article"].get_preview_url(), None),
        ("scheduled issue", scheduled.get_absolute_url(), None),
        ("scheduled article", world["scheduled_article"].get_absolute_url(), None),
        ("topic of a draft article", reverse("bulletins:topic", args=["embargoed-topic"]),
         "Draft story nobody may read"),
        ("publication page", draft.publication.get_absolute_url(), "Draft cover nobody"),
        ("publication page, scheduled", draft.publication.get_absolute_url(), "Scheduled cover"),
        ("bulletins list", reverse("bulletins:publication_list"), "Scheduled cover"),
        ("home", reverse("home"), "Draft cover nobody"),
        ("search", reverse("search") + "?q=nobody+may+read", "Draft story nobody may read"),
        ("search, scheduled", reverse("search") + "?q=not+out+yet", "Scheduled story"),
        ("meeting with draft minutes", world["unminuted"].get_absolute_url(),
         "Unpublished minute text"),
        ("meeting with a received question", world["published"].get_absolute_url(),
         "A received question not yet accepted"),
        ("meeting with a received question, name", world["published"].get_absolute_url(),
         "Received Questioner"),
    ]


CASES = [
    "draft issue", "draft article", "draft issue preview", "draft article preview",
    "scheduled issue", "scheduled article", "topic of a draft article", "publication page",
    "publication page, scheduled", "bulletins list", "home", "search", "search, scheduled",
    "meeting with draft minutes", "meeting with a received question",
    "meeting with a received question, name",
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("visitor", ["anonymous", "logged-in reader"])
def test_the_public_never_reaches_unpublished_content(world, db, visitor, case):
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["reader"])
    cases = {label: (url, secret) for label, url, secret in _unpublished_cases(world)}
    assert set(cases) == set(CASES)
    url, secret = cases[case]
    response = client.get(url, follow=True)
    if secret is None:
        assert response.status_code == 404, f"{url} answered {response.status_code}"
    else:
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert secret not in response.content.decode(), f"{secret!r} is on {url}"
