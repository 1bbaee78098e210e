"""Canonical JSON text: a reference encoder (stdlib) and a fast one (msgspec) that agrees.

The canonical form is the stdlib encoder's: sorted keys, ``,`` and ``:`` with no
spaces, UTF-8 kept as is (``ensure_ascii=False``), NaN and infinities refused.
Content ids and document hashes are SHA-256 of this text, so the fast path
must give the same text, byte for byte, or not be used.

msgspec (the optional ``fast`` extra) agrees with the reference on every value
made only of ``str``, ``int``, ``bool``, ``None``, ``list``, ``tuple`` and
``dict`` with ``str`` keys, of exactly those types: its string escapes are the
reference's (``\\n``, ``\\u001f``, nothing above U+001F escaped), its key order
is code-point order, ints of any size are written in full, and it refuses lone
surrogates (which then fall back). It does not agree on floats (``1e+16``
becomes ``1e16``, NaN becomes ``null``), nor on types the reference refuses
(UUIDs, enums, subclasses): :func:`plain` finds them and the reference encoder
writes that value instead. ``tests/test_codec_fast.py`` checks the agreement
as a property over generated events and JSON values.

Parsing is the mirror: msgspec parses exactly as the stdlib does on all the
text the reference encoder writes (ints of any size included); anything it
refuses (NaN, ``1e400``, lone surrogate escapes) is parsed by the stdlib,
which decides.

Why msgspec and not orjson (``benchmarks/bench_codec.py``): on our events
orjson writes 1.1-1.5x faster, but reads no faster, and it reads ints beyond
64 bits as floats without a word, so reading with it would need a scan of
every text; msgspec alone is one dependency that is exact both ways.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any, Final

_REFERENCE: Final = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)
_parse_reference: Final = json.JSONDecoder().decode

_msgspec: ModuleType | None
try:  # the optional "fast" extra
    import msgspec as _msgspec
except ImportError:  # pragma: no cover - depends on the platform's wheels
    _msgspec = None


def reference_json(data: Any) -> str:
    """The canonical text of ``data`` by the stdlib encoder: the definition of the form."""
    return _REFERENCE.encode(data)


def plain(value: Any) -> bool:
    """Whether ``value`` holds only types on which the fast encoder agrees with the reference.

    Exact ``str``, ``int``, ``bool`` and ``None``, and ``list``, ``tuple`` and
    ``dict`` (``str`` keys) of them; no floats, no subclasses, nothing else.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                return False
            if type(item) is not str and not plain(item):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:  # noqa: SIM110 (a plain loop is faster than all() on a generator)
            if type(item) is not str and not plain(item):
                return False
        return True
    return False


if _msgspec is not None:
    _write: Any = _msgspec.json.Encoder(order="sorted").encode

    def fast_json_bytes(data: Any) -> bytes | None:
        """The canonical UTF-8 bytes of ``data`` by msgspec, or ``None`` where it may differ."""
        if not plain(data):
            return None
        try:
            text: bytes = _write(data)
        except (TypeError, ValueError):  # a lone surrogate, an int too big: the reference decides
            return None
        return text

else:  # pragma: no cover - exercised when msgspec is not installed

    def fast_json_bytes(data: Any) -> bytes | None:
        """Always ``None``: msgspec is not installed, the reference encoder is used."""
        return None


def canonical_bytes(data: Any) -> bytes:
    """The canonical JSON of ``data`` as UTF-8 bytes (fast when possible, same bytes)."""
    fast = fast_json_bytes(data)
    if fast is not None:
        return fast
    return _REFERENCE.encode(data).encode()


def canonical_json(data: Any) -> str:
    """Compact canonical JSON: sorted keys, no spaces, UTF-8 text kept as is."""
    fast = fast_json_bytes(data)
    if fast is not None:
        return fast.decode()
    return _REFERENCE.encode(data)


if _msgspec is not None:
    _parse_fast: Any = _msgspec.json.Decoder().decode

    def parse_json(text: str | bytes) -> Any:
        """The value of JSON ``text``, exactly as :func:`json.loads` gives it."""
        try:
            return _parse_fast(text)
        except Exception:  # NaN, 1e400, "\\ud800", a lone surrogate, bad text: whatever
            return json.loads(text)  # msgspec refuses, the stdlib decides (or says why)

else:  # pragma: no cover - exercised when msgspec is not installed

    def parse_json(text: str | bytes) -> Any:
        """The value of JSON ``text`` (stdlib: msgspec is not installed)."""
        return json.loads(text)


def fast_paths() -> tuple[str, ...]:
    """The fast library in use: ``("msgspec",)``, or ``()`` where it is not installed."""
    return ("msgspec",) if _msgspec is not None else ()
