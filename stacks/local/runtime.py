"""Orchestration of the local environment: up, down, status, logs.

Order on `up`: state dir -> PostgreSQL + S3 API + task broker + web UI (parallel) -> database and buckets ->
release (migrations) -> web + workers, admin token (parallel) -> health. One supervisord per state dir runs
it all.
"""

from __future__ import annotations

import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stacks.local import (
    appenv,
    bootstrap,
    broker,
    buckets,
    health,
    postgres,
    processes,
    procfile,
    s3,
    s3_snapshot,
    supervisor,
    webui,
)
from stacks.local import mail as local_mail
from stacks.local.client import api_key_env_var, commands, instance_url
from stacks.local.errors import LocalEnvError, MissingPrerequisite
from stacks.local.ports import LocalPorts, ensure_free, free_port
from stacks.local.state import StateDir, default_state_dir, project_root

if TYPE_CHECKING:
    from stacks.config.model import EnvironmentConfig

APP_PROCESSES = ("web", "worker", "checksum-worker")
# Stopped first on `down`, together: the app and the UI that calls it; then S3 and the database.
FRONT_TIER = [*APP_PROCESSES, "ui"]
BACK_TIER = ["s3", "postgres", "broker", "mail", "reaper"]
WORKERS = ("worker", "checksum-worker")
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@localhost"
INSTANCE_NAME = "DANDI-STACK-LOCAL"
# gunicorn's INT is its quick shutdown (idle keep-alive connections dropped at once); celery gets TERM, its
# warm shutdown. A task cut short by the KILL after APP_STOP_SECONDS is re-queued by the app's reconciliation
# (its ledger names the process that ran it, now gone).
STOP_SIGNALS = {"web": "INT", "worker": "TERM", "checksum-worker": "TERM"}
APP_STOP_SECONDS = 2
# gunicorn >= 23 opens a control socket in $HOME by default, shared by every gunicorn of the user: not here.
PROGRAM_ENV = {"web": {"GUNICORN_CMD_ARGS": "--no-control-socket"}}

Progress = Callable[[str], None]


@dataclass
class Running:
    """What `up` hands back for the CLI to render."""

    state_dir: Path
    web_url: str
    api_url: str
    s3_url: str
    database_url: str
    token: str
    username: str
    already_running: bool = False
    admin_password: str = ""
    seconds: float = 0.0
    api_key_env_var: str = ""
    client_commands: list[str] = field(default_factory=list)
    ui_url: str = ""  # empty when the UI is not built, hence not served

    @classmethod
    def from_runtime(cls, state: StateDir, facts: dict[str, Any], **extra: Any) -> Running:
        api = instance_url(facts["web_url"])
        return cls(
            state_dir=state.root,
            web_url=facts["web_url"],
            api_url=api,
            s3_url=facts["s3_url"],
            database_url=postgres.redact(facts["database_url"]),
            token=facts["token"],
            username=facts["username"],
            api_key_env_var=api_key_env_var(api),
            client_commands=commands(api, facts["token"]),
            ui_url=facts.get("ui_url") or "",
            admin_password=facts.get("admin_password") or "",
            **extra,
        )


def _state(state_dir: Path | None) -> StateDir:
    return StateDir(Path(state_dir or default_state_dir()).expanduser().resolve())


def app_dir() -> Path:
    path = project_root() / "app"
    if not (path / "Procfile").is_file():
        raise MissingPrerequisite(
            f"the bundled app is missing ({path}/Procfile); run from a dandi-stack checkout"
        )
    return path


