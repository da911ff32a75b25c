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


def test_the_local_environment_module_adds_its_commands_but_not_up(monkeypatch):
    import sys
    import types

    import typer

    from cli import main

    registered = []
    module = types.ModuleType("cli.local")
    module.up = lambda env=None: None
    module.register = lambda app, *, include_up=True: (
        registered.append(include_up) or app.command("down")(lambda: None)
    )
    monkeypatch.setitem(sys.modules, "cli.local", module)
    built = typer.Typer(cls=main.DandiGroup, rich_markup_mode=None)
    main._register_all(built)
    assert registered == [False]
    names = [c.name or c.callback.__name__ for c in built.registered_commands]
    assert names.count("up") == 1
    assert "down" in names
