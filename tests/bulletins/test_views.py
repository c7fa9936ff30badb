"""The public bulletin pages, the staff preview and their query budgets."""

import datetime
import json
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bulletins import services
from bulletins.models import Issue
from tests.bulletins.factories import (
    ArticleFactory,
    IssueFactory,
    KeyFactFactory,
    PublicationFactory,
    PullQuoteFactory,
)
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    return PublicationFactory(name="In Partnership", slug="in-partnership")


def _jsonld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_bulletins_page_lists_each_publication_with_its_latest_issue(client, publication):
    IssueFactory(publication=publication, edition=4, published=True,
                 issue_date=datetime.date(2022, 2, 1))
    IssueFactory(publication=publication, edition=6, published=True,
                 issue_date=datetime.date(2022, 5, 1))
    IssueFactory(publication=publication, edition=7, issue_date=datetime.date(2022, 6, 1))
    html = client.get("/bulletins/").content.decode()
    assert "In Partnership" in html
    assert "Issue 6, May 2022" in html
    assert "Issue 7" not in html


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_bulletins_page_costs_two_queries_however_many_issues(
    client, publication, django_assert_num_queries
):
    other = PublicationFactory(name="Staff News", slug="staff-news")
    empty = PublicationFactory(name="Quiet Times", slug="quiet-times")
    for edition in range(1, 25):
        IssueFactory(publication=publication, edition=edition, published=True,
                     issue_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=31 * edition))
        IssueFactory(publication=other, edition=edition, published=edition < 10,
                     issue_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=31 * edition))
    client.get("/bulletins/")  # warm the site cache
    with django_assert_num_queries(2):  # the publications with their newest issue's id, the issues
        html = client.get("/bulletins/").content.decode()
    assert 'href="/bulletins/in-partnership/24/">Issue 24,' in html
    assert 'href="/bulletins/staff-news/9/">Issue 9,' in html
    assert html.count("No issue has been published yet.") == 1 and empty.name in html


def test_archive_groups_issues_by_year_newest_first(client, publication):
    IssueFactory(publication=publication, edition=2, published=True,
                 issue_date=datetime.date(2021, 10, 1))
    IssueFactory(publication=publication, edition=6, published=True,
                 issue_date=datetime.date(2022, 5, 1))
    IssueFactory(publication=publication, edition=7, issue_date=datetime.date(2022, 6, 1))
    html = client.get("/bulletins/in-partnership/").content.decode()
    assert html.index("<h2>2022</h2>") < html.index("Issue 6") < html.index("<h2>2021</h2>")
    assert html.index("<h2>2021</h2>") < html.index("Issue 2")
    assert "Issue 7" not in html


def test_archive_is_paginated(client, publication):
    for edition in range(1, 15):
        IssueFactory(publication=publication, edition=edition, published=True,
                     issue_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=31 * edition))
    first = client.get("/bulletins/in-partnership/").content.decode()
    second = client.get("/bulletins/in-partnership/?page=2").content.decode()
    assert "Issue 14," in first and "Issue 1," not in first
    assert "Issue 1," in second and 'rel="prev"' in second


def test_issue_page_shows_cover_welcome_contents_and_boxes(client, publication):
    signer = PersonFactory(given_name="David", family_name="Sissling")
    RoleFactory(person=signer, title="Independent Chair", start_date=datetime.date(2022, 7, 1))
    RoleFactory(person=signer, title="Chair", qualifier="designate",
                end_date=datetime.date(2022, 6, 30))
    issue = IssueFactory(
        publication=publication, edition=3, issue_date=datetime.date(2022, 9, 1),
        period_label="Autumn 2022", cover_headline="Virtual wards", published=True,
        welcome="<p>Welcome to the third edition.</p>", welcome_signed_by=signer,
        call_for_stories="Tell us your story.", support_heading="Staff wellbeing hub",
        support_phone="0116 2544388", support_email="hub@example.org",
    )
    ArticleFactory(issue=issue, position=2, headline="Hidden talents", page_number=8)
    ArticleFactory(issue=issue, position=1, headline="Crisis cafés", page_number=3,
                   standfirst="Drop-in support close to home.")
    html = client.get("/bulletins/in-partnership/3/").content.decode()
    assert "<h1>Virtual wards</h1>" in html
    assert "Autumn 2022" in html
    assert "Welcome to the third edition." in html
    assert "Independent Chair" in html and "Chair Designate" not in html
    assert html.index("Page 3: </span>Crisis cafés") < html.index("Page 8: </span>Hidden talents")
    assert "Drop-in support close to home." in html
    assert "Tell us your story." in html and "mailto:stories@example.org" in html
    assert "Staff wellbeing hub" in html and "tel:01162544388" in html


