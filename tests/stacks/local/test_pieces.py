"""The local runtime's pure pieces: Procfile parsing, supervisord config, ports, client naming, env, policies."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stacks.local import appenv, client, procfile, reaper, s3, supervisor
from stacks.local.errors import LocalEnvError, PortInUse
from stacks.local.ports import LocalPorts, ensure_free, free_port, is_free
from stacks.local.state import MARKER_ENV, StateDir

PROCFILE = """\
# comment
release: python manage.py migrate --noinput

web: gunicorn dandiapp.wsgi --bind ${WEB_BIND:-0.0.0.0}:${PORT:-8000}
checksum-worker: celery --app dandiapp worker --hostname checksum@%h
"""


def test_procfile_parse_keeps_order_and_skips_comments() -> None:
    assert procfile.parse(PROCFILE) == {
        "release": "python manage.py migrate --noinput",
        "web": "gunicorn dandiapp.wsgi --bind ${WEB_BIND:-0.0.0.0}:${PORT:-8000}",
        "checksum-worker": "celery --app dandiapp worker --hostname checksum@%h",
    }


def test_procfile_bad_line_names_its_number() -> None:
    with pytest.raises(LocalEnvError, match=r"Procfile line 2 is not `name: command`"):
        procfile.parse("web: x\nthis is not a process\n")


def test_shell_argv_execs_simple_commands_and_leaves_compound_ones() -> None:
    assert procfile.shell_argv("gunicorn app --bind ${PORT:-1}") == [
        "sh",
        "-c",
        "exec gunicorn app --bind ${PORT:-1}",
    ]
    assert procfile.shell_argv("a && b") == ["sh", "-c", "a && b"]
    assert procfile.shell_argv("a; b") == ["sh", "-c", "a; b"]


def test_shell_argv_expands_defaults_like_heroku() -> None:
    argv = procfile.shell_argv("echo ${WEB_BIND:-0.0.0.0}:${PORT:-8000}")
    out = subprocess.run(
        argv, env={"PATH": os.environ["PATH"], "PORT": "9123"}, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "0.0.0.0:9123"


def test_supervisor_config_escapes_percent_and_keeps_secrets_out(tmp_path: Path) -> None:
    state = StateDir(tmp_path)
    programs = [
        supervisor.Program(
            "checksum-worker",
            procfile.shell_argv("celery worker --hostname checksum@%h"),
            directory="/app",
            stopsignal="QUIT",
        ),
        supervisor.Program("web", ["gunicorn"], env={"GUNICORN_CMD_ARGS": "--no-control-socket"}),
    ]
    text = supervisor.render_config(state, programs)
    assert 'command=sh -c "exec celery worker --hostname checksum@%%h"' in text
    assert "stopsignal=QUIT" in text
    assert f"stdout_logfile={tmp_path}/logs/checksum-worker.log" in text
    assert 'environment=GUNICORN_CMD_ARGS="--no-control-socket"' in text
    assert "[eventlistener:reaper]" in text
    assert "SECRET" not in text


@pytest.mark.integration
def test_supervisor_config_is_what_supervisord_runs(tmp_path: Path) -> None:
    """The rendered config starts a real supervisord whose program gets `%h` literally and inherits the env."""
    state = StateDir(tmp_path)
    state.create()
    out = tmp_path / "out.txt"
    program = supervisor.Program("echo", ["sh", "-c", f"echo checksum@%h $SECRET_FROM_ENV > {out}; sleep 30"])
    state.supervisor_conf.write_text(supervisor.render_config(state, [program]))
    supervisor.start_daemon(state, {**os.environ, "SECRET_FROM_ENV": "s3cr3t", MARKER_ENV: str(state.root)})
    try:
        supervisor.start(state, "echo")
        deadline = time.monotonic() + 10
        while not (out.exists() and out.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert out.read_text().strip() == "checksum@%h s3cr3t"
        states = {p["name"]: p["statename"] for p in supervisor.processes(state)}
        assert set(states) == {"echo", "reaper"}
        assert states["echo"] in ("STARTING", "RUNNING")
        assert "s3cr3t" not in state.supervisor_conf.read_text()
    finally:
        supervisor.shutdown(state, order=[["echo"]])
    assert not supervisor.is_running(state)


def test_ports_taken_names_role_and_flag() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]
        assert not is_free(taken)
        with pytest.raises(PortInUse) as err:
            ensure_free(LocalPorts(web=free_port(), s3=free_port(), postgres=taken))
    assert str(err.value) == (
        f"port {taken} (postgres) is already in use on 127.0.0.1; pick another with --postgres-port PORT"
    )


def test_ports_same_port_twice_is_a_conflict() -> None:
    port = free_port()
    with pytest.raises(PortInUse, match="--s3-port"):
        ensure_free(LocalPorts(web=port, s3=port, postgres=free_port()))


def test_client_api_key_variable_matches_what_dandi_reads() -> None:
    from dandi.dandiapi import DandiAPIClient
    from dandi.utils import DandiInstance

    url = "http://127.0.0.1:8123/api"
    name = client.api_key_env_var(url)
    assert name == "127.0.0.1:8123_API_KEY"
    instance = DandiInstance(name="127.0.0.1:8123", gui=None, api=url)  # the name dandi derives for this URL
    assert DandiAPIClient(dandi_instance=instance).api_key_env_var == name


def test_printed_upload_command_is_one_the_dandi_client_accepts() -> None:
    """`up` prints it for people to paste: the official client must parse it (its --allow-any-path exists
    only with DANDI_DEVEL=1, which the line therefore sets)."""
    import shlex
    import subprocess

    from stacks.local.client import commands

    line = next(c for c in commands("http://127.0.0.1:8123/api", "0" * 40) if " upload " in c)
    argv = [*shlex.split(line.split("  #", 1)[0]), "--help"]
    path = {"PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    accepted = subprocess.run(argv, env=path, capture_output=True, text=True, timeout=120, check=False)
    assert accepted.returncode == 0, accepted.stderr
    assert "--allow-any-path" in accepted.stdout
    without = [a for a in argv if a != "DANDI_DEVEL=1"]
    refused = subprocess.run(without, env=path, capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode != 0
    assert "No such option" in refused.stderr


def test_app_env_points_everything_at_local_services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("DJANGO_SENTRY_DSN", "https://key@sentry.example/1")
    env = appenv.app_env(
        state=StateDir(tmp_path),
        ports=LocalPorts(web=8001, s3=9001, postgres=5999),
        database_url="postgres://postgres@127.0.0.1:5999/dandi",
        broker_url=f"redis+socket://{tmp_path}/broker.sock",
        bucket="b",
        region="us-east-2",
        instance_name="X",
    )
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5999/dandi"
    assert env["CELERY_BROKER_URL"] == f"redis+socket://{tmp_path}/broker.sock"
    assert env["WEB_BIND"] == "127.0.0.1"
    assert env["PORT"] == "8001"
    assert env["DJANGO_S3_ENDPOINT_URL"] == "http://127.0.0.1:9001"
    assert env["DJANGO_DANDI_API_URL"] == "http://127.0.0.1:8001"
    assert env["DJANGO_DANDI_RECONCILE_INTERVAL_SECONDS"] == "5"
    assert "DJANGO_SENTRY_DSN" not in env
    assert env[MARKER_ENV] == str(tmp_path)
    assert env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)


def test_database_url_must_name_postgresql() -> None:
    from stacks.local.postgres import check_url

    assert check_url("postgres://u:p@h:1/d") == "postgres://u:p@h:1/d"
    with pytest.raises(LocalEnvError, match="--database-url"):
        check_url("mysql://h/d")


def test_broker_is_redis_on_a_unix_socket_in_the_state_dir(tmp_path: Path) -> None:
    from stacks.local import broker

    state = StateDir(tmp_path)
    argv = broker.server_argv(state.broker_socket, state.broker_data)
    assert argv[0].endswith("redis-server")
    assert argv[argv.index("--port") + 1] == "0"  # no TCP listener: no port to collide with
    assert argv[argv.index("--unixsocket") + 1] == str(tmp_path / "broker.sock")
    assert argv[argv.index("--dir") + 1] == str(tmp_path / "broker")
    assert broker.url(state.broker_socket) == f"redis+socket://{tmp_path}/broker.sock"


def test_enforceable_policy_drops_only_conditional_denies() -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Tls",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {
                "Sid": "NoVersionDelete",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:DeleteObjectVersion",
                "Resource": "*",
            },
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {"StringEquals": {"x": "y"}},
            },
        ],
    }
    assert [st["Sid"] for st in s3.enforceable_policy(policy)["Statement"]] == ["NoVersionDelete", "Read"]


@pytest.mark.integration
def test_reaper_kills_the_dead_leaders_group() -> None:
    leader = subprocess.Popen(["/bin/sh", "-c", "sleep 60 & sleep 60 & wait"], start_new_session=True)
    time.sleep(0.3)
    import psutil

    children = psutil.Process(leader.pid).children()
    assert len(children) == 2
    os.kill(leader.pid, signal.SIGKILL)
    leader.wait()
    assert all(c.is_running() for c in children)
    event = f"processname:web groupname:web from_state:RUNNING expected:0 pid:{leader.pid}"
    stdin = io.StringIO(f"ver:3.0 server:supervisor eventname:PROCESS_STATE_EXITED len:{len(event)}\n{event}")
    stdout, log = io.StringIO(), io.StringIO()
    reaper.serve(stdin, stdout, log)
    psutil.wait_procs(children, timeout=5)
    assert not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)
    assert stdout.getvalue() == "READY\nRESULT 2\nOKREADY\n"
    assert f"pid {leader.pid} exited" in log.getvalue()


def test_state_dir_is_private_when_created(tmp_path: Path) -> None:
    state = StateDir(tmp_path / "s")
    state.create()
    assert (state.root.stat().st_mode & 0o777) == 0o700
    state.write_runtime({"token": "t"})
    assert (state.runtime_file.stat().st_mode & 0o777) == 0o600
    assert state.read_runtime() == {"token": "t"}
