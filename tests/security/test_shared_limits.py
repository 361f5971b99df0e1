"""Issue 21: limits hold across processes. The public rate limit runs under gunicorn with three
workers on Django's database cache (the default) and lets through exactly its allowance,
whichever worker answers; `kehoach migrate` creates the cache's table; production settings
refuse a per-process cache."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kehoach.settings.env import env_cache
from kehoach.web.checks import create_cache_tables, shared_cache

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
LIMIT, REQUESTS, WORKERS = 20, 60, 3
DATABASE_CACHE = {"default": env_cache("X", "db://kehoach_cache")}


def _database_url() -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    return (
        f"postgres://{config['USER']}:{config['PASSWORD'] or ''}@{config['HOST'] or '127.0.0.1'}"
        f":{config['PORT'] or 5432}/{config['NAME']}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Connection": "close"})
        return conn.getresponse().status
    finally:
        conn.close()


def _wait_until_served(port: int, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


@pytest.mark.django_db(transaction=True)
def test_the_public_rate_limit_holds_across_three_gunicorn_workers(tmp_path):
    with override_settings(CACHES=DATABASE_CACHE):
        create_cache_tables(using="default")  # what `kehoach migrate` runs after migrating
    port, log = _free_port(), tmp_path / "access.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "kehoach.settings.production",
        "KEHOACH_SECRET_KEY": "shared-limits-test-key",
        "KEHOACH_ALLOWED_HOSTS": "127.0.0.1",
        "KEHOACH_SSL_REDIRECT": "false",
        "KEHOACH_TRUSTED_PROXIES": "0",
        "KEHOACH_PUBLIC_RATE": f"{LIMIT}/60",
        "KEHOACH_CACHE_URL": "db://kehoach_cache",
        "DATABASE_URL": _database_url(),
    }
    env.pop("KEHOACH_TEST_CACHE_URL", None)
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "kehoach.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            f"--access-logfile={log}",
            "--access-logformat=%(p)s %(s)s",
            "--timeout=60",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_served(port, server, time.monotonic() + 60)
        # every worker ready (each imports Django on its own), then stay within one window
        with ThreadPoolExecutor(WORKERS * 2) as pool:
            list(pool.map(lambda _: _get(port, "/dang-nhap/"), range(WORKERS * 4)))
        if time.time() % 60 > 45:
            time.sleep(61 - time.time() % 60)
        with ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(lambda _: _get(port, "/dich-vu-cong/"), range(REQUESTS)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == REQUESTS - LIMIT
    pids = {line.split()[0] for line in log.read_text().splitlines() if line.strip()}
    assert len(pids) >= 2, "the requests were answered by more than one worker"


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_database_cache_table():
    with override_settings(CACHES={"default": env_cache("X", "db://kehoach_cache_probe")}):
        call_command("migrate", verbosity=0)
        assert "kehoach_cache_probe" in connection.introspection.table_names()
        caches["default"].set("probe", 1)
        assert caches["default"].get("probe") == 1
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE kehoach_cache_probe")


@pytest.mark.parametrize(
    ("url", "refused"),
    [("locmem://", True), ("db://kehoach_cache", False), ("redis://127.0.0.1:6379/1", False)],
)
def test_production_settings_refuse_a_per_process_cache(url, refused):
    with override_settings(
        KEHOACH_SHARED_CACHE_REQUIRED=True, CACHES={"default": env_cache("X", url)}
    ):
        errors = shared_cache()
    assert [e.id for e in errors] == (["kehoach.E021"] if refused else [])


def test_a_per_process_cache_is_fine_outside_production():
    with override_settings(CACHES={"default": env_cache("X", "locmem://")}):
        assert shared_cache() == []


def test_the_production_settings_module_requires_a_shared_cache():
    text = (ROOT / "src" / "kehoach" / "settings" / "production.py").read_text()
    assert "KEHOACH_SHARED_CACHE_REQUIRED = True" in text
