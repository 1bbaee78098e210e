"""Block summaries: the checkpoints of a mergeable projection, kept current under late events.

For a :class:`~timeline.projections.MergeableProjection` the valid-time order
is cut into blocks of about ``k`` records; each block keeps the fold of its
own records (from ``initial()``), and a segment tree over the blocks keeps
the merge of every aligned run of them. The state after the first ``p``
records is the merge of the blocks before the one holding ``p`` (O(log B)
merges, ``B`` blocks) followed by at most ``2k`` applications.

A late event (or a correction or retraction) only changes the size of one
block and marks its fold stale: the next query that reads that block refolds
it (O(k) applications) and updates its O(log B) ancestors. Nothing between
the late event and the query is re-applied. A block that grows past ``2k``
records splits in two, and one left empty is dropped; either re-lays the
tree (O(B) merges), at most once per ``k`` changes to a block, so O(B / k)
merges amortised per change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from timeline.projections._index import ValidTimeIndex
from timeline.projections.projection import MergeableProjection
from timeline.store import Recorded

__all__ = ["BlockSummaries"]

S = TypeVar("S")


class BlockSummaries(Generic[S]):
    """The fold of ``projection`` over blocks of ``index`` (records ``skip`` accepts left out)."""

    __slots__ = (
        "_cap",
        "_dirty",
        "_every",
        "_index",
        "_kinds",
        "_leaves",
        "_p",
        "_sizes",
        "_skip",
        "_sums",
        "_tree",
        "built",
    )

    def __init__(
        self,
        projection: MergeableProjection[S],
        index: ValidTimeIndex,
        *,
        every: int,
        skip: Callable[[Recorded], bool],
        kinds: frozenset[str] | None,
    ) -> None:
        """Summaries of ``projection`` over ``index``, built on the first :meth:`fold`."""
        self._p = projection
        self._index = index
        self._every = every
        self._skip = skip
        self._kinds = kinds
        self.built = False
        """Whether the blocks exist yet (before that, changes cost nothing)."""
        self._sizes: list[int] = []  # block sizes, in valid-time order
        self._sums: list[int] = []  # Fenwick tree over _sizes (1-based)
        self._leaves: list[S] = []  # each block's fold (stale for the blocks in _dirty)
        self._tree: list[S] = []  # segment tree over _leaves
        self._cap = 1
        self._dirty: set[int] = set()  # blocks whose fold is stale

    # -- the blocks ------------------------------------------------------------------------

    def _fold_range(self, state: S, start: int, stop: int) -> S:
        apply, kinds, skip = self._p.apply, self._kinds, self._skip
        for recorded in self._index.ordered.islice(start, stop):
            if kinds is not None and type(recorded.event).kind not in kinds:
                continue
            if skip(recorded):
                continue
            state = apply(state, recorded)
        return state

    def _build(self) -> None:
        size, k = len(self._index.ordered), self._every
        self._sizes = [min(k, size - start) for start in range(0, size, k)] or [0]
        leaves, start = [], 0
        for block_size in self._sizes:
            leaves.append(self._fold_range(self._p.initial(), start, start + block_size))
            start += block_size
        self._leaves = leaves
        self._dirty = set()
        self._layout()
        self.built = True

    def _layout(self) -> None:
        """Lay out the Fenwick and segment trees over the current blocks (O(B) merges)."""
        sizes = self._sizes
        sums = [0] * (len(sizes) + 1)
        for i, size in enumerate(sizes, 1):
            sums[i] += size
            parent = i + (i & -i)
            if parent <= len(sizes):
                sums[parent] += sums[i]
        self._sums = sums
        cap = 1
        while cap < len(sizes):
            cap *= 2
        tree = [self._p.initial()] * (2 * cap)
        tree[cap : cap + len(self._leaves)] = self._leaves
        merge = self._p.merge
        for i in range(cap - 1, 0, -1):
            tree[i] = merge(tree[2 * i], tree[2 * i + 1])
        self._tree = tree
        self._cap = cap

    def _start(self, block: int) -> int:
        """The index of the first record of ``block`` (O(log B))."""
        total, i, sums = 0, block, self._sums
        while i > 0:
            total += sums[i]
            i -= i & -i
        return total

    def _resize(self, block: int, delta: int) -> None:
        i, sums = block + 1, self._sums
        while i < len(sums):
            sums[i] += delta
            i += i & -i
        self._sizes[block] += delta

    def _find(self, index: int) -> int:
        """The block holding the record at ``index`` (the last block for the end)."""
        sums, pos, rest = self._sums, 0, index
        step = 1
        while step * 2 < len(sums):
            step *= 2
        while step:
            nxt = pos + step
            if nxt < len(sums) and sums[nxt] <= rest:
                pos = nxt
                rest -= sums[nxt]
            step //= 2
        return min(pos, len(self._sizes) - 1)

    def changed(self, index: int, delta: int) -> None:
        """The record at ``index`` arrived (``delta`` 1) or left (``delta`` -1)."""
        if not self.built:
            return
        block = self._find(index)
        self._resize(block, delta)
        self._dirty.add(block)
        size = self._sizes[block]
        if size > 2 * self._every:
            half = size // 2
            self._sizes[block : block + 1] = [half, size - half]
            self._leaves[block : block + 1] = [self._leaves[block]] * 2
            self._dirty = {b + 1 if b > block else b for b in self._dirty} | {block, block + 1}
            self._layout()
        elif size == 0 and len(self._sizes) > 1:
            del self._sizes[block]
            del self._leaves[block]
            self._dirty = {b - 1 if b > block else b for b in self._dirty if b != block}
            self._layout()

    def _clean(self, below: int) -> None:
        """Refold the stale blocks before ``below`` and update their ancestors."""
        stale = [b for b in self._dirty if b < below]
        if not stale:
            return
        merge, tree, cap = self._p.merge, self._tree, self._cap
        for block in stale:
            start = self._start(block)
            i = cap + block
            leaf = self._fold_range(self._p.initial(), start, start + self._sizes[block])
            self._leaves[block] = tree[i] = leaf
            i //= 2
            while i:
                tree[i] = merge(tree[2 * i], tree[2 * i + 1])
                i //= 2
            self._dirty.discard(block)

    def _prefix(self, block: int) -> S:
        """The merge of the folds of the blocks before ``block`` (O(log B) merges)."""
        merge, tree = self._p.merge, self._tree
        left, right = self._p.initial(), self._p.initial()
        lo, hi = self._cap, self._cap + block
        while lo < hi:
            if lo & 1:
                left = merge(left, tree[lo])
                lo += 1
            if hi & 1:
                hi -= 1
                right = merge(tree[hi], right)
            lo //= 2
            hi //= 2
        return merge(left, right)

    # -- queries ---------------------------------------------------------------------------

    def fold(self, stop: int) -> tuple[S, int]:
        """The state after the records before the start of the block holding ``stop``.

        Returns that state and the index it stands at (at most ``2k`` before ``stop``).
        """
        if not self.built:
            self._build()
        block = self._find(stop)
        start = self._start(block)
        if stop >= start + self._sizes[block]:  # the end of the order
            block, start = len(self._sizes), start + self._sizes[block]
        self._clean(block)
        return self._prefix(block), start

    @property
    def valid(self) -> int:
        """How many blocks hold a current fold."""
        return len(self._sizes) - len(self._dirty) if self.built else 0
