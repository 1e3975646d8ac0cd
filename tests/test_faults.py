"""Every pamphlet ends as an outcome: no hang, no lost batch, no traceback for bad input.

Faults are injected the way they happen: a malformed image in a template, a
bug that raises inside rendering, a worker process killed from outside, a
pamphlet that never finishes, workers that cannot start.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from guide import worker as worker_module
from guide.build import BuildOptions, build, plan
from tests.cli import run
from tests.files import replace_in

pytestmark = pytest.mark.slow
COVER = "templates/sections/cover.html"
LANGUAGES = {"en", "es", "zh_Hans", "vi", "ar"}  # the us region's own languages


@pytest.fixture
def deadline():
    """Fail, rather than hang the suite, if a build does not come back in time."""
    def too_slow(signum, frame):
        raise TimeoutError("the build hung")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def only_in_spanish(project, markup: str) -> None:
    """Put markup on the cover of the Spanish pamphlets only."""
    replace_in(project / COVER, '<section id="cover"',
               f'{{% if lang_tag == "es" %}}{markup}{{% endif %}}<section id="cover"', 1)


def lines(output: str, prefix: str) -> list[str]:
    return [row for row in output.splitlines() if row.startswith(prefix)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_malformed_data_uri_fails_one_pamphlet_and_the_rest_are_built(project, tmp_path,
                                                                        jobs, deadline):
    only_in_spanish(project, '<img src="data:image/png">')
    code, output = run("--region", "us", "--jobs", jobs, "--out", str(tmp_path),
                       project=project)
    assert code == 1
    (failed,) = lines(output, "FAILED")
    assert failed.startswith("FAILED us-es-handout: Rendering: ") and "data:" in failed
    assert "Traceback" not in output
    assert len(lines(output, "ok")) == len(LANGUAGES) - 1
    assert not (tmp_path / "us" / "us-es-handout.pdf").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_inside_rendering_is_reported_once_with_its_traceback(project, tmp_path,
                                                                    jobs, deadline):
    # The money filter expects a Cost: given a string it raises AttributeError,
    # which is our bug, not the clinic's input.
    only_in_spanish(project, '{{ "free" | money }}')
    code, output = run("--region", "us", "--jobs", jobs, "--out", str(tmp_path),
                       project=project)
    assert code == 1
    (failed,) = lines(output, "FAILED")
    assert failed.startswith("FAILED us-es-handout: Internal error (please report it): "
                             "AttributeError")
    assert output.count("Traceback (most recent call last)") == 1
    assert len(lines(output, "ok")) == len(LANGUAGES) - 1


def test_a_worker_killed_mid_build_fails_its_pamphlet_and_is_replaced(project, tmp_path,
                                                                      monkeypatch, deadline):
    real_build = worker_module.Worker._build

    def killed_on_spanish(self, pamphlet, fingerprint, outcome):
        if pamphlet.locale == "es":
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
        return real_build(self, pamphlet, fingerprint, outcome)

    # Workers are forked from this process, so they inherit the patch.
    monkeypatch.setattr(worker_module.Worker, "_build", killed_on_spanish)
    code, output = run("--region", "us", "--region", "mx", "--jobs", "2",
                       "--out", str(tmp_path), project=project)
    assert code == 1
    failed = lines(output, "FAILED")
    assert {row.split(":")[0] for row in failed} == {"FAILED us-es-handout",
                                                     "FAILED mx-es-handout"}
    assert all("Worker: its worker process was killed by SIGKILL" in row for row in failed)
    assert len(lines(output, "ok")) == len(LANGUAGES) - 1  # mx has only Spanish
    assert "Traceback" not in output


def test_a_pamphlet_that_never_finishes_is_stopped_at_the_time_limit(project, tmp_path,
                                                                     monkeypatch, deadline):
    real_build = worker_module.Worker._build

    def stuck_on_arabic(self, pamphlet, fingerprint, outcome):
        if pamphlet.locale == "ar":
            time.sleep(600)
        return real_build(self, pamphlet, fingerprint, outcome)

    monkeypatch.setattr(worker_module.Worker, "_build", stuck_on_arabic)
    options = BuildOptions(out_dir=tmp_path, jobs=2, time_limit=5, project=project)
    pamphlets, _ = plan(["us"], None, options)
    started = time.monotonic()
    outcomes = {o.name: o for o in build(pamphlets, options)}
    assert time.monotonic() - started < 60
    stuck = outcomes["us-ar-handout"]
    assert stuck.error.category == "Worker" and "longer than 5 s" in str(stuck.error)
    assert all(o.ok for name, o in outcomes.items() if name != "us-ar-handout")


def test_workers_that_cannot_start_stop_the_build_with_one_reason(project, tmp_path,
                                                                  monkeypatch, deadline):
    def broken(self, project):
        raise OSError("libpango is missing")

    monkeypatch.setattr(worker_module.Worker, "__init__", broken)
    code, output = run("--region", "us", "--jobs", "2", "--out", str(tmp_path),
                       project=project)
    assert code == 1
    failed = lines(output, "FAILED")
    assert len(failed) == len(LANGUAGES)
    assert all("libpango is missing" in row for row in failed)
    assert any("worker processes cannot start" in row for row in failed)
    assert "Traceback" not in output


def test_imposition_and_profile_errors_have_our_categories(project, tmp_path):
    not_a_profile = tmp_path / "press.icc"
    not_a_profile.write_text("this is not an ICC profile")
    code, output = run("--region", "gb", "--profile", "print-shop", "--output-intent",
                       str(not_a_profile), "--out", str(tmp_path), project=project)
    assert code == 1 and output.startswith("Output profile: ")
    assert "press.icc: cannot be read as an ICC profile" in output
    from guide.errors import LayoutError
    from guide.imposition import impose_trifold
    from tests.pdfcheck import blank_pdf

    with pytest.raises(LayoutError, match="a tri-fold needs 6 panels, got 1"):
        impose_trifold(blank_pdf(), "a4", right_to_left=False)
