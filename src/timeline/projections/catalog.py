"""The catalog projection: sources, actors, places and stream settings, as the record holds them.

The fold itself lives in :mod:`timeline.store.catalog`, below the projections,
because the store checks an append against it (a cited source must be
declared once a store declares sources). It is the same :class:`Catalog`.
"""

from timeline.store.catalog import Catalog, Declared

__all__ = ["Catalog", "Declared"]
