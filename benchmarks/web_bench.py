"""Benchmark `build_pdf.py serve` on this machine; prints a Markdown report.

    .venv/bin/python benchmarks/web_bench.py              # about 2 minutes on 2 cores
    .venv/bin/python benchmarks/web_bench.py --seconds 20 # a shorter load test

1. latency of one warm handout with a clinic (gb, English): preview and PDF,
   median and 95th percentile over --repeat requests, one at a time;
2. --clients concurrent clients for --seconds, each sending previews and PDF
   downloads in turn: requests served, errors (only 503 "busy" is allowed),
   95th-percentile latency, and the server's memory (its process and its
   renderers) at the start and the end.

Not a test: timings depend on the machine. Traffic goes only to 127.0.0.1,
bounded in count (--max-requests per client) and time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLINIC = {"region": "gb", "locale": "en", "layout": "handout", "profile": "office",
          "name": "Harbour Street Clinic", "address": "12 Example Street\nBristol BS1 0AA",
          "phones": "0117 496 0123", "hours-0-first": "mon", "hours-0-last": "fri",
          "hours-0-opens": "09:00", "hours-0-closes": "17:00",
          "web": "https://www.example.org/clinic", "notes-en": "Walk in on weekday mornings."}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def start_server(port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "build_pdf.py", "serve", "--port", str(port),
                                "--workers", str(workers)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


class Client:
    def __init__(self, base: str):
        self.http = httpx.Client(base_url=base, timeout=120)
        self.http.get("/")
        self.form = {**CLINIC, "csrf": self.http.cookies["guide_csrf"]}

    def send(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        response = self.http.post(path, data=self.form)
        return response.status_code, time.perf_counter() - started


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def latency(client: Client, path: str, repeat: int) -> tuple[float, float]:
    client.send(path)  # warm: the renderer has loaded this language and region
    times = []
    for _ in range(repeat):
        status, seconds = client.send(path)
        assert status == 200, status
        times.append(seconds)
    return statistics.median(times), p95(times)


def load(base: str, clients: int, seconds: float, max_requests: int):
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(index: int):
        client = Client(base)
        for count in range(max_requests):
            if time.monotonic() >= stop:
                break
            path = "/preview" if (count + index) % 2 else "/download"
            try:
                outcome = client.send(path)
            except httpx.HTTPError:
                outcome = (0, 0.0)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=500, help="per client")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        client = Client(base)
        preview = latency(client, "/preview", args.repeat)
        pdf = latency(client, "/download", args.repeat)
        memory_start = rss_mb(server.pid)
        results = load(base, args.clients, args.seconds, args.max_requests)
        memory_end = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = Counter(status for status, _ in results)
    served = [seconds for status, seconds in results if status == 200]
    errors = {s: n for s, n in statuses.items() if s not in (200, 503)}
    print(f"## Web server ({os.cpu_count()} cores, {args.workers} renderers)\n")
    print("| measure | median | 95th percentile |\n|---|---|---|")
    print(f"| preview, one handout with a clinic | {preview[0]:.2f} s | {preview[1]:.2f} s |")
    print(f"| PDF download, same | {pdf[0]:.2f} s | {pdf[1]:.2f} s |\n")
    print(f"{args.clients} clients for {args.seconds:.0f} s (previews and downloads in turn):\n")
    print(f"- requests served: {statuses[200]}; busy (503): {statuses[503]}; "
          f"other errors: {sum(errors.values())} {errors or ''}")
    if served:
        print(f"- latency of served requests: median {statistics.median(served):.2f} s, "
              f"95th percentile {p95(served):.2f} s")
    print(f"- server memory (process and renderers): {memory_start:.0f} MB at the start, "
          f"{memory_end:.0f} MB at the end")


if __name__ == "__main__":
    main()