def _programs(
    state: StateDir,
    ports: LocalPorts,
    procs: dict[str, str],
    local_db: bool,
    ui_dist: Path | None,
    smtp_port: int,
) -> list[supervisor.Program]:
    programs = [local_mail.program(state, smtp_port)]
    if ui_dist is not None:
        programs.append(webui.program(state, ports.ui, ui_dist))
    if local_db:
        programs.append(
            supervisor.Program(
                "postgres",
                postgres.server_argv(state.pgdata, ports.postgres),
                user=postgres.run_as(),
                stopsignal="INT",
                stopwaitsecs=20,
                priority=100,
            )
        )
    programs.append(
        supervisor.Program("s3", s3.server_argv(ports.s3), directory=str(state.root), priority=100)
    )
    programs.append(
        supervisor.Program(
            "broker",
            broker.server_argv(state.broker_socket, state.broker_data),
            directory=str(state.root),
            priority=100,
        )
    )
    for name in APP_PROCESSES:
        programs.append(
            supervisor.Program(
                name,
                procfile.shell_argv(procs[name]),
                directory=str(app_dir()),
                stopsignal=STOP_SIGNALS.get(name, "TERM"),
                stopwaitsecs=APP_STOP_SECONDS,
                env=PROGRAM_ENV.get(name, {}),
            )
        )
    return programs


def up(
    *,
    ports: LocalPorts | None = None,
    state_dir: Path | None = None,
    database_url: str | None = None,
    progress: Progress | None = None,
    timeout: float = 120,
) -> Running:
    """Bring the environment up (detached) and return its URLs and token; a second call just reports it."""
    ports = ports or LocalPorts()
    say = progress or (lambda _msg: None)
    state = _state(state_dir)
    if supervisor.is_running(state):
        facts = state.read_runtime()
        if facts is not None:
            return Running.from_runtime(state, facts, already_running=True)
        raise LocalEnvError(
            f"a supervisord is running on {state.root} but it has no runtime.json; "
            "run `dandi-stack down` first"
        )
    started = time.monotonic()
    procs = procfile.load(app_dir() / "Procfile")
    missing = [name for name in ("release", *APP_PROCESSES) if name not in procs]
    if missing:
        raise LocalEnvError(f"app/Procfile has no {', '.join(missing)} process; the app contract needs them")
    local_db = database_url is None
    if local_db:
        postgres.bin_dir()
    dist = webui.dist_dir()
    ui_dist = dist if webui.is_built(dist) else None
    roles = ("web", "s3") + (("postgres",) if local_db else ()) + (("ui",) if ui_dist else ())
    ensure_free(ports, roles=roles)
    supervisor.check_socket_path(state)
    state.create()
    processes.sweep(state)
    if ui_dist is None:
        say(webui.not_built_message(dist))
    if local_db:
        say(f"PostgreSQL: preparing {state.pgdata}")
        postgres.init_cluster(state.pgdata)
        database_url = postgres.local_url(ports.postgres)
    assert database_url is not None
    config = buckets.local_config(health.web_url(ports.web))
    storage = buckets.plan(config)
    smtp_port = free_port()  # only the app talks to it: any free port, recorded in the runtime facts
    admin_password = secrets.token_urlsafe(12)
    env = appenv.app_env(
        state=state,
        ports=ports,
        database_url=postgres.check_url(database_url),
        broker_url=broker.url(state.broker_socket),
        bucket=storage.data_bucket,
        region=storage.region,
        instance_name=INSTANCE_NAME,
        serve_ui=ui_dist is not None,
        smtp_port=smtp_port,
    )
    if ui_dist is not None:
        webui.write_config(state, instance_url(health.web_url(ports.web)))
    state.supervisor_conf.write_text(
        supervisor.render_config(state, _programs(state, ports, procs, local_db, ui_dist, smtp_port))
    )
    say(f"supervisor: starting (state in {state.root})")
    supervisor.start_daemon(state, env)
    try:
        token = _bring_up(
            state,
            ports,
            procs,
            env,
            database_url,
            local_db,
            ui_dist is not None,
            config,
            say,
            timeout,
            admin_password,
        )
    except BaseException:
        _stop(state)
        raise
    facts = {
        "web_url": health.web_url(ports.web),
        "ui_url": webui.url(ports.ui) if ui_dist else None,
        "s3_url": s3.endpoint(ports.s3),
        "database_url": database_url,
        "ports": ports.as_dict(),
        "token": token,
        "username": ADMIN_USERNAME,
        "admin_password": admin_password,
        "smtp_port": smtp_port,
        "local_database": local_db,
        "region": storage.region,
        "buckets": storage.buckets,
    }
    state.write_runtime(facts)
    return Running.from_runtime(state, facts, seconds=time.monotonic() - started)


