"""The admin: the press office drafts, editors publish; forms sanitise and explain errors."""

import re
from datetime import date

import pytest
from django.urls import reverse

from bulletins.models import Article, Issue
from tests.bulletins.factories import (
    ArticleFactory,
    IssueFactory,
    PublicationFactory,
    PullQuoteFactory,
)
from tests.conftest import drawn_as_rows_grow
from tests.people.factories import PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def _issue_form(issue, **changes):
    data = {
        "publication": issue.publication_id, "edition": issue.edition,
        "issue_date": issue.issue_date.isoformat(), "period_label": issue.period_label,
        "cover_headline": issue.cover_headline, "cover_image_alt": "", "welcome": "",
        "welcome_signed_by": "", "call_for_stories": "", "support_heading": "",
        "support_text": "", "support_phone": "", "support_email": "", "support_website": "",
        "status": issue.status, "publish_at_0": "", "publish_at_1": "",
        "articles-TOTAL_FORMS": "0", "articles-INITIAL_FORMS": "0",
        "articles-MIN_NUM_FORMS": "0", "articles-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def _article_form(issue, **changes):
    data = {
        "issue": issue.pk, "position": "1", "kind": "news", "headline": "Crisis cafés open",
        "contents_label": "", "slug": "crisis-cafes-open", "page_number": "",
        "standfirst": "More cafés.", "body": "<p>Text</p>", "image_alt": "",
        "image_caption": "", "image_credit": "", "tags": "mental health", "series": "",
        "interviewee": "",
        "pull_quotes-TOTAL_FORMS": "0", "pull_quotes-INITIAL_FORMS": "0",
        "pull_quotes-MIN_NUM_FORMS": "0", "pull_quotes-MAX_NUM_FORMS": "1000",
        "key_facts-TOTAL_FORMS": "1", "key_facts-INITIAL_FORMS": "0",
        "key_facts-MIN_NUM_FORMS": "0", "key_facts-MAX_NUM_FORMS": "1000",
        "key_facts-0-position": "1", "key_facts-0-figure": "11", "key_facts-0-label": "new cafés",
    }
    data.update(changes)
    return data


def test_press_office_sees_status_read_only(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    html = client.get(reverse("admin:bulletins_issue_change", args=[issue.pk])).content.decode()
    assert 'name="status"' not in html
    assert 'name="_submit_for_review"' in html
    assert 'name="_publish"' not in html


def test_press_office_cannot_publish_by_posting_a_status(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    response = client.post(url, _issue_form(issue, status="published", cover_headline="New"))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.cover_headline == "New"
    assert issue.status == Issue.Status.DRAFT


def test_press_office_cannot_publish_with_the_button(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    client.post(url, _issue_form(issue, _publish="Publish"))
    assert Issue.objects.get().status == Issue.Status.DRAFT


def test_press_office_submits_for_review_with_the_button(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    client.post(url, _issue_form(issue, _submit_for_review="Submit"))
    assert Issue.objects.get().status == Issue.Status.IN_REVIEW


def test_press_office_has_no_publish_action(client, press_user):
    IssueFactory()
    client.force_login(press_user)
    html = client.get(reverse("admin:bulletins_issue_changelist")).content.decode()
    assert 'value="submit_for_review"' in html
    assert 'value="publish"' not in html


def test_press_office_cannot_edit_a_published_issue(client, press_user):
    issue = IssueFactory(published=True)
    client.force_login(press_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    client.post(url, _issue_form(issue, cover_headline="Changed after publication"))
    issue.refresh_from_db()
    assert issue.cover_headline != "Changed after publication"


def test_editor_publishes_with_the_button(client, editor_user):
    issue = IssueFactory(status=Issue.Status.IN_REVIEW)
    client.force_login(editor_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    response = client.post(url, _issue_form(issue, _publish="Publish"))
    assert response.status_code == 302
    assert Issue.objects.published().get() == issue


def test_editor_is_told_when_a_scheduled_issue_will_go_out(client, editor_user):
    issue = IssueFactory(status=Issue.Status.IN_REVIEW)
    client.force_login(editor_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    response = client.post(url, _issue_form(issue, _publish="Publish", publish_at_0="2099-03-05",
                                            publish_at_1="09:30"), follow=True)
    assert f"{issue} scheduled for 5 March 2099, 09:30." in [
        str(message) for message in response.context["messages"]]
    assert not Issue.objects.published().exists()


def test_editor_publishes_with_the_action(client, editor_user):
    issue = IssueFactory()
    client.force_login(editor_user)
    client.post(reverse("admin:bulletins_issue_changelist"),
                {"action": "publish", "_selected_action": [issue.pk]})
    assert Issue.objects.published().get() == issue


def test_editor_status_change_in_the_form_goes_through_the_service(client, editor_user):
    issue = IssueFactory()
    client.force_login(editor_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    client.post(url, _issue_form(issue, status="published"))
    issue.refresh_from_db()
    assert issue.is_public()
    assert issue.history.first().history_change_reason == "Published"


def test_duplicate_edition_gets_a_clear_form_error(client, editor_user):
    issue = IssueFactory(edition=6)
    client.force_login(editor_user)
    response = client.post(reverse("admin:bulletins_issue_add"),
                           _issue_form(issue, cover_headline="Copy"))
    assert response.status_code == 200
    assert "already has an issue with this edition number" in response.content.decode()
    assert Issue.objects.count() == 1
    assert 'value="Copy"' in response.content.decode()  # what was typed is kept


def test_duplicate_slug_in_an_issue_gets_a_clear_form_error(client, press_user):
    issue = IssueFactory()
    ArticleFactory(issue=issue, slug="crisis-cafes-open")
    client.force_login(press_user)
    response = client.post(reverse("admin:bulletins_article_add"), _article_form(issue))
    assert response.status_code == 200
    assert "Another article in this issue already uses this slug" in response.content.decode()
    assert Article.objects.count() == 1


def test_same_slug_in_another_issue_is_fine(client, press_user):
    ArticleFactory(issue=IssueFactory(), slug="crisis-cafes-open")
    other = IssueFactory()
    client.force_login(press_user)
    response = client.post(reverse("admin:bulletins_article_add"), _article_form(other))
    assert response.status_code == 302
    assert other.articles.get().key_facts.get().figure == "11"


@pytest.mark.parametrize("topic", ["t" * 101, "㎏" * 60], ids=["name", "slug"])
def test_a_topic_too_long_to_store_is_refused_with_what_was_typed(client, press_user, topic):
    # 101 letters outgrow the topic's name; 60 "㎏" are 120 letters of address ("kgkg…").
    issue = IssueFactory()
    client.force_login(press_user)
    typed = f"mental health, {topic}"
    response = client.post(reverse("admin:bulletins_article_add"),
                           _article_form(issue, tags=typed))
    assert response.status_code == 200
    html = response.content.decode()
    quoted = topic if len(topic) <= 60 else f"{topic[:59]}…"
    assert f"A topic can be at most 100 characters long; this one is longer: “{quoted}”." in html
    assert f'value="{typed}"' in html
    assert not Article.objects.exists()
    response = client.post(reverse("admin:bulletins_article_add"),
                           _article_form(issue, tags=f"mental health, {'t' * 90}"))
    assert response.status_code == 302
    assert sorted(Article.objects.get().tags.names()) == ["mental health", "t" * 90]


def test_rich_text_is_sanitised_through_the_admin_form(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    body = (
        '<h2>Heading</h2><p onclick="steal()">Text <a href="javascript:alert(1)">bad</a> '
        '<a href="https://example.org/">good</a></p><script>alert(1)</script>'
        '<img src="x" onerror="alert(1)">'
    )
    client.post(reverse("admin:bulletins_article_add"), _article_form(issue, body=body))
    stored = Article.objects.get().body
    assert "<script" not in stored
    assert "onclick" not in stored and "onerror" not in stored
    assert "javascript:" not in stored
    assert '<a href="https://example.org/"' in stored
    assert "<h2>Heading</h2>" in stored


def test_an_interview_needs_its_interviewee(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    response = client.post(reverse("admin:bulletins_article_add"),
                           _article_form(issue, kind="interview"))
    assert "An interview needs its interviewee" in response.content.decode()
    person = PersonFactory()
    response = client.post(reverse("admin:bulletins_article_add"),
                           _article_form(issue, kind="interview", interviewee=person.pk))
    assert response.status_code == 302


def test_press_office_cannot_add_articles_to_a_published_issue(client, press_user):
    issue = IssueFactory(published=True)
    client.force_login(press_user)
    response = client.post(reverse("admin:bulletins_article_add"), _article_form(issue))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_article_search_finds_words_in_the_body(client, press_user):
    ArticleFactory(headline="Crisis cafes", body="<p>Coalville drop-in</p>")
    ArticleFactory(headline="Wards", body="<p>Remote monitoring</p>")
    client.force_login(press_user)
    html = client.get(reverse("admin:bulletins_article_changelist"), {"q": "Coalville"}).content
    assert b"Crisis cafes" in html and b"Wards" not in html


def test_change_pages_link_to_the_preview_and_history(client, press_user):
    article = ArticleFactory()
    client.force_login(press_user)
    html = client.get(reverse("admin:bulletins_article_change", args=[article.pk])).content
    assert article.get_preview_url().encode() in html
    history = client.get(reverse("admin:bulletins_article_history", args=[article.pk]))
    assert history.status_code == 200


def test_site_administrators_can_view_but_not_change(client, siteadmin_user):
    issue = IssueFactory(publication=PublicationFactory())
    client.force_login(siteadmin_user)
    url = reverse("admin:bulletins_issue_change", args=[issue.pk])
    assert client.get(url).status_code == 200
    client.post(url, _issue_form(issue, cover_headline="Changed"))
    issue.refresh_from_db()
    assert issue.cover_headline != "Changed"


def test_the_article_form_draws_only_its_chosen_issue(
    client, editor_user, django_assert_max_num_queries
):
    """The issue is an autocomplete: the form no longer lists every issue (5,000 of them,
    356 KB a form, at corpus scale 50), and reads the same with 2 issues as with 12."""
    chosen = IssueFactory()
    client.force_login(editor_user)
    path = reverse("admin:bulletins_article_add")
    client.get(path)  # the session and the Site, read once
    counts = []
    for total in (2, 12):
        while Issue.objects.count() < total:
            IssueFactory()
        with django_assert_max_num_queries(20) as ctx:
            page = client.get(path, {"issue": chosen.pk}).content.decode()
        select = re.search(r'<select name="issue".*?</select>', page, re.S).group()
        assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == [str(chosen)]
        assert "admin-autocomplete" in select
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def _issues_offered(client, term=""):
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "bulletins", "model_name": "article", "field_name": "issue", "term": term,
    })
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_press_office_is_offered_only_issues_it_may_add_articles_to(
    client, press_user, editor_user
):
    publication = PublicationFactory(name="Connect", slug="connect")
    draft = IssueFactory(publication=publication, edition=8, cover_headline="Spring")
    review = IssueFactory(publication=publication, edition=9, cover_headline="Summer",
                          status=Issue.Status.IN_REVIEW)
    out = IssueFactory(publication=publication, edition=7, cover_headline="Winter",
                       published=True)
    client.force_login(press_user)
    assert sorted(_issues_offered(client)) == sorted([str(draft), str(review)])
    assert _issues_offered(client, "winter") == []
    # The issues' own list and their other autocompletes are not narrowed.
    changelist = client.get(reverse("admin:bulletins_issue_changelist"), {"q": "winter"})
    assert str(out) in changelist.content.decode()
    client.force_login(editor_user)
    assert sorted(_issues_offered(client)) == sorted([str(draft), str(review), str(out)])
    assert _issues_offered(client, "winter") == [str(out)]


def test_an_issue_is_chosen_by_its_publication_number_and_period(
    client, editor_user, django_assert_max_num_queries
):
    partnership = PublicationFactory(name="In Partnership", slug="in-partnership")
    staff = PublicationFactory(name="Staff News", slug="staff-news")
    wanted = IssueFactory(publication=partnership, edition=42, period_label="Winter 2023",
                          cover_headline="Ready for winter", issue_date=date(2023, 12, 1))
    newer = IssueFactory(publication=partnership, edition=142, cover_headline="Ready",
                         issue_date=date(2031, 12, 1))
    IssueFactory(publication=staff, edition=42, cover_headline="Ready")
    IssueFactory(publication=partnership, edition=7, cover_headline="Ready")
    ArticleFactory(issue=newer, headline="Winter 2023 in review")
    client.force_login(editor_user)
    # The edition typed comes first; the newest issues otherwise.
    assert _issues_offered(client, "partnership 42") == [str(wanted), str(newer)]
    assert _issues_offered(client, "In Partnership issue 42") == [str(wanted), str(newer)]
    assert _issues_offered(client, "partnership") == [str(newer), str(wanted),
                                                     "In Partnership issue 7"]
    # Chosen by its own name and period, not its articles' text, which the list searches.
    assert _issues_offered(client, "winter 2023") == [str(wanted)]
    changelist = client.get(reverse("admin:bulletins_issue_changelist"), {"q": "winter 2023"})
    assert str(newer) in changelist.content.decode()
    # Each issue is named with its publication, read with it.
    # The session, the user, their permissions (two), the issues with their publications.
    with django_assert_max_num_queries(5):
        assert len(_issues_offered(client, "ready")) == 4


def test_an_articles_pull_quotes_name_their_people_and_roles_in_a_query_each(
    client, editor_user
):
    article = ArticleFactory()
    client.force_login(editor_user)

    def add_quote():
        role = RoleFactory()
        PullQuoteFactory(article=article, person=role.person, role=role)

    page, counts = drawn_as_rows_grow(client, f"/admin/bulletins/article/{article.pk}/change/",
                                      article.pull_quotes.count, add_quote)
    for quote in article.pull_quotes.select_related("person", "role__organisation"):
        assert f'<option value="{quote.person.pk}" selected>{quote.person}</option>' in page
        assert f'<option value="{quote.role.pk}" selected>{quote.role}</option>' in page
    assert counts[0] == counts[1]


def test_a_topics_page_does_not_list_its_taggings(client, superuser):
    articles = ArticleFactory.create_batch(3)
    for article in articles:
        article.tags.add("Crisis cafés")
    tag = articles[0].tags.get()
    client.force_login(superuser)
    page = client.get(f"/admin/taggit/tag/{tag.pk}/change/").content.decode()
    assert 'value="Crisis cafés"' in page
    assert "-TOTAL_FORMS" not in page  # no inline formset of taggings
    response = client.post(f"/admin/taggit/tag/{tag.pk}/change/",
                           {"name": "Crisis cafes", "slug": tag.slug})
    assert response.status_code == 302
    assert articles[0].tags.get().name == "Crisis cafes"
