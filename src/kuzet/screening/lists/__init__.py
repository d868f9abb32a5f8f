"""Sanctions and TF/PF lists: file readers and versioned snapshots."""

from kuzet.screening.lists.loaders import FORMATS, ListFormatError, guess_format, load_file
from kuzet.screening.lists.store import Diff, ListStore, diff_entries

__all__ = [
    "FORMATS",
    "Diff",
    "ListFormatError",
    "ListStore",
    "diff_entries",
    "guess_format",
    "load_file",
]
