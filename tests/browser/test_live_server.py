"""The browser tests' live server takes requests in turn on a shared SQLite connection."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import OneAtATime, login

AT_ONCE = """async (url) => {
    const answers = await Promise.all(Array.from({length: 30}, () => fetch(url)));
    return answers.map((answer) => answer.status);
}"""


def test_one_at_a_time_never_runs_two_requests_together():
    running = most = 0
    count = threading.Lock()

    def body():
        nonlocal running, most
        with count:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with count:
            running -= 1
        yield b"read while the request runs"

    def app(environ, start_response):
        start_response("200 OK", [])
        return body()

    serial = OneAtATime(app)
    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda _: serial({}, lambda *args: None), range(16)))
    assert bodies == [[b"read while the request runs"]] * 16
    assert most == 1


@pytest.mark.django_db(transaction=True)
def test_requests_a_page_sends_at_once_are_all_answered(live_server, page, governance_user):
    from tests.governance.factories import BoardFactory

    BoardFactory.create_batch(5)
    shared = bool(live_server.thread.connections_override)
    assert isinstance(live_server.thread.httpd.get_app(), OneAtATime) == shared
    login(page, live_server, governance_user.username)
    search = (f"{live_server.url}/admin/autocomplete/?term=&app_label=governance"
              "&model_name=meeting&field_name=board")
    assert page.evaluate(AT_ONCE, search) == [200] * 30
