"""Public pages name no template variable that their context lacks.

A name a template looks up and does not find renders as "", so nothing shows it; but
each costs Django two or three exceptions, and one on an object's attribute a `dir()`
of the object too. The header's `request.GET.q` was about 13 µs on every page, and a
meeting page's forty-odd person lines, included with some of their names left out,
about 150 µs.
"""

import logging

import pytest
from django.test import override_settings

from icsportal import bench_urls
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


class FailedLookups(logging.Handler):
    """What Django's template engine logs when a lookup fails (at DEBUG)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.names = []

    def emit(self, record):
        if record.getMessage().startswith("Exception while resolving variable"):
            self.names.append(record.args)


@pytest.fixture
def failed_lookups():
    logger = logging.getLogger("django.template")
    handler, level = FailedLookups(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler.names
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_no_public_page_looks_up_a_name_it_lacks(corpus, client, failed_lookups):
    corpus(0.02)
    pages = [*bench_urls.resolve(),
             ("a person with no role", PersonFactory().get_absolute_url()),
             ("a missing page", "/no-such-page/")]
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        for label, path in pages:
            client.get(path)
            assert failed_lookups == [], label
    assert len(pages) == len(bench_urls.BENCH_URLS) + 2
