"""``python -m timeline``: the same command as ``timeline`` (see :mod:`timeline.cli`)."""

import sys

from timeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
