"""``PersistentMap``: an immutable mapping whose updates share structure.

A fold keeps its state immutable, so every event produces a new state. With a
plain frozen dict, that copies every entry on every event: a stream of n
events costs O(n²) time, and each checkpoint of a snapshot index holds its own
full copy. A ``PersistentMap`` is a small hash trie (three levels of 32-way
nodes over tiny dict buckets): :meth:`PersistentMap.set` copies three nodes
and one bucket, and the new map shares everything else with the old one.

Reading is the ordinary :class:`~collections.abc.Mapping` interface. Iteration
is in sorted key order, so it does not depend on the order of updates or on
string hashing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar, overload

__all__ = ["PersistentMap"]

V = TypeVar("V")
T = TypeVar("T")

_BITS = 5
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1
_EMPTY_NODE: tuple[Any, ...] = (None,) * _WIDTH


def _slots(key: str) -> tuple[int, int, int]:
    h = hash(key)
    return (h & _MASK, (h >> _BITS) & _MASK, (h >> (2 * _BITS)) & _MASK)


class PersistentMap(Mapping[str, V], Generic[V]):
    """An immutable, hashable mapping with string keys and cheap updates.

    ``PersistentMap({"a": 1}).set("b", 2)`` is a new map; the first one is
    unchanged. Equal to any mapping with the same items (``== {}`` works).
    Values should be immutable (and hashable, for ``hash(map)``).
    """

    __slots__ = ("_hash", "_len", "_root")

    _root: tuple[Any, ...]
    _len: int
    _hash: int | None

    def __init__(self, items: Mapping[str, V] | Iterable[tuple[str, V]] | None = None) -> None:
        """A map holding ``items`` (a mapping or ``(key, value)`` pairs)."""
        self._root = _EMPTY_NODE
        self._len = 0
        self._hash = None
        if items is None:
            return
        pairs = items.items() if isinstance(items, Mapping) else items
        built: PersistentMap[V] = self
        for key, value in pairs:
            built = built.set(key, value)
        self._root, self._len = built._root, built._len

    @classmethod
    def _make(cls, root: tuple[Any, ...], length: int) -> PersistentMap[V]:
        new: PersistentMap[V] = object.__new__(cls)
        new._root = root
        new._len = length
        new._hash = None
        return new

    def set(self, key: str, value: V) -> PersistentMap[V]:
        """A new map with ``key`` set to ``value`` (this map is unchanged)."""
        if not isinstance(key, str):
            raise TypeError(f"PersistentMap keys are strings, got {type(key).__name__}")
        a, b, c = _slots(key)
        root = self._root
        mid = root[a] or _EMPTY_NODE
        low = mid[b] or _EMPTY_NODE
        bucket: dict[str, V] | None = low[c]
        if bucket is not None and key in bucket and bucket[key] is value:
            return self
        grown = 0 if bucket is not None and key in bucket else 1
        new_bucket = dict(bucket) if bucket is not None else {}
        new_bucket[key] = value
        new_low = (*low[:c], new_bucket, *low[c + 1 :])
        new_mid = (*mid[:b], new_low, *mid[b + 1 :])
        new_root = (*root[:a], new_mid, *root[a + 1 :])
        return self._make(new_root, self._len + grown)

    def _bucket(self, key: str) -> dict[str, V] | None:
        a, b, c = _slots(key)
        mid = self._root[a]
        if mid is None:
            return None
        low = mid[b]
        if low is None:
            return None
        bucket: dict[str, V] | None = low[c]
        return bucket

    def __getitem__(self, key: str) -> V:
        bucket = self._bucket(key) if isinstance(key, str) else None
        if bucket is None:
            raise KeyError(key)
        return bucket[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        bucket = self._bucket(key)
        return bucket is not None and key in bucket

    @overload
    def get(self, key: str, /) -> V | None: ...

    @overload
    def get(self, key: str, /, default: V | T) -> V | T: ...

    def get(self, key: str, /, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        bucket = self._bucket(key) if isinstance(key, str) else None
        if bucket is None:
            return default
        return bucket.get(key, default)

    def _buckets(self) -> Iterator[dict[str, V]]:
        for mid in self._root:
            if mid is None:
                continue
            for low in mid:
                if low is None:
                    continue
                for bucket in low:
                    if bucket is not None:
                        yield bucket

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(key for bucket in self._buckets() for key in bucket))

    def __len__(self) -> int:
        return self._len

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Mapping):
            return NotImplemented
        if len(self) != len(other):
            return False
        if isinstance(other, PersistentMap) and self._root is other._root:
            return True
        for bucket in self._buckets():
            for key, value in bucket.items():
                if key not in other or other[key] != value:
                    return False
        return True

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset((k, v) for b in self._buckets() for k, v in b.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"PersistentMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from the items: string hashes differ between processes.
        return (PersistentMap, (dict(self.items()),))
