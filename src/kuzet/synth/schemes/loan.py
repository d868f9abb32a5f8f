"""Scaffold: replaced by the planter of this family."""

from kuzet.synth.api import SchemeContext


def plant(ctx: SchemeContext) -> None:
    return None
