"""The bench's load generators: wrk with its Lua script, the Python client, and how the
slices of one page's load add up to its rate and percentiles."""

import shutil
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from icsportal.management.commands.bench import Sample, parse_wrk, run_python, run_wrk


class Answer(BaseHTTPRequestHandler):
    """200 for /ok, 500 for anything else."""

    def do_GET(self):  # noqa: N802  # the name http.server calls
        body = b"fine"
        self.send_response(200 if self.path == "/ok" else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_slices_add_up_to_the_rate_and_percentiles_of_all_their_requests():
    fast = Sample(requests=300, seconds=1.0, latency=Counter({2000: 150, 4000: 150}))
    slow = Sample(requests=100, seconds=1.0, errors=2, latency=Counter({4000: 1, 9000: 99}))
    total = Sample()
    total += fast
    total += slow
    assert total.requests == 400
    assert total.seconds == 2.0
    assert total.errors == 2
    # 400 requests in 2 s, not the mean of the two rates (200 either way here) ...
    assert total.result()["rps"] == 200
    # ... and the percentiles of the 400 latencies: 150 at 2 ms, 151 at 4 ms, 99 at 9 ms.
    # The median is the 200th, 4 ms; the 99th percentile the 396th, 9 ms. The mean of
    # the slices' own medians (3 and 9 ms) would read 6 ms.
    assert total.percentile(0.5) == 4.0
    assert total.result()["p99"] == 9.0
    assert total.percentile(0.375) == 2.0  # the 150th request is the last at 2 ms


def test_a_load_with_no_finished_request_has_no_percentile_and_no_rate():
    assert Sample().result() == {"rps": 0.0, "p50": None, "p99": None, "errors": 0}


def test_wrks_output_is_read_from_the_lines_its_script_adds():
    out = """Running 1s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  318 requests in 1.00s, 1.20MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    317.41
Transfer/sec:      1.20MB
sample 318 1001852
latency 812 1
latency 2000 200
latency 5120 117
"""
    sample = parse_wrk(out)
    assert (sample.requests, sample.seconds, sample.errors) == (318, 1.001852, 3)
    assert sample.latency == Counter({812: 1, 2000: 200, 5120: 117})
    assert sample.result()["p50"] == 2.0
    assert sample.result()["p99"] == 5.12


def test_the_python_client_counts_every_answer_and_every_error(server):
    ok = run_python(f"{server}/ok", 1, 4)
    assert ok.requests > 0
    assert ok.errors == 0
    assert sum(ok.latency.values()) == ok.requests
    assert ok.seconds == 1
    broken = run_python(f"{server}/broken?with=query", 1, 2)
    assert broken.requests > 0
    assert broken.errors == broken.requests


@pytest.mark.wrk
@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (apt-get install wrk)")
def test_wrk_with_the_script_reports_its_requests_and_their_latencies(server):
    sample = run_wrk(f"{server}/ok", 1, 4)
    assert sample.requests > 0
    assert 0.9 < sample.seconds < 3
    assert sample.errors == 0
    # The histogram holds every answered request, those after the last counted too.
    assert sum(sample.latency.values()) >= sample.requests
    assert 0 < sample.percentile(0.5) <= sample.percentile(0.99)
    assert run_wrk(f"{server}/broken", 1, 2).errors > 0
