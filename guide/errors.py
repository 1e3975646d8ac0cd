"""Our exception tree: one base, a category per pipeline stage.

The command line prints ``Category: message`` and exits non-zero; only
exceptions that are not GuideError get a traceback (they are our bugs).

Messages often quote what a file said (a key, a value, a cell); `quoted`
shows such text safely, and every message is made terminal-safe when the
error is made, so a file can never clear a screen, reorder a line with
bidi controls or forge a line of its own in our output.
"""

import unicodedata

#: How much of a quoted value a message shows: enough to find it in the file.
EXCERPT_LENGTH = 60
#: Unicode categories never shown as they are: controls (ESC, CR...), format
#: characters (bidi overrides, zero-width joiners), separators that break a
#: line, unassigned and private-use code points, surrogates.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"}


def _escape_char(char: str) -> str:
    return f"\\u{{{ord(char):04x}}}"


def safe_text(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control, bidi and format character written as \\u{...}."""
    return "".join(
        char if (unicodedata.category(char) not in _UNSAFE_CATEGORIES
                 or (keep_newlines and char == "\n")) else _escape_char(char)
        for char in text)


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """At most `limit` characters of `text`, escaped, saying how long it was if cut."""
    if len(text) <= limit:
        return safe_text(text)
    return f"{safe_text(text[:limit])}... ({len(text)} characters)"


def quoted(value, limit: int = EXCERPT_LENGTH) -> str:
    """A value from a file as a message quotes it: in quotes, escaped, cut short.

    Strings are shown as the file wrote them (not Python's repr), other
    values (numbers, lists, tables) by their repr, all cut to `limit`.
    """
    if value is None:
        return "nothing"
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return f"'{safe_text(text)}'"
    return f"'{safe_text(text[:limit])}...' ({len(text)} characters)"


class GuideError(Exception):
    """A problem a clinic or translator can fix; the message says how."""

    category = "Error"

    def __init__(self, message, *, problems=None):
        self.problems = [safe_text(str(p)) for p in problems or []]
        message = safe_text(str(message), keep_newlines=True)
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)


class RegionError(GuideError):
    category = "Region data"


class ClinicError(GuideError):
    category = "Clinic file"


class CatalogError(GuideError):
    category = "Translation catalog"


class TemplateError(GuideError):
    category = "Template"


class RenderError(GuideError):
    category = "Rendering"


class OutputError(GuideError):
    category = "Output"


class ProfileError(GuideError):
    category = "Output profile"


class LayoutError(GuideError):
    category = "Layout"


class WorkerError(GuideError):
    """A worker process died or ran out of time while building a pamphlet."""

    category = "Worker"


class CallSheetError(GuideError):
    """A filled call sheet that cannot be recorded; nothing was changed."""

    category = "Call sheet"


class ProofError(GuideError):
    """A returned proof sheet that cannot be recorded; nothing was changed."""

    category = "Review sign-off"


class InternalError(GuideError):
    """Our own bug: reported once, with the pamphlet's name and the traceback."""

    category = "Internal error (please report it)"
