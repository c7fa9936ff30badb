"""The search's cap: how many matches of a type it counts and ranks, set by
ICSPORTAL_SEARCH_CAP, and a chosen type's pages, which end with it."""

import subprocess
import sys

import pytest

from icsportal.search import PER_PAGE
from tests.find.test_search import results
from tests.people.factories import OrganisationFactory

SHOW_CAP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'icsportal.settings'; "
    "django.setup(); from icsportal import search; print(search.COUNT_CAP)"
)


def start_with_cap(value):
    """A new process's search, started with ICSPORTAL_SEARCH_CAP=value."""
    return subprocess.run(
        [sys.executable, "-c", SHOW_CAP],
        env={"PATH": "/usr/bin:/bin", "ICSPORTAL_SEARCH_CAP": str(value)},
        capture_output=True, text=True, timeout=60,
    )


def test_the_cap_is_read_from_the_environment():
    result = start_with_cap(PER_PAGE * 5)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(PER_PAGE * 5)]


def test_the_cap_is_300_unless_set():
    result = start_with_cap("")
    assert result.stdout.split() == ["300"], result.stderr


@pytest.mark.parametrize("value", [0, PER_PAGE // 2, PER_PAGE * 5 + PER_PAGE // 2, -PER_PAGE])
def test_a_cap_that_would_end_a_page_part_way_is_refused(value):
    result = start_with_cap(value)
    assert result.returncode != 0
    assert f"ICSPORTAL_SEARCH_CAP must be a multiple of {PER_PAGE}" in result.stderr
    assert f"not {value}." in result.stderr


@pytest.mark.django_db
def test_a_chosen_type_pages_through_the_cap_and_no_further(client, cap):
    cap(PER_PAGE * 2)
    for n in range(PER_PAGE * 2 + 3):
        OrganisationFactory(name=f"Cottesmore Trust {n:02}")
    html = results(client, q="Cottesmore", type="organisations", page=3)
    assert f"Organisations (more than {PER_PAGE * 2})" in html
    # The last page the cap holds, whole, with a link back and none further.
    assert html.count("Cottesmore Trust") == PER_PAGE
    assert "Page 1 of 2" in html
    assert "Page 3" not in html
