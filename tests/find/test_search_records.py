"""Search over bulletins and the governance record finds what readers look for, and no more."""

import datetime

import pytest
from django.db import connection

from governance.models import AgendaItem, Meeting, Outcome
from icsportal.search import providers
from tests.bulletins.factories import ArticleFactory, IssueFactory, PublicationFactory
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    PublicQuestionFactory,
    ResolutionFactory,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="full-text search needs PostgreSQL")


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def published_issue():
    return IssueFactory(published=True, publication=PublicationFactory(slug="in-partnership"))


def test_a_persons_name_finds_their_interview_and_the_meetings_they_attended(
        client, published_issue):
    person = PersonFactory(honorific="Dr", given_name="Nadia", family_name="Quellington")
    interview = ArticleFactory(issue=published_issue, kind="interview", interviewee=person,
                               headline="In their words: a GP on prevention")
    attended = AttendanceFactory(person=person).meeting
    absent_elsewhere = MeetingFactory()
    html = results(client, q="Quellington")
    assert f'href="{interview.get_absolute_url()}"' in html
    assert f'href="{attended.get_absolute_url()}"' in html
    assert absent_elsewhere.get_absolute_url() not in html
    assert f'href="{person.get_absolute_url()}"' in html


def test_articles_match_on_headline_standfirst_body_and_topic(client, published_issue):
    by_body = ArticleFactory(issue=published_issue, body="<p>A new crisis café opens.</p>")
    by_tag = ArticleFactory(issue=published_issue, headline="Support after dark")
    by_tag.tags.add("Night cafes")
    html = results(client, q="café")
    assert by_body.get_absolute_url() in html and "<mark>café</mark>" in html
    assert by_tag.get_absolute_url() in results(client, q="cafes")


def test_unpublished_and_scheduled_articles_are_never_found(client):
    import datetime

    from django.utils import timezone

    draft = ArticleFactory(headline="Zebrafish screening pilot draft")
    later = ArticleFactory(
        headline="Zebrafish screening pilot scheduled",
        issue=IssueFactory(status="published",
                           publish_at=timezone.now() + datetime.timedelta(days=2)),
    )
    html = results(client, q="Zebrafish")
    assert draft.get_absolute_url() not in html and later.get_absolute_url() not in html
    assert "Zebrafish screening" not in html


def test_the_publication_and_year_filters_narrow_articles_and_hide_other_types(
        client, published_issue):
    kept = ArticleFactory(issue=published_issue, headline="Vaccination roadshow")
    other = ArticleFactory(issue=IssueFactory(published=True), headline="Vaccination clinic")
    item = AgendaItemFactory(title="Vaccination programme update")
    assert item.meeting.get_absolute_url() in results(client, q="vaccination")
    html = results(client, q="vaccination", publication="in-partnership")
    assert kept.get_absolute_url() in html and other.get_absolute_url() not in html
    assert item.meeting.get_absolute_url() not in html  # meetings have no publication
    assert kept.get_absolute_url() not in results(client, q="vaccination", year=2019)


def test_a_resolutions_outcome_word_and_subject_find_it(client):
    approved = Outcome.objects.get_or_create(word="APPROVED")[0]
    resolution = ResolutionFactory(outcome=approved, text="the pharmacy needs assessment.",
                                   item__title="Pharmaceutical Needs Assessment")
    ResolutionFactory(text="the pharmacy workforce report.")  # NOTED, not approved
    html = results(client, q="approved pharmacy", type="decisions")
    assert f'href="{resolution.get_absolute_url()}"' in html
    assert "Decisions (1)" in html
    assert "APPROVED: Pharmaceutical Needs Assessment" in html


def test_a_meetings_hit_gives_its_london_date_and_says_when_it_was_called_off():
    meetings = next(provider for provider in providers() if provider.key == "meetings")
    late = MeetingFactory(start=datetime.datetime(2023, 7, 4, 23, 30, tzinfo=datetime.UTC))
    assert meetings.hit(late, "").meta == "Wednesday 5 July 2023"
    for status, label in [(Meeting.Status.CANCELLED, "Cancelled"),
                          (Meeting.Status.POSTPONED, "Postponed")]:
        late.status = status
        assert meetings.hit(late, "").meta == f"Wednesday 5 July 2023 · {label}"


def test_a_meeting_is_found_by_its_minutes_questions_and_answers(client):
    item = AgendaItemFactory(minutes="<p>Members welcomed the Oakham hub proposal.</p>")
    PublicQuestionFactory(meeting=item.meeting, question="Will the Uppingham surgery stay open?",
                          response="<p>Yes, with longer Saturday hours.</p>")
    for q in ("Oakham hub", "Uppingham", "Saturday"):
        assert item.meeting.get_absolute_url() in results(client, q=q), q


