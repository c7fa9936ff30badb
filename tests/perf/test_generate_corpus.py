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
