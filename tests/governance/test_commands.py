import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.governance.factories import PublicQuestionFactory

pytestmark = pytest.mark.django_db


def test_purge_question_contacts_command_reports_how_many():
    old = PublicQuestionFactory(meeting__start=timezone.now() - datetime.timedelta(days=400))
    PublicQuestionFactory(meeting__start=timezone.now() - datetime.timedelta(days=100))
    out = StringIO()
    call_command("purge_question_contacts", stdout=out)
    assert "1 question" in out.getvalue()
    old.refresh_from_db()
    assert old.contact_email == ""


def test_purge_question_contacts_command_takes_a_period_in_months():
    recent = PublicQuestionFactory(meeting__start=timezone.now() - datetime.timedelta(days=100))
    out = StringIO()
    call_command("purge_question_contacts", "--months", "3", stdout=out)
    assert "1 question" in out.getvalue()
    recent.refresh_from_db()
    assert recent.contact_address == ""
