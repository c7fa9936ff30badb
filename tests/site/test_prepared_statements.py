"""The PostgreSQL backend's prepared statements (icsportal/postgresql/base.py): what it
prepares, that a prepared statement answers as the statement as written does, and that
what PostgreSQL refuses to prepare loses nothing."""

import datetime
import decimal
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from icsportal.postgresql import base
from people.models import Person


def postgres(test):
    """PostgreSQL only: the marker CI holds to running, and a skip on SQLite."""
    skip = pytest.mark.skipif(connection.vendor != "postgresql",
                              reason="prepares statements on PostgreSQL")
    return pytest.mark.postgres(skip(pytest.mark.usefixtures("no_statements_prepared")(test)))


@pytest.fixture
def no_statements_prepared():
    """The test starts from a connection with nothing prepared."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connections["default"].statements.forget()


def prepared():
    """The statements the connection has prepared, as PostgreSQL lists them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def prepared_with(text):
    return [statement for statement in prepared() if text in statement]


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_placeholders_are_numbered_and_percent_signs_unescaped():
    assert base.numbered("SELECT %s, 'a%%' || %s") == "SELECT $1, 'a%' || $2"


def test_each_parameter_is_declared_as_its_literal_would_be_typed():
    aware = datetime.datetime(2026, 6, 10, 14, 0, tzinfo=datetime.UTC)
    assert base.parameter_types(
        [True, 7, 1.5, decimal.Decimal("2.50"), "board-1", SafeString("x"), aware,
         aware.replace(tzinfo=None), aware.date(), uuid.uuid4(), [1, 2], []]
    ) == ("boolean", "bigint", "numeric", "numeric", "unknown", "unknown",
          "timestamp with time zone", "timestamp", "date", "uuid", "bigint[]", "bigint[]")


@pytest.mark.parametrize("value", [None, ["a", "b"], [1, "2"], [1, 2**63], {"a": 1}, 2**63])
def test_a_parameter_of_another_type_is_not_prepared(value):
    assert base.parameter_types([1, value]) is None


def test_named_parameters_are_not_prepared():
    assert base.parameter_types({"slug": "board-1"}) is None


@pytest.mark.parametrize(("enabled", "url", "engine"), [
    ("", "postgres://icsportal@127.0.0.1:5432/icsportal", "icsportal.postgresql"),
    ("0", "postgres://icsportal@127.0.0.1:5432/icsportal", "django.db.backends.postgresql"),
    ("", "sqlite:///tmp/icsportal.sqlite3", "django.db.backends.sqlite3"),
])
def test_the_setting_chooses_the_backend(enabled, url, engine):
    env = {**os.environ, "DATABASE_URL": url, "ICSPORTAL_PREPARED_STATEMENTS": enabled,
           "DJANGO_DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-c", "from icsportal import settings; "
                               "print(settings.DATABASES['default']['ENGINE'])"],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == engine


@postgres
@pytest.mark.django_db
def test_the_second_run_of_a_select_is_prepared_and_answers_the_same():
    Person.objects.create(given_name="Priya", family_name="Shah", slug="priya-shah-prep")
    query = Person.objects.filter(slug="priya-shah-prep").values_list("given_name", "family_name")
    assert type(connections["default"]).__module__ == "icsportal.postgresql.base"
    assert list(query.all()) == [("Priya", "Shah")]
    assert not prepared_with('"people_person"."slug" = $1')
    assert list(query.all()) == [("Priya", "Shah")]
    [statement] = prepared_with('"people_person"."slug" = $1')
    assert statement.startswith("PREPARE icsportal_") and "(unknown) AS SELECT" in statement
    assert list(query.filter(family_name="Shah")) == [("Priya", "Shah")]
    assert list(Person.objects.filter(slug="nobody").values_list("given_name")) == []


@postgres
@pytest.mark.django_db
@pytest.mark.parametrize("value", [
    7, 2**40, 1.25, decimal.Decimal("2.50"), True, "board-1",
    datetime.datetime(2026, 6, 10, 13, 0, tzinfo=datetime.UTC), datetime.date(2026, 6, 10),
    datetime.timedelta(hours=2), uuid.UUID("12345678-1234-5678-1234-567812345678"),
])
def test_a_prepared_value_comes_back_as_the_literal_did(value):
    sql = "SELECT %s AS value, 1 AS marker"
    [(first, _)] = run(sql, [value])
    assert first == value
    for _ in range(2):
        [(again, _)] = run(sql, [value])
        assert again == first and type(again) is type(first)
    assert prepared_with("SELECT $1 AS value, 1 AS marker")


