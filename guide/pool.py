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
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator

from .errors import GuideError, InternalError, WorkerError
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
        if isinstance(task, Call):
            conn.send(task.run(worker))
        else:
            conn.send(worker.build(*task))


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the parent dies, so no orphan writes files."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed pipe still stops the worker
        pass


@dataclass(frozen=True)
class Call:
    """A function to run in a warm worker: `function(worker, *args)`; it must be importable."""

    function: Callable[..., Any]
    args: tuple = ()

    def run(self, worker: Worker) -> tuple[bool, Any]:
        """(True, result) or (False, error): like Worker.build, it never raises."""
        try:
            return True, self.function(worker, *self.args)
        except GuideError as exc:
            return False, exc
        except Exception as exc:  # noqa: BLE001 - our bug, reported to the caller
            return False, InternalError(f"{type(exc).__name__}: {exc}")


class PoolBusy(GuideError):
    """Every worker is busy and the queue is full: try again in a moment."""

    category = "Busy"


@dataclass
class _Request:
    call: Call
    future: Future
    time_limit: float


class RenderPool:
    """Warm worker processes shared by many callers (the web server), with a bounded queue.

    `submit` never blocks: it returns a Future, or raises PoolBusy when
    `queue_limit` calls already wait for a worker, so a burst of requests is
    turned away at once instead of piling up. One thread hands calls to the
    workers and watches them exactly as run_in_workers does: a worker that
    dies or runs past the time limit fails its call with a WorkerError and is
    replaced; the other calls go on.
    """

    def __init__(self, project: Project, workers: int = 2, queue_limit: int = 8,
                 time_limit: float = 60.0):
        self.project, self.time_limit, self.queue_limit = project, time_limit, queue_limit
        self._context = multiprocessing.get_context("fork")
        self._lock = threading.Lock()
        self._waiting: deque[_Request] = deque()
        self._wake_read, self._wake_write = os.pipe()
        self._closed = False
        self._size = max(workers, 1)
        self._slots: list[_Slot] = []
        self._running: dict[int, _Request] = {}
        # Workers are started (and restarted) by the dispatching thread alone:
        # Linux sends PR_SET_PDEATHSIG when the *thread* that forked a worker
        # ends, so a worker forked from a short-lived thread (a server's thread
        # pool) would be killed with it.
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._dispatch, name="render-pool", daemon=True)
        self._thread.start()
        self._ready.wait()

    @property
    def workers(self) -> int:
        return self._size

    def load(self) -> tuple[int, int]:
        """(calls running, calls waiting)."""
        with self._lock:
            return len(self._running), len(self._waiting)

    def submit(self, function: Callable[..., Any], *args,
               time_limit: float | None = None) -> Future:
        """Run function(worker, *args) in a worker; the Future holds its result or error."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise PoolBusy("the renderer is shutting down")
            self._waiting = deque(r for r in self._waiting if not r.future.cancelled())
            idle = self.workers - len(self._running)
            if len(self._waiting) >= self.queue_limit + max(idle, 0):
                raise PoolBusy(f"all {self.workers} renderers are busy and "
                               f"{len(self._waiting)} requests are waiting")
            self._waiting.append(_Request(Call(function, tuple(args)), future,
                                          time_limit or self.time_limit))
        os.write(self._wake_write, b"x")
        return future

    def close(self) -> None:
        """Stop the workers; calls still waiting fail with PoolBusy."""
        with self._lock:
            self._closed = True
            waiting, self._waiting = list(self._waiting), deque()
        for request in waiting:
            _settle(request.future, error=PoolBusy("the renderer was shut down"))
        os.write(self._wake_write, b"x")
        self._thread.join(timeout=10)
        for slot in self._slots:
            _stop(slot)
        os.close(self._wake_read)
        os.close(self._wake_write)

    def _dispatch(self) -> None:
        try:
            self._slots = [_start(self._context, self.project) for _ in range(self._size)]
        finally:
            self._ready.set()
        while True:
            with self._lock:
                if self._closed:
                    break
                for index, slot in enumerate(self._slots):
                    if index not in self._running and self._waiting:
                        self._hand_out(index, slot, self._waiting.popleft())
            busy = [self._slots[i] for i in self._running]
            ready = wait([self._wake_read] + [s.conn for s in busy]
                         + [s.process.sentinel for s in busy], timeout=0.5)
            if self._wake_read in ready:
                os.read(self._wake_read, 4096)
            for index in list(self._running):
                self._check(index)
        with self._lock:
            running, self._running = list(self._running.values()), {}
        for request in running:
            _settle(request.future, error=PoolBusy("the renderer was shut down"))

    def _hand_out(self, index: int, slot: _Slot, request: _Request) -> None:
        if not request.future.set_running_or_notify_cancel():
            return  # the caller gave up while waiting
        slot.task, slot.started = request.call, time.monotonic()  # type: ignore[assignment]
        self._running[index] = request
        try:
            slot.conn.send(request.call)
        except OSError:  # the worker is gone: _check reports why
            pass

    def _check(self, index: int) -> None:
        slot, request = self._slots[index], self._running[index]
        message, failure = None, None
        if slot.conn.poll():
            try:
                message = slot.conn.recv()
            except (EOFError, OSError):
                message = None
            if isinstance(message, str):
                failure = f"the renderer could not start: {message}"
        if isinstance(message, tuple):
            with self._lock:
                del self._running[index]
            slot.task = None
            ok, value = message
            _settle(request.future, value if ok else None, None if ok else value)
            return
        if failure is None and not slot.process.is_alive():
            failure = _death(slot.process.exitcode)
        if failure is None and time.monotonic() - slot.started > request.time_limit:
            failure = (f"it took longer than {request.time_limit:.0f} s, so it was stopped")
        if failure is None:
            return
        with self._lock:
            del self._running[index]
        _stop(slot)
        self._slots[index] = _start(self._context, self.project)
        _settle(request.future, error=WorkerError(failure))


def _settle(future: Future, result: Any = None, error: BaseException | None = None) -> None:
    """Give a call its result, unless its caller gave up on it already."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
