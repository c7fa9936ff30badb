"""The pages `make bench` measures, in one list: (label, function returning a path).

A function returns None when the corpus has nothing to show on that page type; the
bench then skips the row. Detail pages pick the heaviest record (most related rows),
so the numbers show the worst page of each type, not a lucky one. To benchmark a new
page type, append one row here.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode


def _heaviest_person():
    """The person with the most roles, counting articles and meetings that name them too."""
    from people.models import Person

    person = Person.objects.annotate(
        n=Count("roles", distinct=True) + Count("articles", distinct=True)
        + Count("attendances", distinct=True)
    ).order_by("-n", "pk").first()
    return person and person.get_absolute_url()


def _heaviest_partner():
    from people.models import Organisation

    organisation = (
        Organisation.objects.partners().annotate(n=Count("roles")).order_by("-n", "pk").first()
    )
    return organisation and organisation.get_absolute_url()


def _heaviest_issue():
    from bulletins.models import Issue

    issue = (Issue.objects.published().select_related("publication")
             .annotate(n=Count("articles")).order_by("-n", "pk").first())
    return issue and issue.get_absolute_url()


def _heaviest_article():
    from bulletins.models import Article

    article = (Article.objects.published()
               .annotate(n=Count("people", distinct=True) + Count("pull_quotes", distinct=True)
                         + Count("key_facts", distinct=True))
               .order_by("-n", "pk").first())
    return article and article.get_absolute_url()


def _biggest_topic():
    from taggit.models import Tag

    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n", "pk").first()
    return tag and reverse("bulletins:topic", args=[tag.slug])


def _biggest_publication():
    from bulletins.models import Publication

    publication = Publication.objects.annotate(n=Count("issues")).order_by("-n", "pk").first()
    return publication and publication.get_absolute_url()


def _heaviest_meeting():
    from governance.models import Meeting

    meeting = (Meeting.objects.with_minutes().select_related("board")
               .annotate(n=Count("items__resolutions")).order_by("-n", "pk").first())
    return meeting and meeting.get_absolute_url()


def _busiest():
    """The board with the most meetings, or None."""
    from governance.models import Board

    return Board.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()


def _busiest_board():
    board = _busiest()
    return board and board.get_absolute_url()


def _filtered_decisions():
    """The register narrowed as a reader would: one board, one outcome, one year."""
    from governance.models import Outcome, Resolution

    board = _busiest()
    outcome = (Outcome.objects.annotate(n=Count("resolutions")).order_by("-n", "pk").first())
    if not (board and outcome and Resolution.objects.exists()):
        return None
    query = urlencode({"board": board.slug, "outcome": outcome.word,
                       "from": "2026-01-01", "to": "2026-09-30"})
    return f"{reverse('governance:decision_list')}?{query}"


def _search(q):
    return lambda: f"{reverse('search')}?{urlencode({'q': q})}"


def _search_a_board():
    """A topic searched within the busiest board's meetings and decisions: the search
    a board's members and the press make, and the whole of its history to search."""
    board = _busiest()
    return board and f"{reverse('search')}?{urlencode({'q': 'mental health', 'board': board.slug})}"


def _last_people_page():
    """The final page of the people list: it starts 50 people from the end of the name order."""
    from people.listing import NAME_ORDER_DESC, PAGE_SIZE
    from people.models import Person

    slugs = list(Person.objects.order_by(*NAME_ORDER_DESC)
                 .values_list("slug", flat=True)[PAGE_SIZE - 1:PAGE_SIZE])
    return slugs and f"{reverse('people:person_list')}?{urlencode({'from': slugs[0]})}"


BENCH_URLS = [
    # The ceiling must stay first: every other row is compared with it.
    ("ceiling", lambda: reverse("bench_ceiling")),
    # The site's layout with no query: what every public page costs before its own work.
    ("layout (no database)", lambda: reverse("bench_layout")),
    ("home", lambda: reverse("home")),
    ("people list", lambda: reverse("people:person_list")),
    ("people list, last page", _last_people_page),
    ("person", _heaviest_person),
    ("organisations", lambda: reverse("people:organisation_list")),
    ("organisation", _heaviest_partner),
    ("about (static page)", lambda: reverse("about")),
    ("bulletins", lambda: reverse("bulletins:publication_list")),
    ("publication archive", _biggest_publication),
    ("issue", _heaviest_issue),
    ("article", _heaviest_article),
    ("topic", _biggest_topic),
    ("topics", lambda: reverse("bulletins:topic_list")),
    ("meetings list", lambda: reverse("governance:meeting_list")),
    ("boards", lambda: reverse("governance:board_list")),
    ("meeting", _heaviest_meeting),
    ("board", _busiest_board),
    ("decisions register", lambda: reverse("governance:decision_list")),
    ("decisions, filtered", _filtered_decisions),
    ("search, a name", _search("patel")),
    ("search, a topic", _search("mental health")),
    ("search, a board", _search_a_board),
    ("API list (people)", lambda: "/api/v1/persons/"),
    ("API list (articles)", lambda: "/api/v1/articles/"),
    ("API list (decisions)", lambda: "/api/v1/decisions/"),
    ("feed (all bulletins)", lambda: reverse("bulletins:feed")),
    ("feed (decisions)", lambda: reverse("governance:decision_feed")),
]


def resolve():
    """[(label, path)] for the rows this database can fill."""
    rows = [(label, build()) for label, build in BENCH_URLS]
    return [(label, path) for label, path in rows if path]


# Typical site searches, timed by `make bench-search` (p50/p95 of the whole page, uncached):
# a common surname, a first name and surname, a role, a topic, a place.
SEARCH_QUERIES = ["patel", "priya shah", "chief executive", "mental health", "rutland"]
