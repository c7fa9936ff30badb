"""The throwaway PostgreSQL clusters of CI and the benches start on a port that is free.

The first they try, 55432, lies in Linux's range of ephemeral ports, so an outgoing
connection can hold it at the moment a cluster starts, and PostgreSQL would then refuse
to start ("could not create listen socket"). `.ci/cluster-port` chooses the port for
.ci/with-postgres (as a script) and .ci/bench-resilience and .ci/soak (as a module).
"""

import glob
import importlib.machinery
import importlib.util
import os
import socket
import subprocess  # nosec B404: fixed argv, no shell
from contextlib import contextmanager
from pathlib import Path

import pytest

CI = Path(__file__).resolve().parents[2] / ".ci"


def _bench_resilience():
    loader = importlib.machinery.SourceFileLoader("bench_resilience", str(CI / "bench-resilience"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@contextmanager
def held(port):
    """A listening socket on `port`, as a server already there would hold it."""
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        yield


def test_the_benches_cluster_passes_a_held_port_unless_one_is_named(monkeypatch):
    monkeypatch.delenv("PGPORT_TEST", raising=False)
    cluster_port = _bench_resilience().cluster_port
    first = cluster_port()
    assert 55432 <= first < 55532
    with held(first):
        assert cluster_port() > first
        monkeypatch.setenv("PGPORT_TEST", str(first))
        assert cluster_port() == first


@pytest.mark.postgres
def test_with_postgres_starts_its_cluster_past_a_held_port(monkeypatch):
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL's server binaries are not installed (Debian package postgresql)")
    monkeypatch.delenv("PGPORT_TEST", raising=False)
    first = _bench_resilience().cluster_port()
    environment = {**os.environ}
    environment.pop("DATABASE_URL", None)
    # As root the script runs PostgreSQL through runuser, which lives in sbin.
    environment["PATH"] = os.pathsep.join([environment.get("PATH", ""), "/usr/sbin", "/sbin"])
    with held(first):
        result = subprocess.run(  # noqa: S603
            [str(CI / "with-postgres"), "sh", "-c", 'psql "$DATABASE_URL" -Atc "SELECT 1"'],
            capture_output=True, text=True, env=environment, timeout=120, check=False,
        )
    assert result.returncode == 0, result.stderr
    started, answer = result.stdout.splitlines()[-2:]
    assert answer == "1"
    assert started.startswith("PostgreSQL ")
    assert int(started.rsplit(":", 1)[1]) > first