def _bring_up(
    state: StateDir,
    ports: LocalPorts,
    procs: dict[str, str],
    env: dict[str, str],
    database_url: str,
    local_db: bool,
    serve_ui: bool,
    config: EnvironmentConfig,
    say: Progress,
    timeout: float,
    admin_password: str | None = None,
) -> str:
    """Start in dependency order, overlapping what does not depend on each other; returns the admin token."""
    if local_db:
        supervisor.start(state, "postgres")
    supervisor.start(state, "s3")
    supervisor.start(state, "broker")
    supervisor.start(state, local_mail.PROGRAM)
    if serve_ui:
        supervisor.start(state, "ui")  # static files: needs nothing else, so it starts with the first tier
    with ThreadPoolExecutor(max_workers=2) as pool:
        storage = pool.submit(_provision_storage, state, ports, config, say)
        say(f"PostgreSQL: waiting for {postgres.redact(database_url)}")
        postgres.wait_ready(
            postgres.local_url(ports.postgres, "postgres") if local_db else database_url, timeout=30
        )
        if local_db:
            postgres.ensure_database(ports.postgres)
        say("app: running the release command (migrations)")
        bootstrap.run_release(procs["release"], app_dir=app_dir(), env=env, log=state.log("release"))
        storage.result()
        token = pool.submit(
            bootstrap.create_admin_token,
            app_dir=app_dir(),
            env=env,
            username=ADMIN_USERNAME,
            email=ADMIN_EMAIL,
            log=state.log("release"),
            python=sys.executable,
            password=admin_password,
        )
        broker.wait_ready(state.broker_socket, timeout=30)
        say("app: starting " + ", ".join(APP_PROCESSES))
        worker_logs = {name: (state.log(name), health.log_size(state.log(name))) for name in WORKERS}
        for name in APP_PROCESSES:
            supervisor.start(state, name)
        say(f"app: waiting for {health.web_url(ports.web)}/api/health/ and the workers")
        check = health.wait_web(ports.web, timeout=timeout)
        if not check.ok:
            raise LocalEnvError(
                f"the web process did not become healthy ({check.detail}); see {state.log('web')}"
            )
        late = health.wait_workers(worker_logs, timeout=timeout)
        if late:
            raise LocalEnvError(f"{', '.join(late)} did not become ready; see {state.log(late[0])}")
        if serve_ui:
            ui = health.wait_ui(ports.ui, timeout=timeout)
            if not ui.ok:
                raise LocalEnvError(f"the web UI did not answer ({ui.detail}); see {state.log('ui')}")
        return token.result(timeout=timeout)


def _provision_storage(state: StateDir, ports: LocalPorts, config: EnvironmentConfig, say: Progress) -> None:
    s3.wait_ready(ports.s3, timeout=30)
    storage = buckets.plan(config)
    say(f"S3/IAM API: user {storage.api_user}; buckets {', '.join(storage.buckets)} with their documents")
    buckets.provision(ports.s3, config)
    restored = s3_snapshot.restore(ports.s3, storage.region, state.objects)
    if restored:
        say(f"S3 API: restored {restored} object(s) kept by `down --keep`")
    key = s3.issue_api_key(ports.s3, region=storage.region, user=storage.api_user)
    s3.write_credentials(state.aws_credentials, key)
    s3.enforce(ports.s3, on=True)
    say(f"S3/IAM API: the app's calls are now checked against the policy of {storage.api_user}")


