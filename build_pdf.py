#!/usr/bin/env python3
"""Build the withdrawal-guide pamphlets. See README.md, or run with --help."""

import sys

from guide.cli import main

if __name__ == "__main__":
    sys.exit(main())
