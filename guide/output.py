"""Files we write: atomic writes, and dist/manifest.json, the record of every PDF.

No WeasyPrint here: a rebuild with nothing to do reads the manifest and
exits without loading the renderer.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

MANIFEST = "manifest.json"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Finished files get the usual mode (0644 under umask 022), as any program's would.
_UMASK = _current_umask()


@dataclass(frozen=True)
class PdfResult:
    """One written PDF file."""

    path: Path
    pages: int
    bytes: int
    sha256: str


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                             dir=target.parent)
        try:
            os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp's 0600 would hide it from others
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc}") from exc


def read_manifest(out_dir: Path) -> dict[str, dict]:
    """Entries by PDF path (relative to out_dir); an unreadable manifest counts as empty."""
    try:
        entries = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["pamphlets"]
        return {entry["path"]: entry for entry in entries if isinstance(entry, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(out_dir: Path, entries: dict[str, dict]) -> None:
    """Keep the entries whose PDF still exists, sorted, written atomically."""
    kept = [entries[key] for key in sorted(entries) if (out_dir / key).is_file()]
    data = json.dumps({"format": 1, "pamphlets": kept}, indent=2, ensure_ascii=False)
    write_atomically(out_dir / MANIFEST, (data + "\n").encode("utf-8"))


def manifest_entry(pamphlet, review, results: list[PdfResult], fingerprint: str) -> dict:
    """One pamphlet's line in dist/manifest.json: what it is, and what went into it."""
    result, root = results[0], pamphlet.target.parent.parent
    return {
        "path": str(result.path.relative_to(root)),
        "region": pamphlet.region.code,
        "language": pamphlet.locale,
        "variant": pamphlet.variant,
        "layout": pamphlet.layout.name,
        "profile": pamphlet.profile.name,
        "paper": pamphlet.paper,
        "output_intent": pamphlet.output_intent.name if pamphlet.output_intent else None,
        "translation": review.metadata,
        "numbers_checked": pamphlet.region.checked.isoformat(),
        "pages": result.pages,
        "bytes": result.bytes,
        "sha256": result.sha256,
        "input_hash": fingerprint,
        "also": [{"path": str(extra.path.relative_to(root)), "pages": extra.pages,
                  "bytes": extra.bytes, "sha256": extra.sha256} for extra in results[1:]],
    }
