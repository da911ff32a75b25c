"""`dandi-stack --help` stays fast: no cloud SDK is imported at start-up (checked with python -X importtime)."""

import subprocess
import sys

HEAVY = ("pulumi", "pulumi_aws", "pulumiverse_heroku", "boto3", "botocore", "moto", "django")


def imported_modules(*args: str) -> set[str]:
    code = "import sys; from cli.main import main; sys.argv = ['dandi-stack', *sys.argv[1:]]; main()"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line.split("|")[-1] for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {line.strip() for line in lines}


def test_help_imports_no_cloud_sdk():
    modules = imported_modules("--help")
    assert "typer" in modules  # the probe sees imports at all
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [], f"--help imported {loaded}"


def test_version_imports_no_cloud_sdk():
    modules = imported_modules("--version")
    assert not [m for m in modules if m.split(".")[0] in HEAVY]
