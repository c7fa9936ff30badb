"""A kept PostgreSQL connection is checked before a request by its socket
(icsportal/postgresql/base.py, `DatabaseWrapper.is_usable`): a healthy one is reused
without a statement, one the server ended is replaced, and anything else the server
sent is left to Django's own check."""

import select
import time

import psycopg2
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="checks PostgreSQL connections"),
    pytest.mark.django_db,
]


@pytest.fixture
def kept():
    """A connection of its own to the test database, as a worker keeps one between
    requests, with health checks on."""
    wrapper = connections.create_connection("default")
    wrapper.health_check_enabled = True
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.fixture
def other():
    """A second session, to watch and end the kept one from outside."""
    settings = connection.get_connection_params()
    session = psycopg2.connect(**settings)
    session.autocommit = True
    yield session
    session.close()


def last_statement_of(session, pid):
    with session.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def wait_until_readable(wrapper):
    waiting = select.poll()
    waiting.register(wrapper.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 10
    while not waiting.poll(100):
        assert time.monotonic() < deadline, "the server sent nothing within 10 s"


def test_a_healthy_connection_is_reused_without_a_statement(kept, other):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last statement'")
    pid = kept.connection.get_backend_pid()

    assert kept.is_usable()
    kept.health_check_done = False
    kept.close_if_health_check_failed()

    assert kept.connection is not None
    assert last_statement_of(other, pid) == "SELECT 'the last statement'"


def test_a_connection_the_server_ended_is_replaced_before_the_next_request(kept, other):
    pid = kept.connection.get_backend_pid()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_until_readable(kept)

    assert not kept.is_usable()
    kept.health_check_done = False
    kept.close_if_health_check_failed()
    assert kept.connection is None

    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_anything_else_the_server_sent_is_left_to_djangos_check(kept, other):
    with kept.cursor() as cursor:
        cursor.execute("LISTEN icsportal_health")
    pid = kept.connection.get_backend_pid()
    with other.cursor() as cursor:
        cursor.execute("NOTIFY icsportal_health")
    wait_until_readable(kept)

    assert kept.is_usable()
    assert last_statement_of(other, pid) == "SELECT 1"
