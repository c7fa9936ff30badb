"""Site search: what readers type finds what they mean, on both databases."""

import pytest
from django.db import connection

from icsportal import caching
from icsportal.search import highlight, marked, providers
from people.models import Organisation
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="full-text search needs PostgreSQL")


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_persons_name_finds_the_person(client):
    person = PersonFactory(honorific="Professor", given_name="Ivan", family_name="Browne")
    PersonFactory(given_name="Ivana", family_name="Elsewhere")
    html = results(client, q="Ivan Browne")
    assert f'href="{person.get_absolute_url()}"' in html
    assert "Elsewhere" not in html


def test_an_organisation_is_found_by_its_acronym(client):
    uhl = OrganisationFactory(name="University Hospitals of Leicester NHS Trust",
                              short_name="UHL", kind=Organisation.Kind.NHS_TRUST)
    html = results(client, q="UHL")
    assert f'href="{uhl.get_absolute_url()}"' in html
    assert "Organisations <span class=\"ics-meta\">(1)</span>" in html


def test_a_role_title_finds_the_person_who_holds_it(client):
    role = RoleFactory(title="Consultant in Public Health")
    html = results(client, q="consultant")
    assert f'href="{role.person.get_absolute_url()}"' in html
    assert "<mark>Consultant</mark> in Public Health" in html


def test_results_are_grouped_by_type_with_counts(client):
    OrganisationFactory(name="Rutland County Council")
    RoleFactory(title="Portfolio Holder", organisation__name="Rutland Health PCN")
    html = results(client, q="Rutland")
    assert "Organisations (2)" in html
    assert "People (1)" in html
    assert "3 results" in html


def test_the_type_filter_shows_one_type_and_paginates_it(client):
    for n in range(25):
        OrganisationFactory(name=f"Rutland Partner {n:02}")
    PersonFactory(family_name="Rutland")
    first = results(client, q="Rutland", type="organisations")
    assert 'aria-current="page">Organisations (25)' in first
    assert "Rutland Partner 19" in first and "Rutland Partner 20" not in first
    assert "Page 1 of 2" not in first and "Page 2 of 2" in first
    assert "/people/rutland" not in first  # the other type is counted, not listed
    second = results(client, q="Rutland", type="organisations", page=2)
    assert "Rutland Partner 24" in second


def test_everything_shows_a_few_of_each_type_with_a_link_to_the_rest(client):
    for n in range(7):
        OrganisationFactory(name=f"Melton Group {n}")
    html = results(client, q="Melton")
    assert html.count("Melton Group") == 5
    assert "Show all 7 organisations" in html


def test_search_query_count_is_bounded_and_constant_in_results(client,
                                                               django_assert_max_num_queries,
                                                               committed):
    # One query per type, whatever it finds; on PostgreSQL the search is a
    # transaction (begin, a planner setting, commit).
    budget = len(providers()) + (3 if connection.vendor == "postgresql" else 0)
    counts = []
    for size in (1, 12):
        with committed():
            while len(Organisation.objects.filter(name__startswith="Strategy")) < size:
                RoleFactory(title="Director of Strategy",
                            organisation__name=f"Strategy Body {Organisation.objects.count()}")
        with django_assert_max_num_queries(budget) as ctx:
            results(client, q="Strategy")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_an_empty_search_shows_the_form_without_querying(client, django_assert_num_queries):
    caching.content_version()  # made by a process's first request: when pages next change
    with django_assert_num_queries(0):
        html = results(client)
    assert 'name="q"' in html


def test_bad_input_gets_a_message_and_keeps_what_was_typed(client):
    html = results(client, q="Rutland", year="last year")
    assert "Enter a whole number" in html
    assert 'value="Rutland"' in html


def test_snippets_escape_content_and_mark_only_matches():
    snippet = highlight("<p>Fish &amp; chips <script>x</script> at the fish bar</p>", ["fish"])
    assert snippet == (
        "<mark>Fish</mark> &amp; chips x at the <mark>fish</mark> bar"
    )
    assert marked("a <b> \ue000c\ue001") == "a &lt;b&gt; <mark>c</mark>"


def test_a_long_snippet_is_cut_around_the_first_match():
    text = "word " * 100 + "needle " + "word " * 100
    snippet = highlight(text, ["needle"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>needle</mark>" in snippet
    assert len(snippet) < 300


def test_a_search_term_in_content_cannot_inject_markup(client):
    PersonFactory(family_name="Smith", biography="<p>Smith said &lt;b&gt;hello&lt;/b&gt;</p>")
    html = results(client, q="<b>Smith</b>")
    assert "<b>hello" not in html and "<b>Smith" not in html


@pytest.mark.postgres
@postgres_only
def test_stemming_finds_a_director_from_directors(client):
    role = RoleFactory(title="Director of Public Health")
    html = results(client, q="directors")
    assert f'href="{role.person.get_absolute_url()}"' in html
    assert "<mark>Director</mark>" in html


@pytest.mark.postgres
@postgres_only
def test_websearch_syntax_excludes_a_word(client):
    keep = OrganisationFactory(name="Rutland County Council")
    drop = OrganisationFactory(name="Rutland Health Network")
    html = results(client, q="Rutland -health")
    assert keep.get_absolute_url() in html
    assert drop.get_absolute_url() not in html


@pytest.mark.postgres
@postgres_only
def test_a_name_match_ranks_above_a_biography_match(client):
    named = PersonFactory(family_name="Hillery")
    PersonFactory(family_name="Aardvark", biography="<p>Worked with Hillery for years.</p>")
    html = results(client, q="Hillery", type="people")
    assert html.index(named.get_absolute_url()) < html.index("Aardvark")


def test_counts_stop_at_the_cap_and_say_more_than(client, cap, monkeypatch):
    cap(3)
    monkeypatch.setattr("icsportal.search.PER_GROUP", 2)
    for n in range(6):
        OrganisationFactory(name=f"Oakham Group {n}")
    html = results(client, q="Oakham")
    assert "Organisations (more than 3)" in html
    assert "more than 3 results" in html
    assert "Show more organisations" in html
    assert html.count("Oakham Group") == 2
    chosen = results(client, q="Oakham", type="organisations")
    assert 'aria-current="page">Organisations (more than 3)' in chosen


def test_a_page_past_the_last_shows_the_last(client):
    for n in range(23):
        OrganisationFactory(name=f"Uppingham Body {n:02}")
    html = results(client, q="Uppingham", type="organisations", page=9)
    assert "Uppingham Body 22" in html and "Page 1 of 2" in html
