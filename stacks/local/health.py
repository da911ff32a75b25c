"""Health probes of the running environment: the app's /api/health/, the web UI, the S3 API, PostgreSQL, the
task broker."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stacks.local import broker, postgres, s3
from stacks.local.ports import HOST


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def web_url(port: int) -> str:
    return f"http://{HOST}:{port}"


def check_web(port: int, timeout: float = 3) -> Check:
    url = f"{web_url(port)}/api/health/"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback URL we built
            body = response.read().decode()
            return Check("web", response.status == 200, body.strip())
    except urllib.error.HTTPError as err:
        return Check("web", False, f"HTTP {err.code} {err.read().decode(errors='replace').strip()}")
    except (OSError, urllib.error.URLError) as err:
        return Check("web", False, f"no answer on {url} ({getattr(err, 'reason', err)})")


def check_ui(port: int, timeout: float = 3) -> Check:
    """The UI is usable when its page loads and its config.json names an API (the page alone would load
    with a missing config and then read the wrong API)."""
    base = web_url(port)
    try:
        with urllib.request.urlopen(f"{base}/", timeout=timeout) as page:  # noqa: S310 - loopback URL
            if "text/html" not in page.headers.get("Content-Type", ""):
                return Check("ui", False, f"{base}/ answered {page.headers.get('Content-Type')}, not HTML")
        with urllib.request.urlopen(f"{base}/config.json", timeout=timeout) as config:  # noqa: S310
            api = json.loads(config.read()).get("apiUrl")
    except urllib.error.HTTPError as err:
        return Check("ui", False, f"HTTP {err.code} from {err.url}")
    except (OSError, urllib.error.URLError) as err:
        return Check("ui", False, f"no answer on {base} ({getattr(err, 'reason', err)})")
    except (json.JSONDecodeError, AttributeError):
        return Check("ui", False, f"{base}/config.json is not a JSON object")
    return Check("ui", bool(api), f"{base} (reads the API at {api})")


def check_all(
    ports: dict[str, int], database_url: str, *, ui: bool = False, broker_socket: Path | None = None
) -> list[Check]:
    checks = [check_web(ports["web"])]
    if ui:
        checks.append(check_ui(ports["ui"]))
    checks.append(Check("s3", s3.is_ready(ports["s3"]), s3.endpoint(ports["s3"])))
    checks.append(Check("postgres", postgres.is_ready(database_url), postgres.redact(database_url)))
    if broker_socket is not None:
        checks.append(Check("broker", broker.is_ready(broker_socket), broker.url(broker_socket)))
    return checks


def wait(probe: Callable[[], Check], timeout: float, interval: float = 0.1) -> Check:
    """Run `probe` until it passes or the timeout passes; returns the last check."""
    deadline = time.monotonic() + timeout
    check = probe()
    while not check.ok and time.monotonic() < deadline:
        time.sleep(interval)
        check = probe()
    return check


def wait_web(port: int, timeout: float, interval: float = 0.1) -> Check:
    """Poll /api/health/ until it answers 200 or the timeout passes; returns the last check."""
    return wait(lambda: check_web(port), timeout, interval)


def wait_ui(port: int, timeout: float, interval: float = 0.1) -> Check:
    return wait(lambda: check_ui(port), timeout, interval)


def parse_detail(check: Check) -> dict[str, str]:
    try:
        value = json.loads(check.detail)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


# Celery prints this once its consumer is attached to the broker and the pool is up.
WORKER_READY = " ready."


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def worker_ready(path: Path, offset: int) -> bool:
    """True once the worker logged that it is ready after byte `offset` (i.e. since it was (re)started)."""
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            return WORKER_READY.encode() in fh.read()
    except FileNotFoundError:
        return False


def wait_workers(logs: dict[str, tuple[Path, int]], timeout: float) -> list[str]:
    """Wait until every worker is ready; returns the names still not ready when the timeout passed."""
    deadline = time.monotonic() + timeout
    pending = dict(logs)
    while pending and time.monotonic() < deadline:
        pending = {n: lo for n, lo in pending.items() if not worker_ready(*lo)}
        if pending:
            time.sleep(0.1)
    return sorted(pending)
