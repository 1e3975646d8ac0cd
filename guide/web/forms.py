"""Between the web form and clinic details: the same dict a clinic file gives.

The form is a flat list of named inputs; guide/clinic.py checks a TOML-shaped
dict. These functions turn one into the other (both ways, so a clinic file
can fill the form and the form can be saved as a clinic file), and name the
input beside which each of the checker's problems is shown.
"""

from __future__ import annotations

import re
from typing import Mapping

import tomlkit

from ..fields import WEEKDAYS

#: Opening-hours rows on the form; a clinic file with more keeps the first ones.
HOUR_ROWS = 4
TEXT_FIELDS = ("name", "country", "web", "fallback_language", "shared_cost",
               "personal_number")
LOGO_NAMES = {"PNG": "logo.png", "SVG": "logo.svg"}


def clinic_data(form: Mapping[str, str], note_languages: list[str]) -> dict:
    """The clinic file's dict for what was typed; empty inputs are left out."""
    data: dict = {}
    for key in TEXT_FIELDS:
        value = (form.get(key) or "").strip()
        if value:
            data[key] = value
    if "country" in data:
        data["country"] = data["country"].upper()
    data["address"] = _lines(form.get("address"))
    data["phones"] = _lines(form.get("phones"))
    if form.get("always_open"):
        data["hours"] = ["24/7"]
    else:
        data["hours"] = [row for row in (_hours_row(form, i) for i in range(HOUR_ROWS)) if row]
    notes = {code: text.strip() for code in note_languages
             if (text := form.get(f"notes-{code}") or "").strip()}
    if notes:
        data["notes"] = notes
    return data


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _hours_row(form: Mapping[str, str], index: int) -> dict | None:
    first, last = (form.get(f"hours-{index}-{k}") or "" for k in ("first", "last"))
    opens, closes = ((form.get(f"hours-{index}-{k}") or "").strip() for k in ("opens", "closes"))
    if not (first or last or opens or closes):
        return None
    row = {"days": f"{first}-{last or first}"}
    if opens:
        row["opens"] = opens
    if closes:
        row["closes"] = closes
    return row


def form_values(data: dict) -> dict[str, str]:
    """Form inputs for a clinic file's dict (the reverse of clinic_data)."""
    values = {key: str(data[key]) for key in TEXT_FIELDS if isinstance(data.get(key), str)}
    for key in ("address", "phones"):
        if isinstance(data.get(key), list):
            values[key] = "\n".join(str(line) for line in data[key])
    hours = data.get("hours") if isinstance(data.get("hours"), list) else []
    if "24/7" in hours:
        values["always_open"] = "on"
    rows = [h for h in hours if isinstance(h, dict)]
    for index, row in enumerate(rows[:HOUR_ROWS]):
        days = str(row.get("days", ""))
        first, _, last = days.partition("-")
        values[f"hours-{index}-first"], values[f"hours-{index}-last"] = first, last
        for key in ("opens", "closes"):
            if isinstance(row.get(key), str):
                values[f"hours-{index}-{key}"] = row[key]
    if isinstance(data.get("notes"), dict):
        for code, text in data["notes"].items():
            if isinstance(text, str):
                values[f"notes-{code}"] = text
    return values


def field_for(where: str) -> str:
    """The form input beside which a problem the clinic checker names is shown."""
    if match := re.fullmatch(r"(phones|address)\[\d+\].*", where):
        return match[1]
    if match := re.fullmatch(r"hours\[(\d+)\].*", where):
        return f"hours-{match[1]}" if int(match[1]) < HOUR_ROWS else "hours"
    if match := re.fullmatch(r"notes\.(.+)", where):
        return f"notes-{match[1]}"
    if match := re.fullmatch(r"\(top level\)\.(\w+)", where):
        return match[1]
    if where == "(top level)":
        return "clinic_file"
    return where.split(".")[0].split("[")[0]


def line_of(where: str) -> int | None:
    """The line number (from 1) a phones[N] or address[N] problem is about."""
    match = re.fullmatch(r"(?:phones|address)\[(\d+)\].*", where)
    return int(match[1]) + 1 if match else None


def clinic_toml(data: dict, logo_name: str | None) -> str:
    """The form as a clinic file for the command line (build_pdf.py --clinic FILE)."""
    document = tomlkit.document()
    document.add(tomlkit.comment("Made with build_pdf.py serve; use it with "
                                 "build_pdf.py --region CODE --clinic this-file.toml"))
    for key in ("name", "country", "address", "phones", "web", "fallback_language",
                "shared_cost", "personal_number"):
        if data.get(key):
            document[key] = data[key]
    if logo_name:
        document.add(tomlkit.comment(f"Put your logo beside this file, named {logo_name}"))
        document["logo"] = logo_name
    hours = data.get("hours") or []
    if hours == ["24/7"]:
        document["hours"] = ["24/7"]
    elif hours:
        tables = tomlkit.aot()
        for row in hours:
            tables.append(tomlkit.item(row))
        document["hours"] = tables
    if data.get("notes"):
        document["notes"] = data["notes"]
    return tomlkit.dumps(document)


def weekday_choices() -> tuple[str, ...]:
    return WEEKDAYS
