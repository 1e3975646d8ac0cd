"""A pseudo-locale (en_XA): every string accented, 40% longer, in brackets.

Built from guide.pot in the tests. Anything printed in plain English did not
go through the catalog; the extra length shows whether the layout survives
translations that run long (German and French often run 30% over English).
"""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from guide.paths import DOMAIN, PROJECT

PSEUDO = "en_XA"
ACCENTED = str.maketrans("aeiouyAEIOUYcnsz", "àéîöûÿÀÉÎÖÛŸçñšž")
KEEP = re.compile(r"(%\(\w+\)s|<[^>]+>)")  # placeholders and tags pass unchanged


def pseudo(text: str) -> str:
    parts = [p if KEEP.fullmatch(p) else p.translate(ACCENTED) for p in KEEP.split(text)]
    body = "".join(parts)
    visible = len(KEEP.sub("", text))
    padding = " ~" + "·" * max(int(visible * 0.4) - 2, 0) if visible > 3 else ""
    return f"[{body}{padding}]"


def write_pseudo_catalog(project=PROJECT) -> None:
    with project.pot.open("rb") as fh:
        template = read_po(fh)
    catalog = Catalog(locale="en", domain=DOMAIN, fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, pseudo(message.id), context=message.context)
    target = project.locales / PSEUDO / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        write_po(fh, catalog, width=0)
    (project.locales / PSEUDO / "review.toml").write_text('status = "draft"\n')


def unbracketed(text: str) -> str:
    """What is left after removing every [ ... ] group, innermost first."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\[[^\[\]]*\]", " ", text)
    return text
