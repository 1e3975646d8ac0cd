"""Babel extractor for region files: helpline names, descriptions, notes, drug warnings.

Registered under ``babel.extractors`` in pyproject.toml, so ``pybabel extract
-F babel.cfg`` puts these strings into locales/guide.pot beside the template
text, each with a comment telling the translator which region and line it is.
"""

from __future__ import annotations

import tomllib

TRANSLATED_FIELDS = ("name", "description", "note")


def extract_region(fileobj, keywords, comment_tags, options):
    """Yield (lineno, funcname, message, comments) for every translatable field."""
    text = fileobj.read().decode("utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()
    code = data.get("code", "?")
    if isinstance(data.get("area"), str):
        yield (_line_of(lines, "area", data["area"]), "gettext", data["area"],
               [f"Name of the part of the country the region '{code}' covers"])
    for line in data.get("helplines", []):
        for key in TRANSLATED_FIELDS:
            value = line.get(key)
            if isinstance(value, str):
                comment = f"Helpline {key} ({code}/{line.get('id')})"
                if key == "name":
                    comment += ": keep the service's own name if it has no official translation"
                yield _line_of(lines, key, value), "gettext", value, [comment]
    for drug in data.get("drug_supply", []):
        value = drug.get("warning") if isinstance(drug, dict) else None
        if isinstance(value, str):
            yield (_line_of(lines, "warning", value), "gettext", value,
                   [f"Local drug supply warning ({code}/{drug.get('id')}), printed in the "
                    "overdose section"])


def _line_of(lines: list[str], key: str, value: str) -> int:
    """The line of `key = "value"`, so translators can find the entry."""
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(key) and "=" in line and value in line:
            return number
    return 0
