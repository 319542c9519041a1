"""Every command, option and setting is documented in README.md, and CI runs the README's tests."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from augury import settings
from augury.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"augury {name}" in README, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in README, f"{name} {opt}"


def test_every_environment_setting_is_in_the_readme() -> None:
    source = Path(settings.__file__).read_text(encoding="utf-8")
    for var in set(re.findall(r"AUGURY_[A-Z]+", source)):
        assert var in README, var


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in README and "make demo" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
