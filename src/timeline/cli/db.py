"""``timeline db init URL``: create the tables of a store, explicitly and idempotently."""

from __future__ import annotations

import argparse
import sys

from timeline.cli.loading import UsageError
from timeline.store import PostgresStore, open_store, store_kind
from timeline.store.postgres import SCHEMA_VERSION

__all__ = ["cmd_db_init", "configure"]

HELP = "database administration: create the store's tables (timeline db init URL)"
DESCRIPTION = (
    "Administer the database of a store.\n\n"
    "  init URL   create the tables of a timeline store in the PostgreSQL database\n"
    "             at URL (or a SQLite file); safe to run again: an existing store is\n"
    "             left as it is, and a store of a newer schema is refused."
)
EPILOG = (
    "examples:\n"
    "  timeline db init postgresql://admin@db.example.org/timeline\n"
    "  timeline import seeds/idlib-2020.toml postgresql://writer@db.example.org/timeline"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the subcommands of ``timeline db`` to its ``parser``."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    init = actions.add_parser(
        "init",
        help="create the store's tables at URL (idempotent)",
        description="Create the tables of a timeline store at URL, if they are not there.",
        epilog="example:\n  timeline db init postgresql://admin@localhost/timeline",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("url", metavar="URL", help="postgresql://... or a SQLite file")
    init.set_defaults(handler=cmd_db_init)


def cmd_db_init(args: argparse.Namespace) -> int:
    """``timeline db init URL``."""
    url: str = args.url
    kind = store_kind(url)
    if kind == "memory":
        raise UsageError("memory: needs no tables; give a postgresql:// URL or a SQLite file")
    if kind == "sqlite":
        with open_store(url) as store:  # SQLite creates (or checks) its schema on opening
            print(f"{url}: a timeline store ({store.head} events)", file=sys.stderr)
        return 0
    created = PostgresStore.init_schema(url)
    with PostgresStore(url, pool_size=1) as store:
        what = "created a timeline store" if created else "already a timeline store; left as it is"
        print(
            f"{store.location}: {what} (schema version {SCHEMA_VERSION}, {store.head} events)",
            file=sys.stderr,
        )
    return 0