def test_issue_page_links_previous_and_next_published_issues(client, publication):
    IssueFactory(publication=publication, edition=2, published=True)
    IssueFactory(publication=publication, edition=4, published=True)
    IssueFactory(publication=publication, edition=5)
    IssueFactory(publication=publication, edition=6, published=True)
    html = client.get("/bulletins/in-partnership/4/").content.decode()
    assert 'href="/bulletins/in-partnership/2/" rel="prev"' in html
    assert 'href="/bulletins/in-partnership/6/" rel="next"' in html


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_issue_page_finds_neighbours_without_reading_every_edition(
    client, publication, django_assert_num_queries
):
    for edition in range(1, 40):
        IssueFactory(publication=publication, edition=edition, published=edition != 21)
    IssueFactory(edition=21, published=True)  # another publication's issue 21 is no neighbour
    client.get("/bulletins/in-partnership/20/")  # warm the site cache
    with django_assert_num_queries(2):  # the issue with its neighbours, then its articles
        html = client.get("/bulletins/in-partnership/20/").content.decode()
    assert 'href="/bulletins/in-partnership/19/" rel="prev"' in html
    assert 'href="/bulletins/in-partnership/22/" rel="next"' in html
    first = client.get("/bulletins/in-partnership/1/").content.decode()
    assert 'rel="prev"' not in first and 'href="/bulletins/in-partnership/2/" rel="next"' in first


def test_issue_page_has_title_description_canonical_og_and_jsonld(client, publication):
    IssueFactory(publication=publication, edition=6, published=True,
                 issue_date=datetime.date(2022, 5, 1), cover_headline="Legal basis")
    html = client.get("/bulletins/in-partnership/6/").content.decode()
    assert "<title>In Partnership issue 6, May 2022 –" in html
    assert '<meta name="description" content="In Partnership issue 6, May 2022: Legal basis">' \
        in html
    assert '<link rel="canonical" href="http://testserver/bulletins/in-partnership/6/">' in html
    assert '<meta property="og:title"' in html
    assert _jsonld(html)["issueNumber"] == "6"


