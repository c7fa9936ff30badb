"""The heaviest people, issue, article, meeting and board pages, the API lists and the feeds
load all they show (FETCH_RAISE): nothing they show is left deferred."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import FieldFetchBlocked

from icsportal import bench_urls, search
from people.models import Role
from tests.people.factories import RoleFactory
from tests.perf.conftest import lazy_fetches_raise

pytestmark = pytest.mark.django_db


def test_a_forgotten_select_related_fails_loudly():
    RoleFactory()
    with lazy_fetches_raise(), pytest.raises(FieldFetchBlocked):
        Role.objects.first().organisation  # noqa: B018


@pytest.mark.parametrize("label", [
    "home", "person", "organisation", "people list", "organisations", "issue", "article",
    "topics", "meetings list", "boards", "meeting", "board", "API list (people)",
    "API list (articles)", "API list (decisions)", "feed (all bulletins)", "feed (decisions)",
])
def test_the_page_fetches_nothing_lazily(label, corpus, render_strict):
    corpus(0.05)
    path = dict(bench_urls.resolve())[label]
    assert render_strict(path).status_code == 200


@pytest.mark.parametrize(("q", "types"), [
    ("patel", {"people", "articles", "meetings"}),
    ("mental health", {"articles", "meetings", "decisions"}),
    ("trust", {"organisations"}),
])
def test_search_results_fetch_nothing_lazily(q, types, corpus, render_strict, monkeypatch):
    """The hit lines read nothing lazily. On SQLite the rows come from the ORM and a lazy
    fetch raises here; on PostgreSQL they load only each provider's `hit_fields` through
    a compiled statement (test_search_statements.py), and a field the list leaves out
    costs a query per row, which the search query budgets catch."""
    corpus(0.05)
    # Querysets keep the fetch mode they were made with; build the shown rows afresh.
    monkeypatch.setattr(search, "_shown_cache", {})
    response = render_strict(f"/search/?{urlencode({'q': q})}")
    assert response.status_code == 200
    shown = {group.provider.key for group in response.context["groups"] if group.hits}
    assert types <= shown, "each provider's hit line is rendered by one of these searches"
