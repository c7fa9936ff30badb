"""The API's bulletins and governance records: filters, what stays private, query budget."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from bulletins.models import Issue
from governance.models import Meeting, Outcome, london
from icsportal import caching
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

LISTS = ["/api/v1/publications/", "/api/v1/issues/", "/api/v1/articles/", "/api/v1/boards/",
         "/api/v1/meetings/", "/api/v1/decisions/"]


def ids(client, url, **params):
    body = client.get(url, params).json()
    return [row["id"] for row in body["results"]]


def test_only_published_issues_and_their_articles_appear(client):
    public = ArticleFactory(issue=IssueFactory(published=True))
    draft = ArticleFactory()
    review = ArticleFactory(issue=IssueFactory(status=Issue.Status.IN_REVIEW))
    scheduled = ArticleFactory(issue=IssueFactory(
        status=Issue.Status.PUBLISHED, publish_at=timezone.now() + datetime.timedelta(days=1)))
    assert ids(client, "/api/v1/issues/") == [public.issue.pk]
    assert ids(client, "/api/v1/articles/") == [public.pk]
    for hidden in (draft, review, scheduled):
        assert client.get(f"/api/v1/articles/{hidden.pk}").status_code == 404
        assert client.get(f"/api/v1/issues/{hidden.issue.pk}").status_code == 404
    body = client.get(f"/api/v1/articles/{public.pk}").json()
    assert body["publication"]["slug"] == public.issue.publication.slug
    assert body["url"] == f"http://testserver{public.get_absolute_url()}"


def test_issues_filter_by_publication_and_date_range(client):
    news = PublicationFactory(slug="in-partnership")
    may = IssueFactory(published=True, publication=news, issue_date=datetime.date(2022, 5, 1))
    june = IssueFactory(published=True, publication=news, issue_date=datetime.date(2022, 6, 1))
    IssueFactory(published=True, issue_date=datetime.date(2022, 6, 1))
    assert ids(client, "/api/v1/issues/", publication="in-partnership") == [june.pk, may.pk]
    assert ids(client, "/api/v1/issues/", publication="in-partnership",
               date_from="2022-05-15") == [june.pk]
    assert ids(client, "/api/v1/issues/", date_to="2022-05-31") == [may.pk]
    assert client.get("/api/v1/issues/", {"date_from": "May"}).status_code == 422


def test_articles_filter_by_publication_tag_kind_and_date_range(client):
    issue = IssueFactory(published=True, publication=PublicationFactory(slug="hcct"),
                         issue_date=datetime.date(2022, 9, 1))
    interview = ArticleFactory(issue=issue, kind="interview", interviewee=PersonFactory())
    interview.tags.add("Mental health", "Workforce")
    news = ArticleFactory(issue=IssueFactory(published=True, issue_date=datetime.date(2021, 1, 1)))
    news.tags.add("Mental health")
    assert ids(client, "/api/v1/articles/", tag="mental-health") == [interview.pk, news.pk]
    assert ids(client, "/api/v1/articles/", kind="interview") == [interview.pk]
    assert ids(client, "/api/v1/articles/", publication="hcct") == [interview.pk]
    assert ids(client, "/api/v1/articles/", date_from="2022-01-01",
               tag="mental-health") == [interview.pk]
    assert ids(client, "/api/v1/articles/", date_to="2021-12-31") == [news.pk]
    body = client.get(f"/api/v1/articles/{interview.pk}").json()
    assert [t["slug"] for t in body["tags"]] == ["mental-health", "workforce"]
    assert body["interviewee"]["slug"] == interview.interviewee.slug
    assert client.get("/api/v1/articles/", {"kind": "gossip"}).status_code == 422


def test_a_meeting_carries_attendance_items_decisions_and_published_answers(client):
    meeting = MeetingFactory()
    chair = AttendanceFactory(meeting=meeting, is_chair=True)
    resolution = ResolutionFactory(item__meeting=meeting, item__title="Better Care Fund")
    exempt = AgendaItemFactory(meeting=meeting, is_exempt=True, title="Contract award",
                               minutes="<p>Private detail of the tender.</p>",
                               report_reference="Report 9/2022")
    ResolutionFactory(item=exempt, text="the private tender.")
    answered = PublicQuestionFactory(meeting=meeting, item=resolution.item)
    pending = PublicQuestionFactory(meeting=meeting, response_published=False,
                                    response="<p>Not yet agreed.</p>")
    refused = PublicQuestionFactory(meeting=meeting, status="rejected", question="Refused?")
    response = client.get(f"/api/v1/meetings/{meeting.pk}")
    body = response.json()
    assert body["attendance"][0]["person"]["slug"] == chair.person.slug
    assert body["attendance"][0]["chair"] is True
    items = {item["title"]: item for item in body["items"]}
    assert items["Better Care Fund"]["resolutions"] == [
        {"id": resolution.pk, "letter": "a", "outcome": "NOTED", "text": "the report."}
    ]
    assert items["Contract award"] == {
        "number": exempt.number, "title": "Contract award", "exempt": True, "kind": "report",
        "report_reference": "", "presenter": None, "minutes": "", "resolutions": [],
    }
    questions = {q["id"]: q for q in body["questions"]}
    assert set(questions) == {answered.pk, pending.pk}
    assert questions[answered.pk]["response"] == "<p>In the spring.</p>"
    assert questions[pending.pk]["response"] == "" and questions[pending.pk]["responder"] is None
    text = response.content.decode()
    for secret in ("Private detail", "private tender", "Not yet agreed", "Refused?"):
        assert secret not in text
    for question in (answered, pending, refused):
        for field in ("contact_address", "contact_email", "contact_phone"):
            assert getattr(question, field) not in text
            assert field not in text


def test_a_meeting_without_public_minutes_shows_its_agenda_only(client):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    AttendanceFactory(meeting=meeting)
    resolution = ResolutionFactory(item__meeting=meeting, item__title="Joint strategy",
                                   text="the draft wording.")
    PublicQuestionFactory(meeting=meeting)
    body = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert body["minutes_status"] == "none"
    assert body["attendance"] == [] and body["questions"] == []
    assert body["items"][0]["title"] == "Joint strategy"
    assert body["items"][0]["minutes"] == "" and body["items"][0]["resolutions"] == []
    assert ids(client, "/api/v1/decisions/") == []
    assert client.get(f"/api/v1/decisions/{resolution.pk}").status_code == 404
    listed = client.get("/api/v1/meetings/").json()["results"][0]
    assert listed == body


def test_meetings_filter_by_board_and_date_range(client):
    board = BoardFactory(slug="rutland-hwb")
    early = MeetingFactory(board=board, start=london(datetime.date(2022, 2, 22), 14, 0))
    late = MeetingFactory(board=board, start=london(datetime.date(2022, 6, 7), 14, 0))
    MeetingFactory()
    assert ids(client, "/api/v1/meetings/", board="rutland-hwb") == [late.pk, early.pk]
    assert ids(client, "/api/v1/meetings/", board="rutland-hwb",
               date_to="2022-02-22") == [early.pk]
    assert ids(client, "/api/v1/meetings/", board="rutland-hwb",
               date_from="2022-02-23") == [late.pk]


def test_decisions_filter_by_board_outcome_and_date_range(client):
    approved = Outcome.objects.get_or_create(word="APPROVED")[0]
    board = BoardFactory(slug="icb")
    kept = ResolutionFactory(outcome=approved, item__meeting__board=board)
    ResolutionFactory(item__meeting__board=board)  # NOTED
    ResolutionFactory(outcome=approved)  # another board
    assert ids(client, "/api/v1/decisions/", board="icb", outcome="approved") == [kept.pk]
    day = kept.item.meeting.date.isoformat()
    assert kept.pk in ids(client, "/api/v1/decisions/", date_from=day, date_to=day)
    assert ids(client, "/api/v1/decisions/", date_to="2000-01-01") == []
    body = client.get(f"/api/v1/decisions/{kept.pk}").json()
    assert body["meeting"]["board"]["slug"] == "icb"
    assert body["url"].endswith(kept.get_absolute_url())
    assert client.get("/api/v1/decisions/", {"outcome": "1; drop"}).status_code == 422


def test_boards_are_listed_and_found_by_slug_without_the_clerks_address(client):
    board = BoardFactory(slug="rutland-hwb", contact_email="clerk@example.org")
    response = client.get("/api/v1/boards/rutland-hwb")
    assert response.json()["host"]["slug"] == board.host.slug
    assert "clerk@example.org" not in response.content.decode()
    assert ids(client, "/api/v1/boards/", kind="hwb") == [board.pk]


def make_records(total):
    board = BoardFactory()
    issue = IssueFactory(published=True, welcome_signed_by=PersonFactory())
    while issue.articles.count() < total:
        article = ArticleFactory(issue=issue, interviewee=PersonFactory())
        article.tags.add(f"Topic {article.pk}", "Shared")
        IssueFactory(published=True, publication=issue.publication)
        PublicationFactory()
        BoardFactory()
        meeting = MeetingFactory(board=board)
        AttendanceFactory.create_batch(2, meeting=meeting, representative=PersonFactory())
        ResolutionFactory(item__meeting=meeting)
        PublicQuestionFactory(meeting=meeting)


def test_list_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries):
    make_records(30)
    for url in LISTS:
        counts = []
        for size in (2, 30):
            cache.clear()  # both sizes count their rows; the total is otherwise remembered
            caching.content_version()  # made by the first request after a clear, not the list
            with django_assert_max_num_queries(6) as ctx:
                body = client.get(url, {"limit": size}).json()
            assert len(body["results"]) == size, url
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], url


def test_a_page_of_meetings_reads_only_what_their_records_show(
    client, django_assert_num_queries
):
    board = BoardFactory(slug="rutland-hwb")
    minuted = MeetingFactory(board=board, start=london(datetime.date(2024, 3, 5), 14, 0))
    AttendanceFactory(meeting=minuted)
    ResolutionFactory(item__meeting=minuted, text="the plan.")
    exempt = AgendaItemFactory(meeting=minuted, is_exempt=True)
    ResolutionFactory(item=exempt, text="a confidential contract.")
    PublicQuestionFactory(meeting=minuted)
    draft = MeetingFactory(board=board, start=london(datetime.date(2024, 4, 9), 14, 0),
                           minutes_status=Meeting.MinutesStatus.DRAFT)
    ResolutionFactory(item__meeting=draft, text="a draft decision.")
    AttendanceFactory(meeting=draft)
    client.get("/api/v1/meetings/", {"date_from": "2024-04-01"})  # each total, remembered
    client.get("/api/v1/meetings/", {"date_to": "2024-03-31"})
    # A draft's page: the page, then its items; no attendance, decisions or questions.
    with override_settings(ICSPORTAL_PAGE_CACHE=False), django_assert_num_queries(2):
        only_draft = client.get("/api/v1/meetings/", {"date_from": "2024-04-01"})
    # Minutes: the page, items, the open items' decisions, attendance, questions.
    with override_settings(ICSPORTAL_PAGE_CACHE=False), django_assert_num_queries(5):
        only_minuted = client.get("/api/v1/meetings/", {"date_to": "2024-03-31"})
    (record,) = only_minuted.json()["results"]
    assert len(record["attendance"]) == 1 and len(record["questions"]) == 1
    assert [r["text"] for item in record["items"] for r in item["resolutions"]] == [
        "the plan."]
    (record,) = only_draft.json()["results"]
    assert record["attendance"] == [] and record["minutes_status"] == "none"
    assert all(item["resolutions"] == [] for item in record["items"])


@pytest.mark.parametrize("url", LISTS)
def test_there_are_no_write_endpoints(client, url):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(url, json.dumps({}), content_type="application/json")
        assert response.status_code == 405, method


def test_governance_declares_the_questioners_contact_fields_private():
    from governance import api
    from governance.models import PublicQuestion
    from icsportal.api import private_field_names

    assert set(PublicQuestion.PRIVATE_FIELDS) <= set(api.PRIVATE_FIELDS) <= private_field_names()
