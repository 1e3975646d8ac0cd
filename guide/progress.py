"""Progress of a batch build: a bar on a terminal, one line per pamphlet otherwise."""

from __future__ import annotations

import time

from .paths import show

BAR_WIDTH = 30


class Progress:
    """Counts finished pamphlets and estimates the time left from the average so far."""

    def __init__(self, total: int, out, bar: bool):
        self.total, self.out, self.bar = total, out, bar
        self.done = 0
        self.started = time.perf_counter()

    def __call__(self, outcome) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.started
        left = elapsed / self.done * (self.total - self.done)
        timing = f"{elapsed:.1f} s elapsed" + (f", about {left:.0f} s left"
                                               if self.done < self.total else "")
        if self.bar and outcome.ok:
            filled = round(BAR_WIDTH * self.done / self.total)
            self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                           f"{self.done}/{self.total}  {timing}  {outcome.name:28}")
            if self.done == self.total:
                self.out.write("\n")
        else:
            if self.bar:
                self.out.write("\n")
            self.out.write(f"{line(outcome)}  [{self.done}/{self.total}, {timing}]\n")
        self.out.flush()


def line(outcome) -> str:
    """One pamphlet as a line: what was written, or what went wrong."""
    if not outcome.ok:
        text = f"FAILED {outcome.name}: {outcome.error.category}: {outcome.error}"
        if outcome.details:  # our own bug: the traceback, once, under its pamphlet
            text += "\n" + "\n".join(f"    {row}" for row in outcome.details.rstrip().splitlines())
        return text
    notes = "".join(f"  [{n}]" for n in outcome.notes)
    return (f"ok     {show(outcome.path)}  {outcome.pages} pages  "
            f"{outcome.bytes / 1024:.0f} KB  {outcome.seconds:.2f} s{notes}")
