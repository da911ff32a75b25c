"""TEST DOUBLE for the `pulumi` CLI -- not Pulumi. Tests install it as an executable named `pulumi` on PATH.

It records every invocation (argv without the leading --non-interactive, cwd and the engine-relevant
environment, the stack file the engine would read) as a JSON line in $PULUMI_DOUBLE_LOG, and answers from
a JSON scenario file ($PULUMI_DOUBLE_SCENARIO) that it also uses as its state (stacks created, tags set);
`stack init --secrets-provider` puts an encryptionsalt line on top of the stack file, as pulumi does. Keys:
  version  what `pulumi version` prints (default 3.200.0, which makes the SDK use a file event log)
  stacks   {name: {"tags": {...}, "outputs": {...}, "secret_outputs": [...], "resources": [...],
           "updating": bool}}
  events   {"preview"|"up"|"destroy"|"refresh": [engine event objects]} written to --event-log
  fail     {"<subcommand>": {"code": int, "stderr": str, "stdout": str}}; the subcommand is the first argv
           word, or "stack select" etc. for stack subcommands; an operation writes its events first
"""

from __future__ import annotations

import json
import os
import sys
import time

ENGINE_ENV = ("PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE")


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def main() -> int:
    argv = [a for a in sys.argv[1:] if a != "--non-interactive"]
    scenario_path = os.environ["PULUMI_DOUBLE_SCENARIO"]
    with open(scenario_path, encoding="utf-8") as f:
        scenario = json.load(f)
    with open(os.environ["PULUMI_DOUBLE_LOG"], "a", encoding="utf-8") as log:
        env = {k: os.environ[k] for k in ENGINE_ENV if k in os.environ}
        stack = _option(argv, "--stack")
        path = os.path.join(os.getcwd(), f"Pulumi.{stack}.yaml") if stack else None
        stack_file = None
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                stack_file = f.read()
        log.write(json.dumps({"argv": argv, "cwd": os.getcwd(), "env": env, "stack_file": stack_file}) + "\n")

    stacks: dict = scenario.setdefault("stacks", {})
    key = " ".join(argv[:2]) if argv[:1] == ["stack"] else (argv[0] if argv else "")
    failure = scenario.get("fail", {}).get(key)

    def fail() -> int:
        sys.stdout.write(failure.get("stdout", ""))
        sys.stderr.write(failure.get("stderr", ""))
        return int(failure.get("code", 255))

    operation = bool(argv) and argv[0] in ("preview", "up", "destroy", "refresh")
    if failure and not operation:
        return fail()

    def save() -> None:
        with open(scenario_path, "w", encoding="utf-8") as f:
            json.dump(scenario, f)

    def missing_stack(name: str) -> int:
        sys.stderr.write(f"error: no stack named '{name}' found\n")
        return 255

    stack = _option(argv, "--stack")
    if argv == ["version"]:
        print("v" + scenario.get("version", "3.200.0"))
        return 0
    if argv[:2] == ["stack", "select"]:
        return 0 if stack in stacks else missing_stack(stack or "")
    if argv[:2] == ["stack", "init"]:
        name = argv[2]
        if name in stacks:
            sys.stderr.write(f"error: stack '{name}' already exists\n")
            return 255
        stacks[name] = {"tags": {}, "outputs": {}, "resources": []}
        save()
        path = os.path.join(os.getcwd(), f"Pulumi.{name}.yaml")
        if "--secrets-provider" in argv and os.path.exists(path):  # as pulumi does: the salt goes on top
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"encryptionsalt: v1:double-salt-{name}\n" + text)
        return 0
    if argv[:2] == ["stack", "ls"]:
        print(
            json.dumps(
                [
                    {
                        "name": n,
                        "current": False,
                        "updateInProgress": bool(s.get("updating")),
                        "resourceCount": len(s.get("resources", [])),
                    }
                    for n, s in sorted(stacks.items())
                ]
            )
        )
        return 0
    if argv[:2] == ["stack", "rm"]:
        name = argv[-1]
        if name not in stacks:
            return missing_stack(name)
        del stacks[name]
        save()
        return 0
    if stack is not None and stack not in stacks:
        return missing_stack(stack)
    if argv[:3] == ["stack", "tag", "set"]:
        stacks[stack]["tags"][argv[3]] = argv[4]
        save()
        return 0
    if argv[:3] == ["stack", "tag", "ls"]:
        print(json.dumps(stacks[stack]["tags"]))
        return 0
    if argv[:2] == ["stack", "output"]:
        outputs = dict(stacks[stack].get("outputs", {}))
        if "--show-secrets" not in argv:
            outputs.update({k: "[secret]" for k in stacks[stack].get("secret_outputs", [])})
        print(json.dumps(outputs))
        return 0
    if argv[:2] == ["stack", "export"]:
        print(json.dumps({"version": 3, "deployment": {"resources": stacks[stack].get("resources", [])}}))
        return 0
    if argv[:2] == ["stack", "history"]:
        print(
            json.dumps(
                [
                    {
                        "kind": "update",
                        "startTime": "2026-01-01T00:00:00.000000Z",
                        "endTime": "2026-01-01T00:00:01.000000Z",
                        "message": "",
                        "environment": {},
                        "config": {},
                        "result": "succeeded",
                        "version": 1,
                    }
                ]
            )
        )
        return 0
    if operation:
        log_path = _option(argv, "--event-log")
        events = scenario.get("events", {}).get(argv[0], [])
        if log_path:
            with open(log_path, "a", encoding="utf-8") as f:
                for seq, event in enumerate([*events, {"cancelEvent": {}}]):
                    f.write(json.dumps({"sequence": seq, "timestamp": int(time.time()), **event}) + "\n")
        if "--diff" in argv:
            print("  ~ aws:s3/bucketV2:BucketV2 data  [diff: ~tags]")
        return fail() if failure else 0
    sys.stderr.write(f"pulumi test double: unhandled argv {argv}\n")
    return 99


if __name__ == "__main__":
    sys.exit(main())
