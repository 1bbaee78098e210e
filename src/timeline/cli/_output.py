"""Writing a command's output: to standard output, or to a file atomically."""

from __future__ import annotations

import os
import sys

from timeline.cli.loading import UsageError


def write(text: str, out: str | None, *, binary_crlf: bool = False) -> None:
    """Write ``text`` to ``out`` (a path, atomically) or to standard output.

    ``binary_crlf`` writes standard output as bytes, so CRLF line ends (iCalendar)
    are not translated.
    """
    if out is None or out == "-":
        if binary_crlf:
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode())
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise UsageError(f"{out}: the folder {directory} does not exist")
    temporary = f"{out}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(temporary, out)
