"""Sign-off per entry: which English/translation pairs a health professional has checked.

A reviewer signs entries, not a whole language. Each sign-off is kept in
`locales/<lang>/review.toml` as `entry-key:pair-hash`, where the key names
the entry (its context and English) and the hash covers the English *and*
the translation. When `make update` changes the English, or a translator
edits a signed translation, the hash no longer matches and that entry needs
review again; nothing else has to remember what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

#: Hex digits kept of each hash: 64 bits, far beyond the few hundred entries of a catalog.
DIGITS = 16


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:DIGITS]


def _text(value) -> str:
    return "\x01".join(value) if isinstance(value, (list, tuple)) else str(value)


def entry_key(context: str | None, msgid) -> str:
    """Which entry: the same for every translation of one English text."""
    return _hash(context or "", _text(msgid))


def pair_hash(context: str | None, msgid, translation) -> str:
    """What was checked: this English with this translation."""
    return _hash(context or "", _text(msgid), _text(translation))


@dataclass(frozen=True)
class SignOff:
    """One review session: who signed which pairs, when."""

    reviewer: str
    date: dt.date
    pairs: tuple[tuple[str, str], ...]  # (entry key, pair hash)


@dataclass(frozen=True)
class SignOffs:
    """Every sign-off of one catalog, and how its current entries stand against them."""

    sessions: tuple[SignOff, ...] = ()
    current: dict[str, str] = field(default_factory=dict)  # entry key -> today's pair hash

    @property
    def signed(self) -> dict[str, SignOff]:
        """Entry key -> the latest session that signed its current pair."""
        found = {}
        for session in sorted(self.sessions, key=lambda s: s.date):
            for key, pair in session.pairs:
                if self.current.get(key) == pair:
                    found[key] = session
        return found

    @property
    def expired(self) -> set[str]:
        """Entries signed once, whose English or translation has changed since."""
        ever = {key for session in self.sessions for key, _ in session.pairs}
        return {key for key in ever & set(self.current) if key not in self.signed}

    @property
    def to_review(self) -> set[str]:
        """Once a language has been reviewed: its entries that are new or changed since.

        An English change gives the entry a new key, a translator's edit a new
        pair hash; either way the old sign-off no longer covers it.
        """
        if not self.sessions:
            return set()
        return set(self.current) - set(self.signed)

    def share(self, keys) -> tuple[int, int]:
        """(signed, total) among these entry keys."""
        keys = [key for key in keys if key in self.current]
        signed = self.signed
        return sum(1 for key in keys if key in signed), len(keys)
