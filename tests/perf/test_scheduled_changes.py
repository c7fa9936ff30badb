"""Pages that change at a set time without a save: a scheduled issue going public, a
meeting moving from "upcoming" to "past" when it starts.

The cache and the ETag must let go of the page as that time passes, as they do after an
edit: a reader (or a CDN revalidating every minute) who saw the page before must get
the new one, not a 304, and not only at midnight.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bulletins import services
from governance.models import Meeting
from icsportal import caching
from tests.bulletins.factories import IssueFactory
from tests.bulletins.test_admin import _article_form
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def morning():
    """10:00 today, local time: the tests move the clock by hours, never past midnight,
    so the page's date (which is in its cache key and ETag) stays the same."""
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def scheduled_issue(committed, editor, when):
    """A new issue its editor schedules to go public at `when`, committed: the schedule
    reads only what is."""
    with committed():
        return services.publish(IssueFactory(), editor, at=when)


def schedule_warnings(caplog):
    return [r for r in caplog.records if "when public pages next change" in r.message]


@override_settings(ICSPORTAL_PAGE_CACHE=False)
def test_a_scheduled_issue_is_counted_in_its_archive_at_its_time(
    client, editor_user, morning, committed
):
    with at(morning):
        issue = scheduled_issue(committed, editor_user, morning + datetime.timedelta(hours=2))
        archive = issue.publication.get_absolute_url()
        assert client.get(archive).context["page"].paginator.count == 0
        assert client.get(archive).context["page"].paginator.count == 0  # remembered
    with at(morning + datetime.timedelta(hours=2, seconds=1)):
        assert client.get(archive).context["page"].paginator.count == 1


def test_a_scheduled_issue_appears_on_the_cached_home_page_at_its_time(
    client, editor_user, morning, committed
):
    with at(morning):
        issue = scheduled_issue(committed, editor_user, morning + datetime.timedelta(hours=2))
        before = client.get("/")
        assert issue.get_absolute_url() not in before.content.decode()
        assert client.get("/", headers={"if-none-match": before["ETag"]}).status_code == 304

    with at(morning + datetime.timedelta(hours=2, seconds=1)):
        after = client.get("/", headers={"if-none-match": before["ETag"]})
        assert after.status_code == 200
        assert issue.get_absolute_url() in after.content.decode()
        assert after["ETag"] != before["ETag"]
        assert client.get(issue.get_absolute_url()).status_code == 200


def test_each_scheduled_issue_appears_at_its_own_time(client, editor_user, morning, committed):
    with at(morning):
        first = scheduled_issue(committed, editor_user, morning + datetime.timedelta(hours=1))
        second = scheduled_issue(committed, editor_user, morning + datetime.timedelta(hours=3))
        client.get("/bulletins/")

    with at(morning + datetime.timedelta(hours=2)):
        page = client.get("/bulletins/").content.decode()
        assert first.get_absolute_url() in page
        assert second.get_absolute_url() not in page

    with at(morning + datetime.timedelta(hours=4)):
        assert second.get_absolute_url() in client.get("/bulletins/").content.decode()


def test_a_meeting_leaves_the_upcoming_list_when_it_starts(client, morning, committed):
    with at(morning):
        with committed():
            meeting = MeetingFactory(start=morning + datetime.timedelta(hours=1),
                                     status=Meeting.Status.SCHEDULED)
        before = client.get("/")
        assert meeting.get_absolute_url() in before.content.decode()
        board_before = client.get(meeting.board.get_absolute_url())

    with at(morning + datetime.timedelta(hours=1, seconds=1)):
        after = client.get("/", headers={"if-none-match": before["ETag"]})
        assert after.status_code == 200
        assert meeting.get_absolute_url() not in after.content.decode()
        board_after = client.get(meeting.board.get_absolute_url(),
                                 headers={"if-none-match": board_before["ETag"]})
        assert board_after.status_code == 200