@postgres
@pytest.mark.django_db
def test_a_list_of_keys_is_one_prepared_statement_whatever_its_length():
    people = [Person.objects.create(given_name="Key", family_name=f"Listed {n}",
                                    slug=f"key-listed-{n}") for n in range(3)]
    keys = [person.pk for person in people]
    sql = "SELECT id FROM people_person WHERE id = ANY(%s) ORDER BY id"
    for chosen in (keys, keys[:1], [], [keys[2], keys[0]], keys[1:]):
        assert [row[0] for row in run(sql, [chosen])] == sorted(chosen)
    [statement] = prepared_with("WHERE id = ANY($1) ORDER BY id")
    assert "(bigint[]) AS SELECT" in statement


@postgres
@pytest.mark.django_db
@pytest.mark.parametrize(("sql", "params"), [
    ("SELECT id FROM people_person WHERE family_name LIKE %s", ["Sh%%"]),
    ("SELECT id FROM people_person WHERE search_document @@ plainto_tsquery(%s)", ["shah"]),
    ("SELECT id FROM people_person WHERE family_name ~ %s", ["^Sh"]),
    ("SELECT id FROM people_person WHERE slug = ANY(%s)", [["a", "b"]]),
    ("SELECT id FROM people_person WHERE id > %s ORDER BY family_name LIMIT 51", [0]),
    ("SELECT id FROM people_person WHERE id > %s ORDER BY id DESC LIMIT 1", [0]),
    ("UPDATE people_person SET given_name = given_name WHERE id = %s", [0]),
])
def test_text_matches_top_n_lists_data_changes_and_text_lists_are_planned_each_time(sql, params):
    before = prepared()
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert prepared() == before


def test_what_orders_and_limits_is_preparable_only_when_marked_planned_once():
    assert base.PLANNED_ONCE == " /* planned once */"
    assert base.preparable("SELECT id FROM people_person WHERE id > %s ORDER BY id")
    assert not base.preparable(
        "SELECT id FROM people_person WHERE id > %s ORDER BY family_name LIMIT 51")
    assert base.preparable(
        "SELECT id FROM people_person WHERE id > %s ORDER BY family_name LIMIT 51"
        " /* planned once */")
    assert not base.preparable(  # the words still decide a text match's plan
        "SELECT id FROM people_person WHERE family_name LIKE %s ORDER BY id LIMIT 5"
        " /* planned once */")
    assert not base.preparable("UPDATE people_person SET slug = %s /* planned once */")


@postgres
@pytest.mark.django_db
def test_a_top_n_list_marked_planned_once_is_prepared_at_its_second_run():
    sql = ("SELECT id FROM people_person WHERE id > %s ORDER BY family_name LIMIT 51"
           " /* planned once */")
    for _ in range(2):
        run(sql, [0])
    assert prepared_with("ORDER BY family_name LIMIT 51 /* planned once */")


@postgres
@pytest.mark.django_db
def test_queries_are_logged_as_written_not_as_execute():
    query = Person.objects.filter(slug="logged-as-written")
    for _ in range(2):
        list(query.all())
    with CaptureQueriesContext(connection) as captured:
        list(query.all())
    assert prepared_with("\"people_person\".\"slug\" = $1")
    [logged] = [q["sql"] for q in captured.captured_queries]
    assert logged.startswith("SELECT ") and "'logged-as-written'" in logged
    assert "EXECUTE" not in logged


@postgres
@pytest.mark.django_db
def test_a_statement_postgres_refuses_to_prepare_runs_as_written_and_keeps_the_transaction():
    # repeat() takes an integer count; a bigint parameter has no implicit cast to it,
    # so the PREPARE fails, inside this test's transaction.
    sql = "SELECT repeat('ab', %s) AS refused"
    assert transaction.get_connection().in_atomic_block
    for _ in range(3):
        assert run(sql, [2]) == [("abab",)]
    assert not prepared_with("AS refused")
    assert Person.objects.count() == 0  # the transaction is still usable


@postgres
@pytest.mark.django_db(transaction=True)
def test_prepared_statements_outlive_a_rollback_and_end_with_their_connection():
    sql = "SELECT %s + 1 AS survives"
    with transaction.atomic():
        run(sql, [1])
        run(sql, [1])
        transaction.set_rollback(True)
    assert prepared_with("$1 + 1 AS survives")
    assert run(sql, [41]) == [(42,)]
    connection.close()
    assert not prepared_with("$1 + 1 AS survives")
    for _ in range(3):
        assert run(sql, [1]) == [(2,)]
    assert prepared_with("$1 + 1 AS survives")


