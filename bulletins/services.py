"""The publishing rules for an issue, in one place: the admin and the tests call these.

Press office staff may draft and submit an issue for review; only holders of
`bulletins.publish_issue` (the Editors group, and superusers) may publish, schedule or
unpublish it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bulletins.models import Issue

PUBLISH_PERMISSION = "bulletins.publish_issue"


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def _save(issue, user, reason):
    # simple_history records who made the change and why.
    issue._history_user = user
    issue._change_reason = reason
    issue.save()


@transaction.atomic
def submit_for_review(issue, user):
    """Hand a draft to the editors."""
    if not user.has_perm("bulletins.change_issue"):
        raise PermissionDenied("You may not edit issues.")
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError("Only a draft can be submitted for review.")
    issue.status = Issue.Status.IN_REVIEW
    _save(issue, user, "Submitted for review")
    return issue


@transaction.atomic
def publish(issue, user, at=None):
    """Publish now, or at `at` if that is in the future (scheduled: no job needed, the
    published() query compares publish_at with the time of each request)."""
    if not can_publish(user):
        raise PermissionDenied("Only editors may publish or schedule an issue.")
    now = timezone.now()
    issue.status = Issue.Status.PUBLISHED
    issue.publish_at = at or now
    if issue.first_published_at is None:
        issue.first_published_at = max(issue.publish_at, now)
    scheduled = issue.publish_at > now
    _save(issue, user, f"Scheduled for {issue.publish_at:%Y-%m-%d %H:%M}" if scheduled
          else "Published")
    return issue


@transaction.atomic
def unpublish(issue, user):
    """Withdraw an issue from the site; it returns to draft and keeps its history."""
    if not can_publish(user):
        raise PermissionDenied("Only editors may unpublish an issue.")
    issue.status = Issue.Status.DRAFT
    issue.publish_at = None
    _save(issue, user, "Unpublished")
    return issue
