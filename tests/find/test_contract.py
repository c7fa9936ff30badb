"""Contract tests: schemathesis drives every operation through the WSGI app."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from icsportal.api import api
from icsportal.wsgi import application
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PublicQuestionFactory,
    ResolutionFactory,
)
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory
from tests.site.test_database_unavailable import database_fails

# The document the API serves at /api/v1/openapi.json, built as its view builds it: it
# touches no table, so it can be loaded at collection, when the database is closed to
# tests. Fetched through the app, the request would read the page cache's content version,
# whose first making asks the database when the next scheduled change is.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@pytest.fixture
def some_records(db, wsgi_keeps_the_connection):
    OrganisationFactory(successor=OrganisationFactory(), short_name="ICB")
    RoleFactory.create_batch(3)
    # Bulletins and governance records, so detail and filter paths meet real rows: a
    # published interview with topics, an unpublished article, a meeting with its full
    # record, an exempt item and a meeting whose minutes are still a draft.
    interview = ArticleFactory(issue=IssueFactory(published=True), kind="interview",
                               interviewee=PersonFactory())
    interview.tags.add("Mental health")
    ArticleFactory()
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, is_chair=True)
    ResolutionFactory(item__meeting=meeting)
    AgendaItemFactory(meeting=meeting, is_exempt=True)
    PublicQuestionFactory(meeting=meeting)
    AgendaItemFactory(meeting=MeetingFactory(board=meeting.board, minutes_status="draft"))


@schema.parametrize()
@settings(max_examples=20, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case, some_records):
    # Schemathesis asks for gzip as requests does, and its WSGI transport reads the body
    # without decoding it; the API's gzip coding has its own test (test_page_coding).
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=[
        schemathesis.checks.not_a_server_error, status_code_conformance,
        content_type_conformance, response_schema_conformance,
    ])


@schema.parametrize()
@settings(max_examples=3, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_says_what_it_answers_while_the_database_cannot(
    case, db, wsgi_keeps_the_connection
):
    """The 503 and its JSON are in the document, as is any answer given before the
    database is asked (a parameter refused, 422)."""
    with database_fails():
        response = case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=[
            status_code_conformance, content_type_conformance,
            response_schema_conformance,
        ])
    assert response.status_code != 200
    if response.status_code == 503:
        headers = {name.lower(): value for name, value in response.headers.items()}
        assert headers["retry-after"] in ("30", ["30"])