@postgres
@pytest.mark.django_db
def test_a_connection_keeps_its_limit_and_lets_the_least_recently_run_go(monkeypatch):
    monkeypatch.setattr(base, "LIMIT", 2)
    first, second, third = (f"SELECT %s AS kept_{n}" for n in ("first", "second", "third"))
    for sql in (first, second, first, third):
        for _ in range(2):
            assert run(sql, [5]) == [(5,)]
    assert prepared_with("AS kept_first") and prepared_with("AS kept_third")
    assert not prepared_with("AS kept_second")
    assert run(second, [6]) == [(6,)]


@postgres
@pytest.mark.django_db(transaction=True)
def test_statements_deallocated_behind_its_back_are_prepared_again():
    sql = "SELECT %s * 2 AS deallocated"
    for _ in range(2):
        run(sql, [3])
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert run(sql, [4]) == [(8,)]  # as written, since the name is gone
    for _ in range(2):
        assert run(sql, [5]) == [(10,)]
    assert prepared_with("$1 * 2 AS deallocated")


def prepared_as(text):
    """(name, generic plans, custom plans) of the one prepared statement with `text`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, generic_plans, custom_plans FROM pg_prepared_statements"
                       " WHERE statement LIKE %s", [f"%{text}%"])
        [row] = cursor.fetchall()
        return row


def plans(text):
    """(generic, custom) plans PostgreSQL has made for the prepared statement with `text`."""
    return prepared_as(text)[1:]


def plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


MARKED = ("SELECT id FROM people_person WHERE id > %s ORDER BY family_name LIMIT 7"
          " /* planned once */")
UNMARKED = "SELECT %s + 2 AS unmarked"


@postgres
@pytest.mark.django_db
def test_a_statement_marked_planned_once_runs_its_generic_plan_from_the_first_execute():
    # Under `auto` PostgreSQL makes five custom plans before it weighs a generic one.
    for _ in range(4):
        run(MARKED, [0])
    assert plans("LIMIT 7 /* planned once */") == (3, 0)
    assert plan_cache_mode() == base.GENERIC


def sent(sql, params):
    """What the connection sent to PostgreSQL to run `sql`."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.cursor.query.decode()


@postgres
@pytest.mark.django_db
def test_other_statements_run_under_auto_and_the_mode_is_set_only_when_it_changes():
    for _ in range(2):
        run(MARKED, [0])
    with CaptureQueriesContext(connection) as captured:
        assert run(UNMARKED, [1]) == [(3,)]
        assert run(UNMARKED, [2]) == [(4,)]  # prepared now, and run under auto
    assert plan_cache_mode() == base.AUTO
    assert plans("$1 + 2 AS unmarked") == (0, 1)
    assert [q["sql"] for q in captured.captured_queries] == [
        "SELECT 1 + 2 AS unmarked", "SELECT 2 + 2 AS unmarked"]
    marked, *_ = prepared_as("LIMIT 7 /* planned once */")
    unmarked, *_ = prepared_as("$1 + 2 AS unmarked")
    assert [sent(MARKED, [0]), sent(MARKED, [1]), sent(UNMARKED, [3])] == [
        f"SET plan_cache_mode = force_generic_plan; EXECUTE {marked}(0)",
        f"EXECUTE {marked}(1)",
        f"SET plan_cache_mode = auto; EXECUTE {unmarked}(3)",
    ]


@postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_rollback_the_mode_is_set_again():
    run(MARKED, [0])
    with transaction.atomic():
        run(MARKED, [0])  # prepared, and the mode set inside the transaction
        assert plan_cache_mode() == base.GENERIC
        transaction.set_rollback(True)
    assert plan_cache_mode() == base.AUTO  # PostgreSQL undid the SET
    run(MARKED, [0])
    assert plan_cache_mode() == base.GENERIC
    assert plans("LIMIT 7 /* planned once */") == (2, 0)


@postgres
@pytest.mark.django_db
def test_after_a_savepoint_rollback_the_mode_is_set_again():
    run(MARKED, [0])
    with transaction.atomic():
        run(MARKED, [0])
        transaction.set_rollback(True)
    assert plan_cache_mode() == base.AUTO
    run(MARKED, [0])
    assert plan_cache_mode() == base.GENERIC
    assert plans("LIMIT 7 /* planned once */") == (2, 0)
