"""``kuzet id``: check and describe Kazakhstani identifiers (IIN, BIN, IBAN, BIC).

An analyst pasting a number from a statement wants to know at once whether it is well formed
and, if not, why; a script wants the same as JSON and an exit code. Twelve digits can be an
IIN or a BIN (both use the same check digit), so ``auto`` tries every type the shape allows
and reports each verdict (a BIN's digits 5–6 are never a day of the month, so at most one
of the two passes).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import typer
from rich.markup import escape

from kuzet.cli._common import JsonOption, console, emit_json, fail
from kuzet.model.identifiers import IDENTIFIERS, Identifier


class IdType(StrEnum):
    """The ``--type`` choices."""

    auto = "auto"
    iin = "iin"
    bin = "bin"
    iban = "iban"
    bic = "bic"


TypeOption = typer.Option(IdType.auto, "--type", "-t", help="Identifier type, or auto.")


@dataclass(frozen=True, slots=True)
class Verdict:
    """One identifier type's verdict on a value."""

    type: str
    reason: str | None

    @property
    def valid(self) -> bool:
        return self.reason is None


def candidates(normalized: str) -> tuple[type[Identifier], ...]:
    """The identifier types whose shape ``normalized`` could have."""
    if normalized.isdigit():
        return (IDENTIFIERS["iin"], IDENTIFIERS["bin"])
    if len(normalized) in (8, 11) and normalized[:6].isalpha():
        return (IDENTIFIERS["bic"],)
    return (IDENTIFIERS["iban"],)


def judge(value: str, kind: IdType) -> tuple[str, list[Verdict]]:
    """The normalized value and each candidate type's verdict on it."""
    normalized = Identifier.normalize(value)
    if not normalized:
        return normalized, [Verdict(kind.value, "empty value")]
    types = candidates(normalized) if kind is IdType.auto else (IDENTIFIERS[kind.value],)
    return normalized, [Verdict(t.name, t.validate(normalized)) for t in types]


def _check(value: str, kind: IdType, as_json: bool) -> None:
    normalized, verdicts = judge(value, kind)
    valid = [v.type for v in verdicts if v.valid]
    if as_json:
        emit_json(
            {
                "value": value,
                "normalized": normalized,
                "valid": bool(valid),
                "types": valid,
                "checks": [
                    {"type": v.type, "valid": v.valid, "reason": v.reason} for v in verdicts
                ],
            }
        )
    elif valid:
        names = " and ".join(IDENTIFIERS[t].title for t in valid)
        console.print(f"[green]valid[/] {names}: {escape(normalized)}")
    else:
        console.print(f"[red]invalid[/]: {escape(normalized or value)}")
        for v in verdicts:
            title = IDENTIFIERS[v.type].title if v.type in IDENTIFIERS else v.type
            console.print(f"  {title}: {escape(v.reason or '')}")
    if not valid:
        raise typer.Exit(1)


def _describe(value: str, kind: IdType, as_json: bool) -> None:
    normalized, verdicts = judge(value, kind)
    described = {v.type: IDENTIFIERS[v.type].describe(normalized) for v in verdicts if v.valid}
    if not described:
        reasons = "; ".join(f"{v.type.upper()}: {v.reason}" for v in verdicts)
        raise fail(f"{value!r} is not a valid identifier ({reasons})", code=1)
    if as_json:
        emit_json({"value": value, "normalized": normalized, "described": described})
        return
    for name, fields in described.items():
        console.print(f"[bold]{IDENTIFIERS[name].title}[/] {escape(normalized)}")
        for key, item in fields.items():
            console.print(f"  {key}: {escape(str(item))}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        name="id",
        help="Check and describe identifiers: IIN, BIN, IBAN, BIC.",
        no_args_is_help=True,
    )

    @group.command("check")
    def check(
        value: str = typer.Argument(..., help="The identifier, as written."),
        kind: IdType = TypeOption,
        as_json: bool = JsonOption,
    ) -> None:
        """Say whether VALUE is a valid identifier and why not; exit 1 when invalid."""
        _check(value, kind, as_json)

    @group.command("describe")
    def describe(
        value: str = typer.Argument(..., help="The identifier, as written."),
        kind: IdType = TypeOption,
        as_json: bool = JsonOption,
    ) -> None:
        """Show what VALUE encodes (birth date and sex of an IIN: handle with care)."""
        _describe(value, kind, as_json)

    app.add_typer(group)
