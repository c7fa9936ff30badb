"""Fixtures shared by the whole suite: staff users per group, the seeds, CI strictness."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from icsportal import roles

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a browser, PostgreSQL or wrk test that skips is a failure, not a pass."""
    report = yield
    if report.skipped and call.when in ("setup", "call"):
        required = []
        if os.environ.get("ICSPORTAL_REQUIRE_BROWSER"):
            required.append("browser")
        if os.environ.get("ICSPORTAL_REQUIRE_POSTGRES"):
            required.append("postgres")
        if os.environ.get("ICSPORTAL_REQUIRE_WRK"):
            required.append("wrk")
        for marker in required:
            if item.get_closest_marker(marker):
                report.outcome = "failed"
                report.longrepr = (
                    f"{marker} test skipped in CI, which must run it: {report.longrepr}"
                )
    return report


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so a page one test cached never answers another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seeds_dir():
    if not SEEDS_DIR.is_dir():
        pytest.skip("the seed documents (../shared/seeds) are not beside this checkout")
    return SEEDS_DIR


def make_staff(username, group_name=None, superuser=False):
    user = User.objects.create_user(
        username=username, password="correct horse battery staple", is_staff=True,
        is_superuser=superuser, email=f"{username}@example.org",
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def press_user(db):
    return make_staff("pat-press", roles.PRESS_OFFICE)


@pytest.fixture
def editor_user(db):
    return make_staff("erin-editor", roles.EDITORS)


@pytest.fixture
def governance_user(db):
    return make_staff("gail-governance", roles.GOVERNANCE_OFFICERS)


@pytest.fixture
def siteadmin_user(db):
    return make_staff("sam-siteadmin", roles.SITE_ADMINISTRATORS)


@pytest.fixture
def superuser(db):
    return make_staff("root-admin", superuser=True)


@pytest.fixture
def demo(db):
    """The whole demo content, as `make demo` loads it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
