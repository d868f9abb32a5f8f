"""Kuzet (күзет, "guard"): financial monitoring for Kazakhstan's AML/CFT/CPF regime."""

__version__ = "0.1.0"
