"""Reading a dataset's CSV file (plain or gzipped) as rows with their line numbers, and its cells.

Shared by the datasets of :mod:`timeline.io.datasets`. The file is read as a
stream: one row in memory at a time, whatever its size.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
from collections.abc import Iterator, Mapping
from typing import IO

import attrs

from timeline.errors import DatasetError

__all__ = ["CsvFile", "Row", "count_of", "digest_of", "expected", "file_name"]

_GZIP_MAGIC = b"\x1f\x8b"

# A GED row holds a few kilobytes of source references; csv's default limit
# (128 KiB a field) is kept, since a larger field is a broken file, not data.


@attrs.frozen(slots=True)
class Row:
    """One data row: the 1-based line it starts on and its cells, as written."""

    line: int
    values: list[str]


def file_name(source: str | os.PathLike[str] | IO[str]) -> str:
    """The name errors and reports use for ``source``."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def digest_of(values: list[str]) -> str:
    """A short fingerprint of a row's cells (16 hex digits of BLAKE2b), to compare releases."""
    joined = "\x1f".join(values).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=8).hexdigest()


class CsvFile:
    """A CSV file opened for reading: its header and a stream of :class:`Row`.

    ``with CsvFile(path) as data: for row in data.rows(): ...``. A path ending
    in ``.gz`` (or any file that starts like one) is decompressed on the fly.
    A text file object is read as it is.
    """

    def __init__(self, source: str | os.PathLike[str] | IO[str]) -> None:
        """Open ``source`` and read its header line."""
        self.name = file_name(source)
        self._owned: IO[str] | None = None
        if isinstance(source, str | os.PathLike):
            handle = self._owned = _open_text(os.fspath(source))
        else:
            handle = source
        self._reader = csv.reader(handle)
        try:
            header = next(self._reader, None)
        except (csv.Error, UnicodeDecodeError, OSError, EOFError) as error:
            self.close()
            raise DatasetError(self.name, f"cannot read line 1 as CSV: {error}") from error
        if not header:
            self.close()
            raise DatasetError(self.name, "the file is empty; expected a header line of columns")
        self.header: list[str] = [cell.strip() for cell in header]

    def rows(self) -> Iterator[Row]:
        """The data rows, skipping blank lines; a file that breaks off raises DatasetError."""
        reader = self._reader
        while True:
            line = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError, OSError, EOFError) as error:
                raise DatasetError(
                    self.name, f"line {line}: cannot read the file as CSV: {error}"
                ) from error
            if values:
                yield Row(line, values)

    def close(self) -> None:
        """Close the file if this object opened it."""
        if self._owned is not None:
            self._owned.close()
            self._owned = None

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_text(path: str) -> IO[str]:
    if not os.path.isfile(path):
        raise DatasetError(path, "no such file")
    with open(path, "rb") as probe:
        compressed = probe.read(2) == _GZIP_MAGIC
    raw: IO[bytes] = (
        gzip.open(path, "rb") if compressed else open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
    )
    # utf-8-sig: a spreadsheet's byte-order mark is not part of the first column's name.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def expected(row: Mapping[str, str], column: str, accepted: str) -> str:
    """Why a row's ``column`` is refused: its value, and what would be ``accepted``."""
    return f"{row[column]!r} is not a valid {column}; expected {accepted}"


def count_of(text: str) -> int | None:
    """A cell as a count (``None`` if it is not a whole number >= 0).

    A spreadsheet or R's readr may write ``4.0`` or ``1e+05``.
    """
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and value >= 0 else None
