"""Run pamphlet jobs in long-lived worker processes, and never wait forever on one.

Each worker is a forked process with a pipe of its own. The parent hands out
one job at a time and waits on the pipes and on the processes themselves
(`multiprocessing.connection.wait`), so a worker that dies (the OOM killer, a
crash inside a C library, a signal) is noticed at once: its pamphlet becomes
one failed outcome, a fresh worker takes its place, and the batch goes on.
A job that runs past its time limit is stopped and reported the same way.
(multiprocessing.Pool waits forever for a result that a dead worker will
never send, and concurrent.futures fails every queued job when one worker
dies, without saying which job killed it.)
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Iterator

from .errors import WorkerError
from .pamphlet import Pamphlet
from .paths import Project
from .worker import Outcome, Worker

#: A pamphlet takes about a second; one still running after this is stuck.
JOB_TIME_LIMIT = 300.0
#: Workers that die before taking any job: the renderer cannot start at all.
MAX_FAILED_STARTS = 3
PR_SET_PDEATHSIG = 1

Task = tuple[Pamphlet, str]  # a pamphlet and its input hash


@dataclass
class _Slot:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


def run_in_workers(todo: list[Task], jobs: int, project: Project,
                   time_limit: float = JOB_TIME_LIMIT) -> Iterator[Outcome]:
    """Yield one outcome per task, as each finishes, whatever happens to the workers."""
    context = multiprocessing.get_context("fork")
    pending: deque[Task] = deque(todo)
    slots: list[_Slot] = []
    failed_starts = 0
    try:
        slots = [_start(context, project) for _ in range(min(jobs, len(todo)))]
        for slot in slots:
            _give(slot, pending)
        while any(slot.task for slot in slots):
            busy = [slot for slot in slots if slot.task]
            wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=1.0)
            for index, slot in enumerate(slots):
                if slot.task is None:
                    continue
                outcome, failure, could_not_start = _collect(slot, time_limit)
                if outcome is None and failure is None:
                    continue  # still working
                if outcome is not None:
                    slot.task = None
                    yield outcome
                    _give(slot, pending)
                    continue
                task, slot.task = slot.task, None
                _stop(slot)
                failed_starts += could_not_start
                if failed_starts >= MAX_FAILED_STARTS:
                    pending.appendleft(task)
                    yield from _give_up(pending, slots, failure)
                    return
                yield _failed(task, failure)
                slots[index] = _start(context, project)
                _give(slots[index], pending)
    finally:
        # Normally no slot is busy here. After Ctrl-C or SIGTERM (or any error),
        # a busy worker is stopped before it can write more; a pamphlet it may
        # have finished but not reported is removed, so every PDF left is one
        # the manifest records.
        unreported = [slot.task for slot in slots if slot.task]
        for slot in slots:
            _stop(slot)
        for pamphlet, _ in unreported:
            _remove_files(pamphlet)


def _start(context, project: Project) -> _Slot:
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, project), daemon=True)
    process.start()
    child.close()
    return _Slot(process, parent)


def _give(slot: _Slot, pending: deque[Task]) -> None:
    if pending:
        slot.task = pending.popleft()
        slot.started = time.monotonic()
        try:
            slot.conn.send(slot.task)
        except OSError:  # the worker is gone already: _collect reports why
            pass


def _collect(slot: _Slot, time_limit: float) -> tuple[Outcome | None, str | None, bool]:
    """The worker's outcome if it sent one; else why it stopped, and whether it never
    started; (None, None, False) while it is still working."""
    if slot.conn.poll():
        try:
            message = slot.conn.recv()
        except (EOFError, OSError):
            message = None
        if isinstance(message, Outcome):
            return message, None, False
        if isinstance(message, str):
            return None, f"the renderer could not start: {message}", True
    if not slot.process.is_alive():
        return None, _death(slot.process.exitcode), False
    if time.monotonic() - slot.started > time_limit:
        return None, (f"it took longer than {time_limit:.0f} s, so its worker was stopped "
                      "(a pamphlet normally takes a few seconds)"), False
    return None, None, False


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = "; the machine may have run out of memory" if -exitcode == signal.SIGKILL else ""
        return f"its worker process was killed by {name}{hint}"
    return f"its worker process stopped unexpectedly (exit status {exitcode})"


def _remove_files(pamphlet: Pamphlet) -> None:
    for path in pamphlet.files:  # never leave a file the current data did not make
        path.unlink(missing_ok=True)


def _failed(task: Task, reason: str) -> Outcome:
    pamphlet = task[0]
    _remove_files(pamphlet)
    return Outcome(name=pamphlet.name, error=WorkerError(f"{reason}; the other pamphlets "
                                                         "went on"))


def _give_up(pending: deque[Task], slots: list[_Slot], reason: str) -> Iterator[Outcome]:
    """Workers die before doing anything: fail what is left with one clear reason."""
    for slot in slots:
        if slot.task:
            pending.append(slot.task)
            slot.task = None
    for pamphlet, _ in pending:
        yield Outcome(name=pamphlet.name, error=WorkerError(
            f"worker processes cannot start ({reason}); nothing more "
            "was built. Try --jobs 1 to see the error in this process"))


def _stop(slot: _Slot) -> None:
    if slot.process.is_alive():
        slot.process.kill()
    try:
        slot.process.join(timeout=5)
    except KeyboardInterrupt:  # a second Ctrl-C while stopping: the kill is sent already
        pass
    slot.conn.close()


def _serve(conn: Connection, project: Project) -> None:
    """A worker process: build each pamphlet it is sent, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    # The parent's SIGTERM handler (raise KeyboardInterrupt) came with the fork:
    # here SIGTERM must simply end the worker, with no traceback.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    try:
        worker = Worker(project)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        conn.send(f"{type(exc).__name__}: {exc}")
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent has gone: build nothing more
        conn.send(worker.build(*task))


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the parent dies, so no orphan writes files."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed pipe still stops the worker
        pass
