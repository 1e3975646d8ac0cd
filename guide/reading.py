"""Read an input file safely: bounded while reading, and only from where it belongs.

One reader serves every size limit (catalogs, data files, ICC profiles,
logos) with one message style. The limit is enforced on the bytes actually
read, not on what `stat` claims, so `/dev/zero` or a growing file cannot
run the build out of memory; and a file that is a symbolic link, or lies
outside its folder, is refused before a byte of it is read (so an error
message can never quote another file's contents).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import GuideError
from .paths import show

CHUNK = 64 * 1024


def describe_size(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def read_limited(path: Path, limit: int, error: type[GuideError], what: str,
                 folder: Path | None = None) -> bytes:
    """The file's bytes, or `error` if it is too large, unreadable or out of place.

    folder: the file must be a regular file directly or indirectly inside it,
    and not a symbolic link (nor reached through one).
    """
    path = Path(path)
    if folder is not None:
        check_inside(path, folder, error, what)
    # O_NONBLOCK: a named pipe must not hang the build at open(); the type is
    # checked on the open file itself, so nothing can be swapped in between.
    flags = os.O_RDONLY | os.O_NONBLOCK | (os.O_NOFOLLOW if folder is not None else 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise error(f"{show(path)}: cannot be read: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise error(f"{show(path)}: is not a regular file (a device, folder or "
                            f"pipe); {what} must be a file")
            data = bytearray()
            while len(data) <= limit:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                data += chunk
    except OSError as exc:
        raise error(f"{show(path)}: cannot be read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise error(f"{show(path)}: more than {describe_size(limit)}, too large for {what}; "
                    "is it the right file?")
    return bytes(data)


def check_inside(path: Path, folder: Path, error: type[GuideError], what: str) -> None:
    """Refuse a symbolic link, or a path that resolves outside `folder`."""
    folder = Path(folder).resolve()
    if path.is_symlink() or any(p.is_symlink() for p in _between(path, folder)):
        raise error(f"{show(path)}: is a symbolic link; {what} must be a real file in "
                    f"{show(folder)}/, so copy the file there instead of linking it")
    if not path.resolve().is_relative_to(folder):
        raise error(f"{show(path)}: lies outside {show(folder)}/; {what} must be inside it")
    if path.exists() and not path.is_file():
        raise error(f"{show(path)}: is not a regular file")


def _between(path: Path, folder: Path):
    """The folders from `path` up to (not including) `folder`, as written."""
    absolute = Path(path).absolute()
    for parent in absolute.parents:
        if parent.resolve() == folder:
            return
        yield parent
