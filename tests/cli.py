"""Run the command line in-process, as a clinic would from the shell."""

import io

from guide.cli import main
from guide.paths import PROJECT


def run(*argv, project=PROJECT):
    out = io.StringIO()
    code = main(list(argv), stdout=out, project=project)
    return code, out.getvalue()
