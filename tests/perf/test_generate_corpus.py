"""The synthetic archive generator behind `make bench`."""

import io

import pytest
from django.core.management import CommandError, call_command

from people.models import Organisation, Person, Role

pytestmark = pytest.mark.django_db


def generate(*args):
    err = io.StringIO()
    call_command("generate_corpus", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def snapshot():
    return (
        list(Person.objects.order_by("slug").values_list("slug", "honorific")),
        list(Role.objects.order_by("person__slug", "title", "start_date")
             .values_list("person__slug", "organisation__slug", "title", "start_date")),
    )


def test_it_builds_people_and_organisations_in_proportion_to_the_scale():
    generate("--scale", "0.02")
    assert Person.objects.count() == 60
    assert Organisation.objects.count() == 40  # never fewer than the partnership
    assert Organisation.objects.partners().count() == 40
    assert Role.objects.count() >= 60


def test_it_draws_a_progress_bar_on_stderr():
    err = generate("--scale", "0.02")
    assert "people" in err
    assert "[" + "#" * 30 + "]" in err


def test_the_same_seed_gives_the_same_archive():
    generate("--scale", "0.02", "--seed", "7")
    first = snapshot()
    generate("--scale", "0.02", "--seed", "7", "--force")
    assert snapshot() == first
    generate("--scale", "0.02", "--seed", "8", "--force")
    assert snapshot() != first


def test_it_refuses_to_add_to_existing_content_without_force():
    generate("--scale", "0.02")
    with pytest.raises(CommandError, match="--force"):
        generate("--scale", "0.02")
    assert Person.objects.count() == 60


def test_bulletins_and_governance_scale_with_the_archive():
    from bulletins.models import Article, Issue
    from governance.models import Meeting, PublicQuestion, Resolution

    generate("--scale", "0.1")
    assert Issue.objects.count() == 10
    assert 150 <= Article.objects.count() <= 250  # about 20 an issue
    assert Article.tags.through.objects.exists()
    # 30 in the archive and each of the twelve boards' next two meetings.
    assert Meeting.objects.count() == 30 + 24
    assert Meeting.objects.upcoming().count() == 24
    assert 300 <= Resolution.objects.count() <= 700  # about 17 a held meeting
    assert PublicQuestion.objects.exclude(contact_email="").exists()


def test_minutes_run_as_long_as_a_real_meetings():
    """Thousands of words a meeting, as real minutes run (the Rutland board's special
    meeting of February 2022: about 5,400), not a line an item."""
    from django.utils.html import strip_tags

    from governance.models import AgendaItem, Meeting

    generate("--scale", "0.05")
    words = {Meeting.Status.HELD: {}, Meeting.Status.SCHEDULED: {}}
    for meeting_id, status, minutes in AgendaItem.objects.values_list(
            "meeting_id", "meeting__status", "minutes"):
        count = words[status].get(meeting_id, 0) + len(strip_tags(minutes).split())
        words[status][meeting_id] = count
    held = words[Meeting.Status.HELD]
    assert 3_500 <= sum(held.values()) / len(held) <= 6_000
    # A meeting still to come has its agenda, and no minutes yet.
    assert set(words[Meeting.Status.SCHEDULED].values()) == {0}


def test_public_pages_never_show_the_synthetic_questioners_contact_details(client):
    from governance.models import PUBLIC_MINUTES, PublicQuestion

    generate("--scale", "0.1")
    question = (PublicQuestion.objects.public().select_related("meeting__board")
                .filter(meeting__minutes_status__in=PUBLIC_MINUTES).first())
    assert question, "the corpus has a question at a meeting whose minutes are public"
    html = client.get(question.meeting.get_absolute_url()).content.decode()
    assert question.speaker_name in html
    assert question.contact_email not in html
    assert question.contact_phone not in html


def test_force_replaces_bulletins_and_governance_too():
    from bulletins.models import Article
    from governance.models import Resolution

    generate("--scale", "0.05", "--seed", "3")
    first = sorted(Article.objects.values_list("headline", flat=True))
    resolutions = Resolution.objects.count()
    generate("--scale", "0.05", "--seed", "3", "--force")
    assert sorted(Article.objects.values_list("headline", flat=True)) == first
    assert Resolution.objects.count() == resolutions
