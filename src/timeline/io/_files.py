"""Writing files whole or not at all (shared by the exports of :mod:`timeline.io`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import IO, TypeVar

__all__ = ["write_atomically"]

T = TypeVar("T")


def write_atomically(path: str, write: Callable[[IO[str]], T], *, suffix: str) -> T:
    """Call ``write`` on a temporary text file beside ``path``, then rename it into place.

    A reader of ``path`` sees the old file or the whole new one, never half of
    it, and a failure (or an interrupt) leaves ``path`` as it was and removes
    the temporary file. The text is UTF-8 with ``\\n`` line ends on every
    platform. Returns what ``write`` returns.
    """
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".export-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return result
