"""Questioners' contact details are kept for the period the privacy notice promises and then
leave no copy anywhere in the database, while the question stays in the public record.

tests/governance/test_commands.py covers the command's report and its --months option.
"""

import datetime
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import strip_tags

from governance.management.commands.purge_question_contacts import Command
from governance.models import PublicQuestion
from governance.services import months_before
from icsportal import demo as site_demo
from tests.governance.factories import PublicQuestionFactory

pytestmark = pytest.mark.django_db


def default_months():
    """The retention period the command applies when run without options (as cron runs it)."""
    return Command().create_parser("manage.py", "purge_question_contacts").get_default("months")


def rows_holding(values):
    """["app.Model"] for every table with a text column containing any of `values`."""
    found = []
    for model in apps.get_models():
        columns = [f for f in model._meta.concrete_fields
                   if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        match = models.Q()
        for field in columns:
            for value in values:
                match |= models.Q(**{f"_text_{field.name}__icontains": value})
        if not columns:
            continue
        texts = {f"_text_{f.name}": Cast(f.name, models.TextField()) for f in columns}
        if model._default_manager.annotate(**texts).filter(match).exists():
            found.append(model._meta.label)
    return found


def purge():
    out = StringIO()
    call_command("purge_question_contacts", stdout=out)
    return out.getvalue()


def test_the_privacy_notice_states_the_period_the_purge_applies(client):
    site_demo.load()
    months = default_months()
    assert isinstance(months, int) and months > 0
    text = " ".join(strip_tags(client.get("/privacy/").content.decode()).split())
    assert re.search(rf"contact details are deleted {months} months after the meeting", text)


def test_contacts_older_than_the_period_leave_no_copy_but_the_question_stays_public(client):
    question = PublicQuestionFactory(
        meeting__start=months_before(timezone.now(), default_months()) - datetime.timedelta(days=1),
        speaker_name="Mr Retained Name", question="Will the retained question stay?",
    )
    # A later edit by an officer, so the question has history rows as well.
    question.response = "<p>An updated response.</p>"
    question.save()
    secrets = [question.contact_address, question.contact_email, question.contact_phone]
    assert rows_holding(secrets) == ["governance.PublicQuestion"]

    assert "1 question" in purge()

    assert rows_holding(secrets) == []
    question.refresh_from_db()
    assert question.contacts_purged_at is not None
    assert (question.speaker_name, question.question) == (
        "Mr Retained Name", "Will the retained question stay?")
    assert question.response == "<p>An updated response.</p>"
    page = client.get(question.meeting.get_absolute_url()).content.decode()
    assert "Mr Retained Name" in page and "Will the retained question stay?" in page


def test_contacts_inside_the_period_are_kept_for_correspondence():
    cutoff = months_before(timezone.now(), default_months())
    kept = PublicQuestionFactory(meeting__start=cutoff + datetime.timedelta(days=1))
    gone = PublicQuestionFactory(meeting__start=cutoff - datetime.timedelta(days=1))

    purge()

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.contact_email and kept.contact_address and kept.contact_phone
    assert kept.contacts_purged_at is None
    assert (gone.contact_email, gone.contact_address, gone.contact_phone) == ("", "", "")


def test_a_second_run_purges_nothing_and_keeps_the_first_purge_date():
    PublicQuestionFactory(meeting__start=timezone.now() - datetime.timedelta(days=800))
    purge()
    first = PublicQuestion.objects.get().contacts_purged_at

    assert "0 question" in purge()
    assert PublicQuestion.objects.get().contacts_purged_at == first
