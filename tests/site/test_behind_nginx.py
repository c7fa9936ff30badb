"""gunicorn behind nginx as docs/nginx.conf has it (Debian's nginx): slow clients hold no
worker, pages keep the site's own coding and validators, nginx serves the uploads with
the site's headers and refuses only a body no form of ours could send."""

import gzip
import os
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from icsportal import uploads
from icsportal.management.commands import bench
from tests.perf.test_cache_outage import site_database, site_env  # noqa: F401  # a fixture

pytestmark = pytest.mark.nginx

DOCUMENTED = Path(settings.BASE_DIR, "docs", "nginx.conf")
UPSTREAM = "127.0.0.1:8000"
MEDIA = "/srv/icsportal/media/"
WORKERS = 2
PAGE = "/people/andy-williams/"


@pytest.fixture(scope="module")
def gunicorn(request):
    """(its address, its port): gunicorn with WORKERS sync workers."""
    database = request.getfixturevalue("site_database")
    with bench.gunicorn(WORKERS, True, environ=site_env(database)) as (base, _pid):
        yield base, int(base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def nginx(gunicorn, tmp_path_factory):
    """(its address, the uploads' folder): nginx on a loopback port with the documented
    locations, pointed at the `gunicorn` fixture and a folder of uploads."""
    program = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if program is None:
        pytest.skip("nginx is not installed (Debian package nginx)")
    folder = tmp_path_factory.mktemp("nginx")
    media = folder / "media"
    media.mkdir()
    documented = DOCUMENTED.read_text()
    assert UPSTREAM in documented and MEDIA in documented  # what this test replaces
    (folder / "icsportal.conf").write_text(
        documented.replace(UPSTREAM, gunicorn[0].removeprefix("http://"))
        .replace(MEDIA, f"{media}/"))
    port = bench.free_port()
    temporary = " ".join(f"{kind}_temp_path {folder}/{kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root nginx would read the uploads as `nobody`, which the test's folder shuts out.
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""
        {user}
        worker_processes 1;
        error_log {folder}/error.log warn;
        pid {folder}/nginx.pid;
        events {{ worker_connections 256; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            {temporary}
            server {{
                listen 127.0.0.1:{port};
                include {folder}/icsportal.conf;
            }}
        }}
    """)
    base = f"http://127.0.0.1:{port}"
    with bench.serving(
        [program, "-p", str(folder), "-e", str(folder / "error.log"),
         "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        lambda: urllib.request.urlopen(f"{base}/healthz", timeout=2),  # noqa: S310  # nosec B310: loopback
        OSError, 30, "nginx", stderr=subprocess.DEVNULL,
    ):
        yield base, media


def get(url, headers=None, method="GET", data=None, timeout=10):
    """(status, headers, body) of `url`, an error status included."""
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310: loopback
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# What a slow or hostile client has sent when it stops sending: the start of a request's
# headers, or its headers and the start of a form's body, with a CSRF cookie so that the
# site reads the body for the form's token rather than refusing the post at once.
HALF_HEADERS = b"GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
HALF_BODY = (b"POST /meetings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             b"Cookie: csrftoken=abcdefghijklmnopqrstuvwxyz012345\r\n"
             b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n"
             b"\r\nquestion=Why")


@contextmanager
def slow_clients(port, count, sent=HALF_HEADERS):
    """`count` connections to `port` that have `sent` and send nothing more."""
    sockets = []
    try:
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(sent)
            sockets.append(connection)
        yield
    finally:
        for connection in sockets:
            connection.close()


@pytest.mark.parametrize("sent", [HALF_HEADERS, HALF_BODY], ids=["headers", "body"])
def test_slow_clients_hold_no_worker_behind_nginx(nginx, sent):
    base, _media = nginx
    port = int(base.rsplit(":", 1)[1])
    with slow_clients(port, WORKERS * 5, sent):
        status, _headers, body = get(f"{base}{PAGE}", timeout=5)
    assert status == 200
    assert b"Andy Williams" in body


def test_without_nginx_as_many_slow_clients_as_workers_hold_them_all(gunicorn):
    """The check above can fail: gunicorn alone gives each slow client a worker until
    its timeout (30 s) kills it."""
    base, port = gunicorn
    with slow_clients(port, WORKERS), pytest.raises((TimeoutError, urllib.error.URLError)):
        get(f"{base}{PAGE}", timeout=2)
    assert get(f"{base}{PAGE}")[0] == 200  # the workers are free once the clients go


def test_a_page_keeps_the_site_s_coding_and_validators(nginx):
    base, _media = nginx
    plain = get(f"{base}{PAGE}")
    status, headers, body = get(f"{base}{PAGE}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == plain[2]
    assert headers["ETag"] == plain[1]["ETag"]
    assert get(f"{base}{PAGE}", {"If-None-Match": headers["ETag"]})[0] == 304


def test_nginx_serves_uploads_with_the_site_s_headers(nginx):
    base, media = nginx
    (media / "a1b2c3.jpg").write_bytes(b"\xff\xd8\xff\xe0 stands in for a photograph")
    (media / "d4e5f6.pdf").write_bytes(b"%PDF-1.7 stands in for board papers")
    (media / "page.html").write_text("<script>alert(1)</script>")
    status, headers, _body = get(f"{base}/media/a1b2c3.jpg")
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "sandbox" in headers["Content-Security-Policy"]
    status, headers, _body = get(f"{base}/media/d4e5f6.pdf")
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    assert headers["Content-Disposition"] == "inline"
    assert get(f"{base}/media/page.html")[0] == 404


def test_a_file_a_little_past_the_site_s_limit_reaches_the_site(nginx):
    """So that the site can say what is wrong and keep the rest of the form. Here the
    site reads the whole form, as it reads an editor's, and then refuses it for its
    missing CSRF token. (Refused before its body was read, for a missing cookie, the
    post raced nginx: gunicorn closed the connection on the unread file, and nginx,
    still sending it, could answer 502 instead of passing on the 403.)"""
    base, _media = nginx
    boundary = "icsportal-test-boundary"
    data = b"".join([
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"papers\"; "
        'filename="board-pack.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode(),
        b"x" * (uploads.MAX_PDF_BYTES + (5 << 20)),
        f"\r\n--{boundary}--\r\n".encode(),
    ])
    status, _headers, body = get(
        f"{base}/meetings/", method="POST", data=data,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                 "Cookie": "csrftoken=abcdefghijklmnopqrstuvwxyz012345"})
    assert status == 403
    assert b"CSRF" in body


def test_a_body_past_the_proxy_s_limit_is_refused_before_a_worker_reads_it(nginx):
    base, _media = nginx
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"POST /meetings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Content-Length: 200000000\r\n\r\n")
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 413 ")
