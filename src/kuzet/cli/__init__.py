"""The ``kuzet`` command line: one module per command group, each with ``register(app)``."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="kuzet",
    help="Kuzet: financial monitoring for Kazakhstan's AML/CFT/CPF regime.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_COMMAND_MODULES = (
    "ids",
    "synth",
    "ingest",
    "workspace",
    "demo",
    "pack",
    "monitor",
    "evaluate",
    "screen",
    "entities",
    "network",
    "model",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(f"kuzet.cli.{_name}").register(app)


def main() -> None:
    app()