def _stop(
    state: StateDir, *, save_objects: bool = False, discard: bool = False
) -> tuple[list[int], int | None]:
    """Shut supervisord down, then end anything still carrying the state dir's marker (orphans of a crash,
    or processes of a state dir deleted while running). With `save_objects`, the buckets' objects are copied
    into the state dir once the app has stopped writing; with `discard` (the state dir is removed next) all
    is killed at once. Returns (stragglers, objects saved or None)."""
    saved = None
    if state.supervisor_socket.exists() and discard:
        supervisor.kill_all(state)
    elif state.supervisor_socket.exists():
        facts = state.read_runtime() if save_objects else None
        if facts and supervisor.is_running(state):
            supervisor.stop_together(state, list(APP_PROCESSES))
            if s3.is_ready(facts["ports"]["s3"]):
                s3.enforce(facts["ports"]["s3"], on=False)  # the copy is made with the setup key
                saved = s3_snapshot.save(
                    facts["ports"]["s3"], facts["region"], facts["buckets"], state.objects
                )
        supervisor.shutdown(state, order=[FRONT_TIER, BACK_TIER])
    return processes.sweep(state), saved


@dataclass
class Stopped:
    state_dir: Path
    was_running: bool
    removed: bool
    stragglers: int
    objects_saved: int | None = None


def down(*, state_dir: Path | None = None, keep: bool = False) -> Stopped:
    """Stop every process of the environment; remove the state dir unless `keep`."""
    state = _state(state_dir)
    was_running = supervisor.is_running(state)
    stragglers, saved = _stop(state, save_objects=keep, discard=not keep)
    removed = False
    if not keep and state.root.exists():
        shutil.rmtree(state.root)
        removed = True
    elif state.root.exists():
        state.supervisor_socket.unlink(missing_ok=True)
    return Stopped(state.root, was_running, removed, len(stragglers), saved)


@dataclass
class ProcessStatus:
    name: str
    state: str
    pid: int
    description: str


@dataclass
class Status:
    state_dir: Path
    running: bool
    processes: list[ProcessStatus]
    checks: list[health.Check]
    web_url: str = ""
    ui_url: str = ""


def status(*, state_dir: Path | None = None) -> Status:
    state = _state(state_dir)
    if not supervisor.is_running(state):
        return Status(state.root, False, [], [])
    procs = [
        ProcessStatus(p["name"], p["statename"], p["pid"], p["description"])
        for p in supervisor.processes(state)
    ]
    facts = state.read_runtime() or {}
    serve_ui = bool(facts.get("ui_url"))
    checks = []
    if facts:
        checks = health.check_all(
            facts["ports"], facts["database_url"], ui=serve_ui, broker_socket=state.broker_socket
        )
    return Status(state.root, True, procs, checks, facts.get("web_url", ""), facts.get("ui_url") or "")


def log_names(state_dir: Path | None = None) -> list[str]:
    state = _state(state_dir)
    return sorted(p.stem for p in state.logs.glob("*.log")) if state.logs.exists() else []


def logs(
    *,
    state_dir: Path | None = None,
    process: str | None = None,
    follow: bool = False,
    lines: int = 100,
    poll: float = 0.2,
    stop: Callable[[], bool] | None = None,
) -> Iterator[str]:
    """Lines of one process log (or all, prefixed with the process name); with `follow`, keep yielding."""
    state = _state(state_dir)
    names = log_names(state_dir)
    if not names:
        raise LocalEnvError(f"no logs in {state.logs}; is the local environment up? (`dandi-stack up`)")
    if process is not None and process not in names:
        raise LocalEnvError(f"no process named {process!r}; choose one of: {', '.join(names)}")
    chosen = [process] if process else names
    prefix = process is None
    handles = {}
    for name in chosen:
        fh = state.log(name).open("r", errors="replace")
        past = fh.readlines()
        for line in past[len(past) - lines :] if lines else []:
            yield f"{name:>16} | {line.rstrip()}" if prefix else line.rstrip()
        handles[name] = fh
    try:
        while follow and not (stop and stop()):
            quiet = True
            for name, fh in handles.items():
                for line in fh.readlines():
                    quiet = False
                    yield f"{name:>16} | {line.rstrip()}" if prefix else line.rstrip()
            if quiet:
                time.sleep(poll)
    finally:
        for fh in handles.values():
            fh.close()
