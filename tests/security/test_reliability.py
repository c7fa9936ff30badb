"""Production answers: a plain error page, and one JSON log line per request."""

import json
import subprocess
import sys

import pytest
from django.test import Client

from icsportal.logging import JSONFormatter


@pytest.mark.django_db
def test_an_error_in_production_shows_the_error_page_without_a_traceback(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.security.urls_raising"
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    for leak in ["Traceback", "RuntimeError", "secret-internal-detail", "/srv/icsportal"]:
        assert leak not in html


def test_each_request_is_logged_as_one_json_line_without_personal_data(client, db, caplog):
    with caplog.at_level("INFO", logger="icsportal.requests"):
        client.get("/search/?q=jane.smith@example.org", HTTP_USER_AGENT="Secret Browser")
    (record,) = [r for r in caplog.records if r.name == "icsportal.requests"]
    line = json.loads(JSONFormatter().format(record))
    assert set(line) == {"time", "level", "logger", "method", "path", "status", "duration_ms"}
    assert (line["method"], line["path"], line["status"]) == ("GET", "/search/", 200)
    assert line["duration_ms"] >= 0
    raw = JSONFormatter().format(record)
    for personal in ["jane.smith", "127.0.0.1", "Secret Browser", "q="]:
        assert personal not in raw


def test_production_settings_write_the_request_log_as_json_on_the_console(tmp_path):
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='icsportal.settings';"
        "django.setup(); from django.test import Client;"
        "Client().get('/healthz?email=jane@example.org', secure=True)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "0",
             "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9Lm2Zr" * 6,
             "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
        capture_output=True, text=True, timeout=60,
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert len(lines) == 1, result.stderr
    assert lines[0]["path"] == "/healthz" and lines[0]["status"] == 200
    assert "jane" not in result.stderr
