"""Bulletins and the governance record on the machine surfaces: all that is public, no more."""

import json

import pytest

from bulletins.models import Article, Issue
from governance.models import Meeting, Resolution
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.find.surfaces import public_machine_urls
from tests.find.test_openapi_privacy import names_in
from tests.find.test_privacy import keys_of
from tests.governance.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PublicQuestionFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = ["Unpublished-scoop-headline", "Draft-minutes-wording", "Exempt-item-wording",
           "Unpublished-response-wording"]


@pytest.fixture
def records():
    public = ArticleFactory(issue=IssueFactory(published=True))
    ArticleFactory(headline=SECRETS[0])
    draft = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    AgendaItemFactory(meeting=draft, minutes=f"<p>{SECRETS[1]}</p>")
    held = MeetingFactory()
    resolution = ResolutionFactory(item__meeting=held)
    AgendaItemFactory(meeting=held, is_exempt=True, minutes=f"<p>{SECRETS[2]}</p>")
    question = PublicQuestionFactory(meeting=held, response_published=False,
                                     response=f"<p>{SECRETS[3]}</p>")
    return {"article": public, "meeting": held, "draft": draft, "decision": resolution,
            "question": question}


def test_machine_urls_cover_every_new_list_and_its_records(records):
    urls = public_machine_urls()
    for path in ("publications", "issues", "articles", "boards", "meetings", "decisions"):
        assert f"/api/v1/{path}/" in urls
    article, meeting = records["article"], records["meeting"]
    assert f"/api/v1/articles/{article.pk}" in urls
    assert f"/api/v1/issues/{article.issue.pk}" in urls
    assert f"/api/v1/publications/{article.issue.publication.slug}" in urls
    assert f"/api/v1/boards/{meeting.board.slug}" in urls
    assert f"/api/v1/meetings/{meeting.pk}" in urls
    assert f"/api/v1/meetings/{records['draft'].pk}" in urls
    assert f"/api/v1/decisions/{records['decision'].pk}" in urls
    assert "/sitemap-articles.xml" in urls and "/sitemap-meetings.xml" in urls


def test_no_machine_surface_shows_unpublished_or_private_content(client, records):
    declared = names_in(client.get("/api/v1/openapi.json").json())
    question = records["question"]
    private = SECRETS + [question.contact_email, question.contact_phone,
                         question.contact_address]
    for url in public_machine_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.getvalue().decode()
        for secret in private:
            assert secret not in text, (url, secret)
        if response["Content-Type"].startswith("application/json") and "openapi" not in url:
            assert keys_of(json.loads(text)) <= declared, url


def test_the_demo_records_are_all_reachable_by_the_crawl(demo):
    urls = public_machine_urls()
    # The crawl follows each list's first 100 rows, in the API's order.
    articles = Article.objects.published().order_by(
        "-issue__issue_date", "issue_id", "position", "id").values_list("pk", flat=True)[:100]
    issues = Issue.objects.published().order_by(
        "-issue_date", "-edition", "id").values_list("pk", flat=True)[:100]
    meetings = Meeting.objects.order_by("-start", "-id").values_list("pk", flat=True)[:100]
    decisions = Resolution.objects.public().order_by(
        "-item__meeting__start", "item__number", "letter", "id").values_list("pk", flat=True)[:100]
    assert articles and meetings and decisions  # the demo has them to crawl
    for path, pks in (("articles", articles), ("issues", issues), ("meetings", meetings),
                      ("decisions", decisions)):
        for pk in pks:
            assert f"/api/v1/{path}/{pk}" in urls
