"""Run the command line in-process, as a clinic would from the shell."""

import io

from guide.cli import main


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()
