"""Benchmark the pamphlet builder on this machine; prints a Markdown report.

    .venv/bin/python benchmarks/bench.py            # about two minutes on 2 cores

Not a test: timings depend on the machine. The README's performance section
shows the figures from one run and the command that produced them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SCRIPTS = {"en": "Latin", "es": "Latin", "fr": "Latin", "de": "Latin", "pl": "Latin",
           "vi": "Latin (Vietnamese)", "uk": "Cyrillic", "ar": "Arabic",
           "hi": "Devanagari", "zh_Hans": "Chinese"}


def command(*args: str) -> float:
    """Wall time of one whole process, as a user runs it."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "build_pdf.py", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median(values) -> float:
    return statistics.median(values)


def cold_single(out: Path, runs: int = 5) -> float:
    return median(command("--region", "us", "--locale", "en", "--force", "--jobs", "1",
                          "--out", str(out)) for _ in range(runs))


def warm_split(runs: int = 5) -> list[dict]:
    """Per pamphlet inside one warm process: our HTML step, layout, PDF writing."""
    import weasyprint

    from guide.build import BuildOptions, plan
    from guide.paths import PROJECT
    from guide.render import render_html
    from guide.worker import Worker

    rows = []
    options = BuildOptions(out_dir=Path(tempfile.mkdtemp()))
    for share in (True, False, None):  # None: new fonts and stylesheet for every PDF
        worker = Worker(PROJECT)
        worker.writer.__init__(share_stylesheet=share is not False)
        for locale in ("en", "ar", "zh_Hans", "hi", "uk"):
            region = {"ar": "us", "zh_Hans": "us", "hi": "in", "uk": "de"}.get(locale, "us")
            (pamphlet,), _ = plan([region], [locale], options)
            catalog = worker.catalog(locale, allow_incomplete=False)
            worker.build(pamphlet, "warm-up")
            html_t, layout_t, write_t, ours_t = [], [], [], []
            for _ in range(runs):
                if share is None:
                    worker.writer.__init__(share_stylesheet=True)
                a = time.perf_counter()
                html = render_html(worker.env, pamphlet, catalog)
                b = time.perf_counter()
                link = "" if share else '<link rel="stylesheet" href="print.css">'
                document = weasyprint.HTML(
                    string=html.replace("</head>", link + "</head>"),
                    base_url=(PROJECT.templates / "index.html").as_uri(),
                    url_fetcher=worker.writer.fetcher).render(
                        font_config=worker.writer.font_config,
                        stylesheets=worker.writer.stylesheets)
                c = time.perf_counter()
                document.write_pdf()
                d = time.perf_counter()
                if share is None:
                    worker.writer.__init__(share_stylesheet=True)
                worker.build(pamphlet, "timing")  # the whole step as the build runs it
                e = time.perf_counter()
                html_t.append(b - a)
                layout_t.append(c - b)
                write_t.append(d - c)
                ours_t.append(e - d)
            label = {True: "shared", False: "parsed per PDF", None: "fonts + CSS per PDF"}
            rows.append(dict(stylesheet=label[share],
                             pamphlet=pamphlet.name, html=median(html_t),
                             layout=median(layout_t), write=median(write_t),
                             ours=median(ours_t)))
    return rows


def matrix(out: Path) -> dict[str, float]:
    """The handout for every region and language; then every layout, for the sizes."""
    results = {}
    for jobs in (1, 2):
        results[f"jobs {jobs}"] = median(
            command("--all", "--layout", "handout", "--force", "--jobs", str(jobs),
                    "--out", str(out)) for _ in range(2))
    results["every layout"] = command("--all", "--jobs", "2", "--out", str(out))
    results["no change"] = median(command("--all", "--out", str(out)) for _ in range(5))
    return results


def sizes(out: Path) -> dict[str, tuple[int, int]]:
    entries = json.loads((out / "manifest.json").read_text())["pamphlets"]
    by_script: dict[str, list[int]] = {}
    for entry in entries:
        key = f"{entry['layout']}, {SCRIPTS.get(entry['language'], entry['language'])}"
        by_script.setdefault(key, []).append(entry["bytes"])
    return {k: (min(v), max(v)) for k, v in sorted(by_script.items())}


def subsetter() -> str:
    """Which font subsetter WeasyPrint uses here: HarfBuzz's (faster) or fontTools'."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):  # WeasyPrint's own test
        return "HarfBuzz (libharfbuzz-subset0)"
    return "fontTools (libharfbuzz-subset0 is not installed)"


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    print(f"# Benchmark ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    print(f"- Font subsetter: **{subsetter()}**")
    print(f"- Cold single pamphlet (us-en, whole process): **{cold_single(out / 'one'):.2f} s**")
    results = matrix(out / "all")
    entries = json.loads((out / "all" / "manifest.json").read_text())["pamphlets"]
    handouts = sum(1 for entry in entries if entry["layout"] == "handout")
    speedup = results["jobs 1"] / results["jobs 2"]
    print(f"- Handout matrix ({handouts} pamphlets, whole process): "
          f"--jobs 1 **{results['jobs 1']:.1f} s**, "
          f"--jobs 2 **{results['jobs 2']:.1f} s** (x{speedup:.2f})")
    print(f"- Every layout ({len(entries)} pamphlets, --jobs 2, whole process): "
          f"**{results['every layout']:.1f} s**")
    print(f"- No-change rebuild of everything (whole process): "
          f"**{results['no change']:.2f} s**\n")
    print("Warm, per pamphlet (median of 5), in ms; 'WeasyPrint' is layout + write of the same "
          "HTML, 'our build' is the whole step (HTML, checks, layout, write, atomic file):\n")
    print("| fonts and CSS | pamphlet | HTML (Jinja) | layout | PDF write | WeasyPrint | our build "
          "| ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for row in warm_split():
        weasy = row["layout"] + row["write"]
        print(f"| {row['stylesheet']} | {row['pamphlet']} | {row['html'] * 1000:.1f} | "
              f"{row['layout'] * 1000:.0f} | {row['write'] * 1000:.0f} | {weasy * 1000:.0f} | "
              f"{row['ours'] * 1000:.0f} | {row['ours'] / weasy:.2f} |")
    print("\nPDF sizes (smallest to largest):\n")
    print("| layout, script | KB |")
    print("|---|---|")
    for key, (low, high) in sizes(out / "all").items():
        print(f"| {key} | {low / 1024:.0f}–{high / 1024:.0f} |")


if __name__ == "__main__":
    main()
