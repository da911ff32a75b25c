from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_version_prints_distribution_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("dandi-stack ")
    assert result.output.strip() != "dandi-stack 0+unknown"


def test_help_lists_the_tool():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "DANDI Archive clone" in result.output
