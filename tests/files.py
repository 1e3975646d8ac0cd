"""Editing fixture files in tests, loudly."""

from pathlib import Path


def replace_in(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace text in a file; fail if it is not there, so no test breaks nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
