"""The demo bulletins carry every article of the seed issues, and load idempotently."""

import re
import unicodedata

import pytest
from django.core.management import call_command
from taggit.models import Tag

from bulletins.admin import _issues_for
from bulletins.models import Article, Issue

pytestmark = pytest.mark.django_db


def _norm(text):
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def _seed(seeds_dir, prefix):
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text()


def _contents_lines(text):
    """The entries under 'INCLUDED IN THIS ISSUE:' up to the first article heading."""
    block = text.split("INCLUDED IN THIS ISSUE:", 1)[1].split("\n## ", 1)[0]
    return [_norm(line) for line in block.splitlines() if line.strip()]


def _titles(publication, edition):
    issue = Issue.objects.published().get(publication__slug=publication, edition=edition)
    return [(_norm(a.headline), _norm(a.contents_title), a.page_number)
            for a in issue.articles.all()]


@pytest.mark.parametrize("prefix,edition", [("000", 6), ("001", 4)])
def test_in_partnership_contents_lists_are_all_present(demo, seeds_dir, prefix, edition):
    headlines = [headline for headline, _label, _page in _titles("in-partnership", edition)]
    entries = _contents_lines(_seed(seeds_dir, prefix))
    assert len(entries) >= 5
    for entry in entries:
        assert any(entry.startswith(headline) for headline in headlines), entry


def test_in_partnership_issue_2_contents_are_all_present(demo, seeds_dir):
    text = _seed(seeds_dir, "003")
    # The contents run from the end of the welcome to the cover story's heading.
    block = text.split("approximately monthly.", 1)[1].split("A FOCUS ON RESILIENCE", 1)[0]
    block = _norm(block)
    titles = _titles("in-partnership", 2)
    assert _norm("A focus on resilience this winter") == titles[0][0]
    for headline, _label, _page in titles[1:]:
        assert headline in block, headline
        block = block.replace(headline, "")
    assert block.strip() == "", f"seed contents not in the demo: {block!r}"


def test_health_and_care_together_contents_match_titles_and_pages(demo, seeds_dir):
    text = _seed(seeds_dir, "004")
    table = text.split("In this edition", 1)[1].split("Future editions", 1)[0]
    seed_entries = {(int(page), _norm(label))
                    for page, label in re.findall(r"(\d+) ([^|\n]+?)\s*\|", table)}
    demo_entries = {(page, label) for _headline, label, page in
                    _titles("health-and-care-together", 3)}
    assert len(seed_entries) == 7
    assert seed_entries == demo_entries


def test_the_three_interviews_name_their_interviewees(demo):
    interviews = Article.objects.filter(kind="interview").select_related("interviewee")
    assert {(a.issue.edition, a.interviewee.slug) for a in interviews} == {
        (2, "mike-sandys"), (4, "angela-hillery"), (6, "ivan-browne"),
    }
    assert all(a.interviewee_role is not None for a in interviews)


def test_demo_articles_carry_people_organisations_facts_and_tags(demo):
    skin = Article.objects.get(slug="artificial-intelligence-speeding-up-skin-cancer-diagnosis")
    assert skin.key_facts.first().figure == "36%"
    assert "skin-analytics" in {o.slug for o in skin.organisations.all()}
    assert "pawan-randev" in {p.slug for p in skin.people.all()}
    assert ("cancer", "Cancer") in {(t.slug, t.name) for t in skin.tags.all()}
    assert not Article.objects.filter(tags=None).exists()


def test_the_demo_names_its_topics_for_readers_at_the_addresses_of_their_slugs(demo):
    names = dict(Tag.objects.values_list("slug", "name"))
    assert names["covid-19"] == "COVID-19" and names["crisis-cafes"] == "Crisis cafés"
    assert names["health-inequalities"] == "Health inequalities"
    # A database an earlier demo filled named them by their slugs; loading renames them.
    Tag.objects.filter(slug="crisis-cafes").update(name="crisis-cafes")
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Tag.objects.get(slug="crisis-cafes").name == "Crisis cafés"
    assert Tag.objects.count() == len(names)


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Issue.objects.count(), Article.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (Issue.objects.count(), Article.objects.count()) == counts == (5, 30)


def test_the_demo_leaves_the_press_office_a_draft_to_write_for(demo, press_user, client):
    draft = Issue.objects.get(publication__slug="in-partnership", edition=7)
    assert draft.status == Issue.Status.DRAFT and not draft.articles.exists()
    assert list(_issues_for(press_user, Issue.objects.all())) == [draft]
    assert not Issue.objects.published().filter(pk=draft.pk).exists()
    assert client.get(draft.get_absolute_url()).status_code == 404
