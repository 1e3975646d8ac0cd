"""Files we write: atomic writes, and dist/manifest.json, the record of every PDF.

No WeasyPrint here: a rebuild with nothing to do reads the manifest and
exits without loading the renderer.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError, quoted
from .paths import DATA_FOLDERS

MANIFEST = "manifest.json"
#: Held (flock) by the build writing to a folder; kept, never deleted, so two
#: builds can never hold locks on two different files of the same name.
LOCK_FILE = ".build.lock"


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


def check_out_dir(out_dir: Path, project_root: Path) -> None:
    """Refuse an output folder where pamphlets would overwrite or mix with the project.

    Builds write <region>/ folders and manifest.json and delete unfinished
    files: never into /, the project itself or its data folders.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {quoted(str(out))} is a file, not a folder: name a folder "
                          "for the pamphlets, such as dist/")
    resolved, root = out.resolve(), Path(project_root).resolve()
    if resolved == Path(resolved.anchor):
        raise OutputError(f"--out {quoted(str(out))} is the root of the file system: name "
                          "a folder for the pamphlets, such as dist/")
    if resolved == root:
        raise OutputError(f"--out {quoted(str(out))} is the project folder itself: name a "
                          "folder for the pamphlets, such as dist/")
    for name in DATA_FOLDERS:
        if resolved.is_relative_to(root / name):
            raise OutputError(f"--out {quoted(str(out))} is inside the project's {name}/ "
                              "folder, which holds its data: name a folder for the "
                              "pamphlets, such as dist/")


@contextmanager
def build_lock(out_dir: Path):
    """Hold the output folder for one build; a second build at once is refused.

    Refused rather than made to wait: a build takes minutes, and a command
    that hangs silently looks broken. The lock is a POSIX record lock
    (lockf): the kernel drops it when the build ends, however it ends, even
    by SIGKILL, and forked workers do not inherit it (an flock would stay
    held until the last dying worker had closed its copy).
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK_FILE, "a+", encoding="ascii")
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write there: {exc.strerror or exc}") from exc
    with handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise OutputError(f"{out_dir}: cannot lock {LOCK_FILE}: "
                                  f"{exc.strerror or exc}") from exc
            handle.seek(0)
            holder = handle.read(20).strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise OutputError(f"{out_dir}: another build is writing there now{who}; wait "
                              "for it to finish, or choose another --out folder") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)
