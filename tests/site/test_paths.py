"""Records' addresses filled into a pattern reversed once are exactly what reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from icsportal.paths import path_maker, record_path
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.governance.factories import MeetingFactory
from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _records():
    article = ArticleFactory(slug="hidden_talents-2", issue=IssueFactory(edition=12))
    issue, meeting = article.issue, MeetingFactory()
    person, organisation = PersonFactory(), OrganisationFactory()
    return [
        (person, "people:person", [person.slug]),
        (organisation, "people:organisation", [organisation.slug]),
        (issue.publication, "bulletins:publication", [issue.publication.slug]),
        (issue, "bulletins:issue", [issue.publication.slug, 12]),
        (article, "bulletins:article", [issue.publication.slug, 12, "hidden_talents-2"]),
        (meeting.board, "governance:board", [meeting.board.slug]),
        (meeting, "governance:meeting", [meeting.board.slug, meeting.local_date.isoformat()]),
    ]


@pytest.mark.parametrize("prefix", ["/", "/portal/"])
def test_every_record_address_is_the_reversed_one(prefix):
    records = _records()
    set_script_prefix(prefix)
    try:
        for record, viewname, args in records:
            expected = reverse(viewname, args=args)
            assert expected.startswith(prefix)
            assert record.get_absolute_url() == expected
            assert record_path(viewname, *args) == expected
            assert path_maker(viewname, len(args))(*args) == expected
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    "slug", ["mental-health", "v1.2_x~y", "café & co", "50% more", "a+b=c", "ünï"]
)
def test_arguments_are_quoted_as_reverse_quotes_them(slug):
    assert record_path("bulletins:topic", slug) == reverse("bulletins:topic", args=[slug])


def test_two_patterns_with_as_many_arguments_keep_their_own_parts():
    assert record_path("people:person", "x") == "/people/x/"
    assert record_path("people:organisation", "x") == "/organisations/x/"
    assert record_path("governance:board", "x") == "/boards/x/"