def test_last_modified_is_no_earlier_than_the_scheduled_time(
    client, editor_user, morning, committed
):
    publish_at = morning + datetime.timedelta(hours=2)
    with at(morning):
        scheduled_issue(committed, editor_user, publish_at)
        before = client.get("/")

    with at(publish_at + datetime.timedelta(seconds=1)):
        after = client.get("/", headers={"if-modified-since": before["Last-Modified"]})
        assert after.status_code == 200
        modified = datetime.datetime.strptime(after["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
        assert modified.replace(tzinfo=datetime.UTC) >= publish_at.replace(microsecond=0)


def test_with_nothing_scheduled_time_passing_keeps_the_cached_page(
    client, morning, django_assert_num_queries
):
    with at(morning):
        MeetingFactory(start=morning - datetime.timedelta(days=3))
        before = client.get("/")

    with at(morning + datetime.timedelta(hours=5)), django_assert_num_queries(0):
        again = client.get("/", headers={"if-none-match": before["ETag"]})
    assert again.status_code == 304


def test_before_its_time_a_scheduled_change_costs_a_cached_page_no_query(
    client, editor_user, morning, committed, django_assert_num_queries
):
    with at(morning):
        scheduled_issue(committed, editor_user, morning + datetime.timedelta(hours=2))
        client.get("/")

    with at(morning + datetime.timedelta(hours=1)), django_assert_num_queries(0):
        assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_edit_replaces_the_version_once_after_it_commits(client, press_user):
    issue = IssueFactory()
    client.force_login(press_user)
    bumps = mock.patch.object(caching, "bump_content_version", wraps=caching.bump_content_version)
    reads = mock.patch.object(caching, "_first_scheduled_change",
                              wraps=caching._first_scheduled_change)
    with bumps as bump, reads as read:
        response = client.post(reverse("admin:bulletins_article_add"), _article_form(issue))
    assert response.status_code == 302
    # The article, its key fact, its tag and their history rows: one bump for them all.
    assert bump.call_count == 1
    assert read.call_count == 1


def test_a_savepoint_rolled_back_takes_its_bump_with_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as hooks:
        try:
            with transaction.atomic():
                MeetingFactory()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        MeetingFactory()
    assert hooks == [caching.bump_content_version]


def test_while_the_database_is_down_an_ended_version_keeps_serving_its_pages(
    client, editor_user, morning, committed, caplog
):
    with at(morning):
        issue = scheduled_issue(committed, editor_user, morning + datetime.timedelta(hours=1))
        cached = client.get("/")

    down = mock.patch.object(caching, "_first_scheduled_change",
                             side_effect=OperationalError("connection refused"))
    with at(morning + datetime.timedelta(hours=1, seconds=1)), down:
        during = [client.get("/"), client.get("/")]
    assert [response.status_code for response in during] == [200, 200]
    assert all(response.content == cached.content for response in during)
    assert len(schedule_warnings(caplog)) == 1

    with at(morning + datetime.timedelta(hours=1, seconds=2)):
        assert issue.get_absolute_url() in client.get("/").content.decode()


def test_the_schedule_warning_comes_at_most_every_ten_seconds(caplog):
    health = caching.ScheduleHealth()
    with mock.patch.object(caching.time, "monotonic", side_effect=[100.0, 105.0, 109.9, 110.0]):
        for _ in range(4):
            health.failed(OperationalError("connection refused"))
    assert len(schedule_warnings(caplog)) == 2


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def version_cache(request):
    """The content version in each cache production may use: this process's memory, or
    Redis shared by every worker."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


def edited_while_reading(edit):
    """`_first_scheduled_change` answering from before `edit`, which runs (once) while
    it is read: an edit that commits between a writer's read of the schedule and its
    write of the version."""
    real, done = caching._first_scheduled_change, []

    def read(now):
        seen = real(now)
        if not done:
            done.append(edit)
            edit()
        return seen
    return mock.patch.object(caching, "_first_scheduled_change", side_effect=read)


def scheduling(committed, user, at):
    """An edit, committed, that schedules a new issue to go public `at`."""
    return lambda: scheduled_issue(committed, user, at)


def stored_end():
    return caching._end_of(cache.get(caching.VERSION_KEY))


def test_an_edit_made_while_a_request_remakes_the_version_keeps_its_time(
    version_cache, editor_user, morning, committed
):
    with at(morning):
        scheduling(committed, editor_user, morning + datetime.timedelta(hours=1))()
        ended = caching.content_version()
    scheduled = morning + datetime.timedelta(hours=1, minutes=30)
    with at(morning + datetime.timedelta(hours=1, seconds=1)), \
            edited_while_reading(scheduling(committed, editor_user, scheduled)):
        version = caching.content_version(ended)
    # The request read the schedule before the edit and found nothing more: its version
    # must not replace the edit's, which ends when the new issue goes out.
    assert stored_end() == scheduled.timestamp()
    assert version == cache.get(caching.VERSION_KEY)


def test_two_edits_at_once_both_keep_their_times(version_cache, editor_user, morning,
                                                  committed):
    with at(morning):
        caching.content_version()
        scheduled = morning + datetime.timedelta(hours=3)
        with edited_while_reading(scheduling(committed, editor_user, scheduled)):
            caching.bump_content_version()  # the first edit's, after its commit
    assert stored_end() == scheduled.timestamp()


@pytest.mark.redis
def test_on_redis_a_version_is_set_only_over_the_one_read(redis_cache):
    import redis

    backend = caching.cache
    assert backend.set_if_unchanged("key", None, "new") is False  # nothing there
    backend.set("key", ("a", 1))
    assert backend.set_if_unchanged("key", ("b", 1), "new") is False
    assert backend.set_if_unchanged("key", ("a", 1), ("c", 2), timeout=None) is True
    assert backend.get("key") == ("c", 2)
    assert backend.set_if_unchanged("key", ("c", 2), ("x", 0), timeout=0) is True
    assert backend.get("key") is None  # expired at once, as by set()
    backend.set("key", ("c", 2))

    # Another process writes the key between this one's read and its write.
    other = redis.Redis.from_url(redis_cache.url)
    raw_key = backend.make_and_validate_key("key")
    serializer = backend._cache._serializer
    loads = serializer.loads

    def read_then_overwritten(data):
        other.set(raw_key, serializer.dumps(("d", 3)))
        return loads(data)

    with mock.patch.object(serializer, "loads", side_effect=read_then_overwritten):
        assert backend.set_if_unchanged("key", ("c", 2), ("e", 4)) is False
    assert backend.get("key") == ("d", 3)


def test_a_version_replaced_at_every_try_is_written_all_the_same(morning):
    with at(morning):
        caching.content_version()
        with mock.patch.object(caching, "_set_if_unchanged", return_value=False) as tries:
            caching.bump_content_version()
        assert tries.call_count == caching.REPLACE_TRIES
        assert cache.get(caching.VERSION_KEY)[1] == morning.timestamp()
