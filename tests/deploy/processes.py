"""Rencai's own processes started against the test database: app servers (gunicorn with
deploy/gunicorn.conf.py), task workers (`manage.py db_worker`) and schedulers
(`manage.py run_schedule`), as docs/deployment.md runs them on several machines."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def database_url(settings_dict: dict | None = None) -> str:
    """The URL of the database this test process uses (the test database)."""
    s = settings_dict or connection.settings_dict
    user = urllib.parse.quote(s["USER"] or "", safe="")
    password = urllib.parse.quote(s["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT']}/{s['NAME']}"


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' plugin in this process, never deployed.
    unset = {
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "SECRET_KEY",
        "OTP_REQUIRED_ROLES",
        "DATABASE_REPLICA_URL",
        "CACHE_URL",
        "NOTIFICATION_CHANNELS",
    }
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url(),
        DEBUG="False",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SMS_BACKEND="rencai.core.sms.FileSmsBackend",
        SMS_FILE_PATH=str(tmp / "sms.log"),
        MEDIA_ROOT=str(tmp / "media"),
        CONN_MAX_AGE="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and commands)
        args,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def app_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    config = str(ROOT / "deploy" / "gunicorn.conf.py")
    return start([str(GUNICORN), "-c", config, "config.wsgi:application"], env, log)


def manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def stop(processes: list[subprocess.Popen]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies (a browser sends a host's cookies to any of its ports)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, body)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)  # noqa: S310 (http://127.0.0.1 only)
        if data is not None:
            req.add_header("Referer", url)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode()

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def post(self, url: str, data: dict[str, str]) -> tuple[int, str, str]:
        return self.request(url, {"csrfmiddlewaretoken": self.cookie("csrftoken"), **data})


def wait_until_up(base: str, process: subprocess.Popen, log: Path, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{base} stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer in {seconds} s:\n{log.read_text()}")


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
