"""The publishing rules: who may publish, when an issue becomes public, unpublishing."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bulletins import services
from bulletins.models import Article, Issue
from tests.bulletins.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def test_a_draft_issue_is_not_public():
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    assert not Issue.objects.published().exists()
    assert not Article.objects.published().exists()


def test_an_editor_publishes_an_issue_now(editor_user):
    issue = services.publish(IssueFactory(), editor_user)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.first_published_at is not None
    assert list(Issue.objects.published()) == [issue]


def test_a_scheduled_issue_becomes_public_at_its_time(editor_user):
    at = timezone.now() + datetime.timedelta(days=2)
    issue = services.publish(IssueFactory(), editor_user, at=at)
    assert not Issue.objects.published().exists()
    assert issue.is_scheduled
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(minutes=1)):
        assert list(Issue.objects.published()) == [issue]
        assert issue.is_public()


def test_unpublishing_withdraws_the_issue_and_keeps_its_first_publication(editor_user):
    issue = services.publish(IssueFactory(), editor_user)
    first = issue.first_published_at
    services.unpublish(issue, editor_user)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not Issue.objects.published().exists()
    assert issue.first_published_at == first


def test_press_office_submits_for_review_but_cannot_publish(press_user):
    issue = services.submit_for_review(IssueFactory(), press_user)
    assert Issue.objects.get().status == Issue.Status.IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.publish(issue, press_user)
    with pytest.raises(PermissionDenied):
        services.publish(issue, press_user, at=timezone.now() + datetime.timedelta(days=1))
    assert Issue.objects.get().status == Issue.Status.IN_REVIEW


def test_press_office_cannot_unpublish(press_user, editor_user):
    issue = services.publish(IssueFactory(), editor_user)
    with pytest.raises(PermissionDenied):
        services.unpublish(issue, press_user)
    assert Issue.objects.published().exists()


def test_superuser_may_publish(superuser):
    services.publish(IssueFactory(), superuser)
    assert Issue.objects.published().exists()


def test_staff_outside_the_bulletin_groups_cannot_submit(governance_user):
    with pytest.raises(PermissionDenied):
        services.submit_for_review(IssueFactory(), governance_user)


def test_only_a_draft_can_be_submitted(editor_user):
    issue = services.publish(IssueFactory(), editor_user)
    with pytest.raises(ValidationError):
        services.submit_for_review(issue, editor_user)


def test_history_records_who_published(editor_user):
    issue = services.publish(IssueFactory(), editor_user)
    latest = issue.history.first()
    assert latest.history_user == editor_user
    assert latest.status == Issue.Status.PUBLISHED
    assert latest.history_change_reason == "Published"
