"""The heaviest people, issue, article and meeting pages and the feeds load all they show
(FETCH_RAISE)."""

import pytest
from django.core.exceptions import FieldFetchBlocked

from icsportal import bench_urls
from people.models import Role
from tests.people.factories import RoleFactory
from tests.perf.conftest import lazy_fetches_raise

pytestmark = pytest.mark.django_db


def test_a_forgotten_select_related_fails_loudly():
    RoleFactory()
    with lazy_fetches_raise(), pytest.raises(FieldFetchBlocked):
        Role.objects.first().organisation  # noqa: B018


@pytest.mark.parametrize("label", [
    "person", "organisation", "people list", "organisations", "issue", "article", "meeting",
    "feed (all bulletins)", "feed (decisions)",
])
def test_the_page_fetches_nothing_lazily(label, corpus, render_strict):
    corpus(0.05)
    path = dict(bench_urls.resolve())[label]
    assert render_strict(path).status_code == 200
