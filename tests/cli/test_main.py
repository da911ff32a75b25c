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


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_working_help():
    import typer

    root = typer.main.get_command(app)
    paths = list(_commands(root))
    assert {
        ("up",),
        ("preview",),
        ("destroy",),
        ("refresh",),
        ("outputs",),
        ("init",),
        ("plan",),
        ("config", "validate"),
        ("sandbox", "create"),
        ("sandbox", "list"),
        ("sandbox", "destroy"),
        ("sandbox", "reap"),
    } <= set(paths)
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage: dandi-stack " + " ".join(path) in result.output


def test_the_cli_has_one_up_and_the_local_commands():
    from cli.main import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names.count("up") == 1
    assert {"down", "status", "logs"} <= set(names)