def test_draft_minutes_show_only_agenda_titles_to_search(client):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    item = AgendaItemFactory(meeting=meeting, title="Dementia strategy refresh",
                             minutes="<p>Draft discussion of Wymondham.</p>")
    ResolutionFactory(item=item, text="the Wymondham option.")
    AttendanceFactory(meeting=meeting, person=PersonFactory(family_name="Xylander"))
    PublicQuestionFactory(meeting=meeting, question="Why Wymondham?")
    assert meeting.get_absolute_url() in results(client, q="dementia")
    for hidden in ("Wymondham", "Xylander"):
        html = results(client, q=hidden)
        assert meeting.get_absolute_url() not in html, hidden


def test_exempt_items_and_unaccepted_questions_stay_out_of_search(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Exempt contract matter", is_exempt=True,
                      minutes="<p>Confidential Kibworth tender.</p>")
    PublicQuestionFactory(meeting=meeting, status="received", question="About Lutterworth?")
    unpublished = PublicQuestionFactory(meeting=meeting, response_published=False,
                                        response="<p>Draft answer on Sileby.</p>")
    for hidden in ("Kibworth", "Lutterworth", "Sileby", unpublished.contact_email,
                   unpublished.contact_phone.split()[-1]):
        assert meeting.get_absolute_url() not in results(client, q=hidden), hidden
    assert meeting.get_absolute_url() in results(client, q="exempt contract")


def test_the_board_filter_narrows_meetings_and_decisions(client):
    rutland = BoardFactory(slug="rutland-hwb")
    kept = AgendaItemFactory(meeting=MeetingFactory(board=rutland), title="Falls prevention")
    other = AgendaItemFactory(title="Falls prevention")
    html = results(client, q="falls", board="rutland-hwb")
    assert kept.meeting.get_absolute_url() in html
    assert other.meeting.get_absolute_url() not in html


def test_search_query_count_stays_constant_with_records(client, django_assert_max_num_queries,
                                                        published_issue, committed):
    # One query per type, whatever it finds; on PostgreSQL the search is a
    # transaction (begin, a planner setting, commit).
    budget = len(providers()) + (3 if connection.vendor == "postgresql" else 0)
    counts = []
    for size in (1, 12):
        with committed():
            while AgendaItem.objects.filter(title="Strategy update").count() < size:
                n = AgendaItem.objects.count()
                resolution = ResolutionFactory(item__title="Strategy update",
                                               text=f"the strategy {n}.")
                AttendanceFactory(meeting=resolution.item.meeting)
                article = ArticleFactory(issue=published_issue, headline=f"Strategy story {n}",
                                         interviewee=PersonFactory())
                article.tags.add("Strategy", f"Topic {n}")
                article.people.add(PersonFactory())
        with django_assert_max_num_queries(budget) as ctx:
            html = results(client, q="strategy")
        assert "Strategy story" in html
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.postgres
@postgres_only
def test_stemming_finds_inequality_from_inequalities(client, published_issue):
    article = ArticleFactory(issue=published_issue, headline="Tackling health inequality")
    item = AgendaItemFactory(title="Health inequality in Rutland")
    html = results(client, q="inequalities")
    assert article.get_absolute_url() in html
    assert item.meeting.get_absolute_url() in html
    assert "<mark>inequality</mark>" in html


@pytest.mark.postgres
@postgres_only
def test_a_headline_match_ranks_above_a_body_match(client, published_issue):
    body = ArticleFactory(issue=published_issue, headline="Other news",
                          body="<p>Mentions social prescribing once.</p>")
    headline = ArticleFactory(issue=published_issue, headline="Social prescribing grows")
    html = results(client, q="social prescribing", type="articles")
    assert html.index(headline.get_absolute_url()) < html.index(body.get_absolute_url())


@pytest.mark.postgres
@postgres_only
def test_a_meetings_snippet_quotes_the_open_item_whose_minutes_match_best(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, minutes="<p>Quenby came up in passing.</p>")
    AgendaItemFactory(meeting=meeting, minutes=(
        "<p>The Quenby clinic reopens in May. Quenby patients keep their appointments "
        "and Quenby staff move back.</p>"))
    AgendaItemFactory(meeting=meeting, is_exempt=True, minutes=(
        "<p>Confidential: the Quenby lease, Quenby rent and Quenby landlord.</p>"))
    html = results(client, q="Quenby", type="meetings")
    assert meeting.get_absolute_url() in html
    assert "clinic reopens" in html
    assert "passing" not in html  # another item's minutes, which match less
    assert "Confidential" not in html  # an exempt item's minutes, whatever they match


@pytest.mark.postgres
@postgres_only
def test_a_meeting_found_by_its_agenda_alone_quotes_no_minutes(client):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    AgendaItemFactory(meeting=meeting, title="Quorn surgery update",
                      minutes="<p>Draft notes on the Quorn surgery car park.</p>")
    html = results(client, q="Quorn", type="meetings")
    assert meeting.get_absolute_url() in html
    assert "car park" not in html