def test_unpublished_and_mistyped_issues_are_404(client, publication):
    IssueFactory(publication=publication, edition=7)
    IssueFactory(publication=publication, edition=8, status=Issue.Status.PUBLISHED,
                 publish_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/bulletins/in-partnership/7/").status_code == 404
    assert client.get("/bulletins/in-partnership/8/").status_code == 404
    assert client.get("/bulletins/in-partnership/99/").status_code == 404
    assert client.get("/bulletins/in-partnership/six/").status_code == 404
    assert client.get("/bulletins/no-such-bulletin/").status_code == 404


def test_an_issue_and_its_articles_have_one_address_each(client, publication):
    issue = IssueFactory(publication=publication, edition=7, published=True)
    article = ArticleFactory(issue=issue, slug="crisis-cafes")
    assert client.get("/bulletins/in-partnership/7/").status_code == 200
    assert client.get("/bulletins/in-partnership/7/crisis-cafes/").status_code == 200
    # The int converter read each of these as issue 7: more addresses for the same page.
    for other in ("07", "007"):
        assert client.get(f"/bulletins/in-partnership/{other}/").status_code == 404
        assert client.get(f"/bulletins/in-partnership/{other}/crisis-cafes/").status_code == 404
    assert article.get_absolute_url() == "/bulletins/in-partnership/7/crisis-cafes/"
    assert reverse("bulletins:issue", args=["in-partnership", 7]) == "/bulletins/in-partnership/7/"


def test_articles_of_unpublished_issues_are_404(client):
    article = ArticleFactory(issue=IssueFactory())
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get("/bulletins/in-partnership/1/no-such-article/").status_code == 404


def test_article_page_shows_quotes_facts_tags_people_and_organisations(client):
    article = ArticleFactory(issue=IssueFactory(published=True), headline="AI speeds diagnosis")
    article.tags.add("Artificial intelligence")
    person = PersonFactory(given_name="Pawan", family_name="Randev")
    article.people.add(person)
    organisation = OrganisationFactory(name="Skin Analytics")
    article.organisations.add(organisation)
    PullQuoteFactory(article=article, text="It speeds things up.", person=person,
                     role_text="Clinical lead for cancer")
    KeyFactFactory(article=article, figure="36%")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>AI speeds diagnosis</h1>" in html
    assert '<div class="nhsuk-inset-text">' in html and "It speeds things up." in html
    assert "Clinical lead for cancer" in html
    assert '<span class="ics-key-fact__figure">36%</span>' in html
    assert 'href="/topics/artificial-intelligence/"' in html
    assert person.get_absolute_url() in html and organisation.get_absolute_url() in html


def test_article_page_has_newsarticle_jsonld_and_meta(client):
    article = ArticleFactory(issue=IssueFactory(published=True), headline="Crisis cafés",
                             standfirst="Drop-in support.")
    article.tags.add("Mental health")
    html = client.get(article.get_absolute_url()).content.decode()
    data = _jsonld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Crisis cafés"
    assert data["keywords"] == ["Mental health"]
    assert '<meta name="description" content="Drop-in support.">' in html
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html


def test_interview_shows_the_interviewees_role_at_the_time_of_the_issue(client):
    person = PersonFactory(given_name="Mike", family_name="Sandys", slug="mike-sandys")
    RoleFactory(person=person, title="Director of Public Health",
                end_date=datetime.date(2022, 12, 31))
    RoleFactory(person=person, title="Retired adviser", start_date=datetime.date(2023, 1, 1))
    article = ArticleFactory(
        issue=IssueFactory(published=True, issue_date=datetime.date(2021, 10, 1)),
        kind="interview", interviewee=person, series="What the ICS means to me",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Director of Public Health" in html
    assert "Retired adviser" not in html
    assert "What the ICS means to me" in html


def test_topic_page_lists_published_articles_with_the_tag(client):
    published = ArticleFactory(issue=IssueFactory(published=True), headline="Crisis cafés")
    draft = ArticleFactory(issue=IssueFactory(), headline="Draft cafés")
    published.tags.add("Mental health")
    draft.tags.add("Mental health")
    response = client.get("/topics/mental-health/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Crisis cafés" in html and "Draft cafés" not in html
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_a_topic_page_leaves_out_drafts_scheduled_issues_and_other_tags(client, publication):
    soon = timezone.now() + datetime.timedelta(days=2)
    shown = IssueFactory(publication=publication, edition=1, published=True)
    draft = IssueFactory(publication=publication, edition=2)
    scheduled = IssueFactory(publication=publication, edition=3,
                             status=Issue.Status.PUBLISHED, publish_at=soon)
    for issue, word in [(shown, "Shown"), (draft, "Draft"), (scheduled, "Scheduled")]:
        ArticleFactory(issue=issue, headline=f"{word} estates story").tags.add("Estates")
    ArticleFactory(issue=shown, headline="Finance story").tags.add("Finance")
    html = client.get("/topics/estates/").content.decode()
    assert "Shown estates story" in html
    assert "Draft estates story" not in html and "Scheduled estates story" not in html
    assert "Finance story" not in html


def test_topic_pages_split_the_articles_without_counting_them(client, publication):
    issue = IssueFactory(publication=publication, published=True)
    for n in range(23):
        ArticleFactory(issue=issue, position=n, headline=f"Story {n}").tags.add("Estates")
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/topics/estates/").content.decode()
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    second = client.get("/topics/estates/?page=2").content.decode()
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="?page=1" rel="prev"' in second and 'rel="next"' not in second
    assert "Story 19<" in first and "Story 20<" not in first
    assert "Story 20<" in second and "Story 22<" in second
    assert 'href="/bulletins/in-partnership/' in second
    beyond = client.get("/topics/estates/?page=9").content.decode()
    assert "fewer articles on this topic than this page number" in beyond
    assert "No published article has this topic yet" not in beyond


@pytest.mark.parametrize("unpublished", [2, 14])
def test_home_shows_the_three_newest_public_issues_past_drafts_and_scheduled_ones(
    client, publication, unpublished
):
    day = datetime.date(2025, 1, 1)
    for edition in range(1, 6):
        IssueFactory(publication=publication, edition=edition, published=True,
                     issue_date=day + datetime.timedelta(days=edition),
                     cover_headline=f"Cover {edition}")
    later = day + datetime.timedelta(days=30)
    for edition in range(6, 6 + unpublished):  # newer than every public issue
        IssueFactory(publication=publication, edition=edition, issue_date=later,
                     cover_headline=f"Hidden {edition}",
                     status=Issue.Status.PUBLISHED if edition % 2 else Issue.Status.DRAFT,
                     publish_at=timezone.now() + datetime.timedelta(days=1))
    html = client.get("/").content.decode()
    assert "Cover 5" in html and "Cover 4" in html and "Cover 3" in html
    assert "Cover 2" not in html and "Hidden" not in html
    assert html.index("Cover 5") < html.index("Cover 4") < html.index("Cover 3")


def test_person_organisation_and_home_pages_show_bulletins(client):
    person = PersonFactory(slug="ivan-browne")
    organisation = OrganisationFactory(slug="lcc")
    issue = IssueFactory(published=True, cover_headline="Legal basis")
    interview = ArticleFactory(issue=issue, headline="Interview with Ivan", kind="interview",
                               interviewee=person)
    interview.organisations.add(organisation)
    ArticleFactory(issue=IssueFactory(), headline="Draft story").people.add(person)
    person_html = client.get(person.get_absolute_url()).content.decode()
    assert "Interview with Ivan" in person_html and "Draft story" not in person_html
    assert "Interview with Ivan" in client.get(organisation.get_absolute_url()).content.decode()
    assert "Legal basis" in client.get("/").content.decode()


def test_person_and_organisation_pages_show_the_ten_latest_articles_and_a_count(
    client, publication
):
    person = PersonFactory(given_name="Ivan", family_name="Browne")
    organisation = OrganisationFactory(name="Leicester City Council")
    for edition in range(1, 14):
        issue = IssueFactory(publication=publication, edition=edition, published=edition < 13,
                             issue_date=datetime.date(2020, 1, 1)
                             + datetime.timedelta(days=31 * edition))
        if edition % 3 == 0:
            article = ArticleFactory(issue=issue, headline=f"Story {edition}", kind="interview",
                                     interviewee=person)
        else:
            article = ArticleFactory(issue=issue, headline=f"Story {edition}")
            article.people.add(person)
        article.organisations.add(organisation)
    ArticleFactory(issue=issue, headline="Someone else").people.add(PersonFactory())
    for page in (person.get_absolute_url(), organisation.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "The 10 most recent of 12 articles." in html
        assert "Story 12<" in html and "Story 3<" in html and "Story 2<" not in html
        assert "Story 13" not in html and "Someone else" not in html
    assert 'href="/search/?q=Ivan+Browne&amp;type=articles"' in client.get(
        person.get_absolute_url()).content.decode()
    assert "Search the bulletins for Leicester City Council" in html


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_articles_about_a_person_cost_one_query_however_many(
    client, publication, django_assert_num_queries
):
    person = PersonFactory()
    issue = IssueFactory(publication=publication, published=True)
    client.get(person.get_absolute_url())  # warm the site cache
    counts = []
    for extra in (2, 25):
        for _ in range(extra):
            ArticleFactory(issue=issue).people.add(person)
        # person, roles, articles, attendance records (none: no meetings asked for),
        # questions answered
        with django_assert_num_queries(5) as queries:
            client.get(person.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_preview_is_404_for_anonymous_and_non_staff(client, django_user_model):
    article = ArticleFactory(issue=IssueFactory())
    assert client.get(article.issue.get_preview_url()).status_code == 404
    assert client.get(article.get_preview_url()).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(article.issue.get_preview_url()).status_code == 404


def test_preview_shows_a_draft_to_staff_without_caching(client, press_user):
    article = ArticleFactory(issue=IssueFactory(cover_headline="Draft cover"),
                             headline="Draft story")
    client.force_login(press_user)
    for url, text in [(article.issue.get_preview_url(), "Draft cover"),
                      (article.get_preview_url(), "Draft story")]:
        response = client.get(url)
        assert response.status_code == 200
        assert text in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def _issue_with_articles(publication, edition, count):
    issue = IssueFactory(publication=publication, edition=edition, published=True,
                         welcome_signed_by=RoleFactory().person)
    for _ in range(count):
        ArticleFactory(issue=issue)
    return issue


@override_settings(ICSPORTAL_PAGE_CACHE=False)  # measure rendering, not the page cache
def test_issue_page_query_count_does_not_grow_with_articles(
    client, publication, django_assert_num_queries
):
    small = _issue_with_articles(publication, 1, 3)
    large = _issue_with_articles(publication, 2, 30)
    client.get(small.get_absolute_url())  # warm the content-type and site caches
    with django_assert_num_queries(2) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(small_queries)):
        assert client.get(large.get_absolute_url()).status_code == 200
    assert len(small_queries) <= 6


def _busy_article(issue):
    article = ArticleFactory(issue=issue, kind="interview", interviewee=RoleFactory().person)
    article.tags.add("One", "Two", "Three")
    for _ in range(4):
        article.people.add(RoleFactory().person)
        article.organisations.add(OrganisationFactory())
        PullQuoteFactory(article=article, person=RoleFactory().person, attribution="")
        KeyFactFactory(article=article)
    return article


def test_article_page_runs_at_most_six_queries(client, django_assert_max_num_queries):
    article = _busy_article(IssueFactory(published=True))
    with django_assert_max_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_archive_runs_at_most_four_queries(client, publication, django_assert_max_num_queries):
    for edition in range(1, 4):
        IssueFactory(publication=publication, edition=edition, published=True)
    with django_assert_max_num_queries(4):
        client.get("/bulletins/in-partnership/")
    for edition in range(4, 30):
        IssueFactory(publication=publication, edition=edition, published=True)
    with django_assert_max_num_queries(4):
        client.get("/bulletins/in-partnership/")


def archive_total(client):
    return client.get("/bulletins/in-partnership/").context["page"].paginator.count


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_an_archives_total_is_counted_once_until_content_changes(
    client, publication, django_assert_num_queries, committed
):
    for edition in range(1, 4):
        IssueFactory(publication=publication, edition=edition, published=True)
    cache.clear()
    assert archive_total(client) == 3
    with django_assert_num_queries(2):  # the publication and its page: no count
        assert archive_total(client) == 3
    with committed():
        IssueFactory(publication=publication, edition=4, published=True)
    assert archive_total(client) == 4


def test_topics_list_shows_each_topic_with_a_public_article_by_name(client, publication):
    soon = timezone.now() + datetime.timedelta(days=2)
    shown = IssueFactory(publication=publication, edition=1, published=True)
    scheduled = IssueFactory(publication=publication, edition=2,
                             status=Issue.Status.PUBLISHED, publish_at=soon)
    ArticleFactory(issue=shown).tags.add("Crisis cafés", "alcohol", "Autism")
    ArticleFactory(issue=IssueFactory(publication=publication, edition=3)).tags.add("Drafts")
    ArticleFactory(issue=scheduled).tags.add("Scheduled", "Autism")
    html = client.get("/topics/").content.decode()
    links = re.findall(r'<li><a href="(/topics/[^"]+)">([^<]+)</a></li>', html)
    # By name, whatever its case; topics only drafts or scheduled issues hold are not.
    assert links == [("/topics/alcohol/", "alcohol"), ("/topics/autism/", "Autism"),
                     ("/topics/crisis-caf%C3%A9s/", "Crisis cafés")]


@override_settings(ICSPORTAL_PAGE_CACHE=False)
@pytest.mark.parametrize("topics", [1, 8])
def test_topics_list_reads_one_query_whatever_the_topics(
    client, django_assert_num_queries, topics
):
    article = ArticleFactory(issue=IssueFactory(published=True))
    article.tags.add(*[f"Topic {n}" for n in range(topics)])
    with django_assert_num_queries(1):
        html = client.get("/topics/").content.decode()
    assert html.count('<li><a href="/topics/') == topics


def test_topics_list_without_topics_says_so(client):
    ArticleFactory(issue=IssueFactory()).tags.add("Not yet public")
    assert "No published article has a topic yet." in client.get("/topics/").content.decode()


def test_topics_list_is_linked_from_bulletins_articles_and_each_topic(client):
    article = ArticleFactory(issue=IssueFactory(published=True))
    article.tags.add("Estates")
    assert 'href="/topics/">articles by topic</a>' in client.get("/bulletins/").content.decode()
    assert 'href="/topics/">All topics</a>' in client.get(
        article.get_absolute_url()).content.decode()
    assert 'class="nhsuk-back-link" href="/topics/"' in client.get(
        "/topics/estates/").content.decode()


def test_a_tag_with_an_accent_has_a_topic_page(client):
    article = ArticleFactory(issue=IssueFactory(published=True), headline="Crisis cafés")
    article.tags.add("Crisis cafés")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/topics/crisis-caf%C3%A9s/"' in html
    assert "Crisis cafés" in client.get("/topics/crisis-caf%C3%A9s/").content.decode()


def test_a_scheduled_issue_page_appears_at_its_publish_time(client, publication, editor_user):
    at = timezone.now() + datetime.timedelta(hours=3)
    services.publish(IssueFactory(publication=publication, edition=9), editor_user, at=at)
    assert client.get("/bulletins/in-partnership/9/").status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=at):
        assert client.get("/bulletins/in-partnership/9/").status_code == 200


@pytest.mark.parametrize("path,kind", [
    ("/bulletins/", "CollectionPage"),
    ("/bulletins/in-partnership/", "Periodical"),
    ("/topics/mental-health/", "CollectionPage"),
])
def test_list_pages_describe_themselves(client, publication, path, kind):
    ArticleFactory(issue=IssueFactory(publication=publication, published=True)).tags.add(
        "Mental health"
    )
    html = client.get(path).content.decode()
    assert _jsonld(html)["@type"] == kind
    assert '<link rel="canonical" href="http://testserver' in html
    assert '<meta property="og:url"' in html


def test_a_list_of_articles_names_each_ones_issue_and_says_which_are_interviews(publication):
    from bulletins.models import Article, article_lines

    publication.name = "News & Views"
    publication.save()
    dated = IssueFactory(publication=publication, edition=3, issue_date=datetime.date(2022, 5, 1))
    named = IssueFactory(publication=publication, edition=4, period_label="Summer 2022")
    ArticleFactory(issue=dated, headline="Cafés <open>", kind=Article.Kind.NEWS)
    ArticleFactory(issue=named, headline="Five questions", kind=Article.Kind.INTERVIEW)
    articles = Article.objects.select_related("issue__publication").order_by("issue__edition")
    lines = article_lines(Article.objects.order_by("issue__edition").for_list())
    assert [line["details"] for line in lines] == [
        "News & Views, issue 3 (May 2022)", "interview, News & Views, issue 4 (Summer 2022)"]
    assert [line["url"] for line in lines] == [article.get_absolute_url() for article in articles]
    # Plain text: the template escapes it.
    assert lines[0]["headline"] == "Cafés <open>"
    html = render_to_string("bulletins/_article_list.html", {"articles": lines})
    assert "Cafés &lt;open&gt;</a>" in html
    assert "— interview, News &amp; Views, issue 4 (Summer 2022)</span>" in html


def test_article_addresses_filled_for_a_list_match_the_urlconf(publication):
    from bulletins.models import Article, with_urls

    for edition in (1, 2):
        issue = IssueFactory(publication=publication, edition=edition, published=True)
        ArticleFactory(issue=issue, slug="crisis-cafes")
        ArticleFactory(issue=issue, slug="hidden_talents-2")
    articles = with_urls(list(Article.objects.select_related("issue__publication")))
    assert [a.url for a in articles] == [
        reverse("bulletins:article", args=[publication.slug, a.issue.edition, a.slug])
        for a in articles
    ]
    assert len({a.url for a in articles}) == 4
