"""The SQLite store under faults: damaged pages, schema drift, a full disk, read-only files.

Each promise here is one of docs/guarantees.md: a fault ends in a library error
(:class:`StoreError` or :class:`StoreFormatError`) naming the file and the
cause, never a raw ``sqlite3`` error and never a short read in silence, and a
failed write leaves the store as it was.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.store.support import ev, evs
from timeline.errors import StoreError, StoreFormatError
from timeline.store import Recorded, SQLiteStore
from timeline.store import sqlite as sqlite_module

V1_DB = Path(__file__).parent.parent / "data" / "v1" / "v1.db"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Recorded]]:
    """A 3,000-event store in three streams, checkpointed into its main file, and its records."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    with SQLiteStore(path, synchronous="NORMAL") as store:
        for chunk in range(30):
            stream = ("idlib", "aleppo", "hama")[chunk % 3]
            store.append(stream, evs(f"e{chunk}-", 100))
        records = list(store.read_all())
    # Closing the last connection checkpoints the WAL into the file and removes it.
    assert not path.with_name("big.db-wal").exists()
    return path, records


def _read_everything(path: Path) -> tuple[int, list[Recorded], list[str], int]:
    with SQLiteStore(path, read_only=True) as store:
        head = store.head
        records = list(store.read_all())
        streams = store.streams()
        by_stream = sum(len(list(store.read(name))) for name in streams)
        return head, records, streams, by_stream


@pytest.mark.parametrize("seed", range(30))
def test_a_damaged_page_is_an_error_or_a_full_correct_read(
    big_store: tuple[Path, list[Recorded]], tmp_path: Path, seed: int
) -> None:
    # The recipe: flip 64 bytes in one page of a 3,000-event store. Before,
    # 8 trials in 30 read 660-2,648 events in silence while head said 3000.
    source, expected = big_store
    path = tmp_path / "damaged.db"
    shutil.copyfile(source, path)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    page_size = 4096
    page = rng.randrange(1, len(data) // page_size)  # not page 0: the header is refused anyway
    offset = page * page_size + rng.randrange(0, page_size - 64)
    for i in range(offset, offset + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    try:
        head, records, streams, by_stream = _read_everything(path)
    except StoreError as error:  # StoreFormatError is one
        failure: StoreError | None = error
    else:
        failure = None
    if failure is not None:
        assert str(path) in str(failure)
        return
    assert head == len(expected) == len(records) == by_stream
    assert records == expected
    assert streams == ["idlib", "aleppo", "hama"]


def _drop_guards(path: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(path, isolation_level=None)
    for name in ("events_refuse_update", "events_refuse_delete", "events_append_only"):
        raw.execute(f"DROP TRIGGER {name}")
    # The kind index reads each row's JSON, so it would refuse the junk written below.
    raw.execute("DROP INDEX events_kind")
    return raw


def test_a_missing_row_is_never_a_short_read(tmp_path: Path) -> None:
    path = tmp_path / "gap.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 5))
    raw = _drop_guards(path)
    raw.execute("DELETE FROM events WHERE position = 3")
    raw.close()
    with SQLiteStore(path, read_only=True) as store:
        assert store.head == 5
        with pytest.raises(StoreFormatError, match=r"position 3 is missing") as info:
            list(store.read_all())
        assert str(path) in str(info.value)
        with pytest.raises(StoreFormatError, match=r"version of stream 'a' 3 is missing"):
            list(store.read("a"))
        assert [r.position for r in store.read_all(after=3)] == [4, 5]
        problems = store.check()
    assert any("position 3 is missing" in p for p in problems)
    assert any("stream 'a': version 3 is missing" in p for p in problems)


def test_a_missing_last_row_of_a_stream_is_found_by_the_check(tmp_path: Path) -> None:
    path = tmp_path / "tail.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 2))
        store.append("b", evs("b", 2))
    raw = _drop_guards(path)
    raw.execute("DELETE FROM events WHERE position = 2")
    raw.close()
    with SQLiteStore(path) as store:
        assert any("position 2 is missing" in p for p in store.check())


def test_a_row_that_is_not_an_event_is_a_store_format_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 3))
    raw = _drop_guards(path)
    raw.execute("UPDATE events SET data = '{not json' WHERE position = 2")
    raw.close()
    with SQLiteStore(path) as store:
        with pytest.raises(StoreFormatError, match="cannot be read"):
            list(store.read_all())
        assert any("position 2: the event cannot be decoded" in p for p in store.check())


def test_the_deep_check_recomputes_content_ids(tmp_path: Path) -> None:
    path = tmp_path / "altered.db"
    with SQLiteStore(path) as store:
        store.append("a", [ev(None, "Nairab taken")])
        (record,) = store.read_all()
        assert store.check(deep=True) == []
    raw = _drop_guards(path)
    text = raw.execute("SELECT data FROM events").fetchone()[0]
    raw.execute("UPDATE events SET data = ?", (text.replace("Nairab", "Saraqeb"),))
    raw.close()
    with SQLiteStore(path) as store:
        assert store.check() == []  # it still decodes, under its own id
        problems = store.check(deep=True)
    assert len(problems) == 1
    assert record.event.id in problems[0]
    assert "content id" in problems[0]


def test_a_sound_store_checks_clean(big_store: tuple[Path, list[Recorded]]) -> None:
    with SQLiteStore(big_store[0], read_only=True) as store:
        assert store.check() == []
        assert store.check(deep=True) == []


def test_the_version_1_fixture_checks_clean(tmp_path: Path) -> None:
    import timeline.conflict  # noqa: F401  (the seed's kinds)

    path = tmp_path / "v1.db"  # a copy: SQLite makes its WAL index beside the file it reads
    shutil.copyfile(V1_DB, path)
    with SQLiteStore(path, read_only=True) as store:
        assert store.check(deep=True) == []


# -- schema drift ----------------------------------------------------------------------------


def _marked(path: Path, *statements: str) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        raw.execute(statement)
    raw.execute(f"PRAGMA application_id = {sqlite_module.APPLICATION_ID}")
    raw.execute(f"PRAGMA user_version = {sqlite_module.SCHEMA_VERSION}")
    raw.close()


def test_our_marker_without_an_events_table_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "drift.db"
    _marked(path, "CREATE TABLE other (x)")
    with pytest.raises(StoreFormatError, match="has no 'events' table") as info:
        SQLiteStore(path)
    assert str(path) in str(info.value)


def test_our_marker_with_other_columns_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "drift.db"
    _marked(path, "CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT, body BLOB)")
    with pytest.raises(StoreFormatError, match=r"other columns \(missing .*data.*unexpected body"):
        SQLiteStore(path)
    with pytest.raises(StoreFormatError, match="other columns"):
        SQLiteStore(path, read_only=True)


# -- a full disk -------------------------------------------------------------------------------


def test_a_full_disk_names_the_cause_and_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    # A real SQLITE_FULL, without mounting a small file system: cap the file's pages.
    path = tmp_path / "full.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 3))
        before = list(store.read_all())
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = [ev(f"big{i}", "x" * 2000) for i in range(50)]
        with pytest.raises(StoreError, match="database or disk is full") as info:
            store.append("a", big)
        assert str(path) in str(info.value)
        assert "no transaction is active" not in str(info.value)
        assert list(store.read_all()) == before
        store._conn.execute("PRAGMA max_page_count = 1073741823")
        assert store.append("a", evs("after", 1)).positions == (4,)


class _FullDisk:
    """A connection whose inserts fail as SQLite fails on a full disk: it rolls back itself."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executemany(self, sql: str, rows: Any) -> None:
        self._conn.execute("ROLLBACK")  # SQLITE_FULL may end the transaction
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize("restore", [False, True])
def test_an_injected_full_disk_is_not_hidden_by_the_rollback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore: bool
) -> None:
    # Was: "cannot rollback - no transaction is active", hiding the cause.
    from timeline.io import export_jsonl, import_jsonl

    path = tmp_path / "full.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 2))
        before = list(store.read_all())
        source = SQLiteStore(tmp_path / "src.db")
        source.append("a", evs("a", 2))
        source.append("a", evs("more", 2))
        export_jsonl(source, tmp_path / "src.jsonl", after=2)
        source.close()
        monkeypatch.setattr(store, "_conn", _FullDisk(store._conn))

        def write() -> object:
            if restore:
                return import_jsonl(store, tmp_path / "src.jsonl")
            return store.append("a", evs("b", 2))

        with pytest.raises(StoreError, match="database or disk is full") as info:
            write()
        assert str(path) in str(info.value)
        monkeypatch.undo()
        assert list(store.read_all()) == before
        assert not store._conn.in_transaction


# -- read-only ---------------------------------------------------------------------------------


def test_a_read_only_open_of_an_empty_file_writes_nothing(tmp_path: Path) -> None:
    # Was: `timeline render e.db` wrote a 24 KB schema into an empty file.
    path = tmp_path / "e.db"
    path.write_bytes(b"")
    with pytest.raises(StoreFormatError, match="never creates one") as info:
        SQLiteStore(path, read_only=True)
    assert str(path) in str(info.value)
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.db"]


def test_a_read_only_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        SQLiteStore(tmp_path / "missing.db", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_appending_to_a_read_only_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 2))
    content = path.read_bytes()
    with SQLiteStore(path, read_only=True) as store:
        assert store.read_only
        with pytest.raises(StoreError, match="opened read-only") as info:
            store.append("a", evs("b", 1))
        assert str(path) in str(info.value)
        assert store.head == 2
    assert path.read_bytes() == content


def test_a_raw_read_only_connection_gives_a_store_error_on_append(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file SQLite cannot write (as root, chmod does not stop writes: use mode=ro).
    path = tmp_path / "ro.db"
    SQLiteStore(path).close()
    connect = sqlite3.connect

    def read_only(target: str, **options: Any) -> sqlite3.Connection:
        return connect(f"file:{target}?mode=ro", uri=True, **options)

    monkeypatch.setattr(sqlite_module.sqlite3, "connect", read_only)
    store = SQLiteStore(path)
    monkeypatch.undo()
    with store, pytest.raises(StoreError, match="read-only") as info:
        store.append("a", evs("a", 1))
    assert str(path) in str(info.value)
    assert not isinstance(info.value.__cause__, type(None))


def test_a_store_in_a_read_only_folder_is_read_as_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Was: "attempt to write a readonly database" just to read.
    path = tmp_path / "store.db"
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 3))
    opened: list[str] = []
    connect = sqlite3.connect

    def spy(target: str, **options: Any) -> sqlite3.Connection:
        opened.append(target)
        return connect(target, **options)

    monkeypatch.setattr(sqlite_module, "folder_writable", lambda path: False)
    monkeypatch.setattr(sqlite_module.sqlite3, "connect", spy)
    with SQLiteStore(path, read_only=True) as store:
        assert store.head == 3
        assert len(list(store.read_all())) == 3
    assert opened
    assert "mode=ro" in opened[0]
    assert "immutable=1" in opened[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.db"]


def test_a_read_only_folder_with_a_pending_write_ahead_log_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read as immutable, the file alone would miss the appends in the log: refuse, not read short.
    path = tmp_path / "store.db"
    writer = SQLiteStore(path)
    writer.append("a", evs("a", 3))
    writer._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.append("a", evs("b", 2))  # these are only in store.db-wal
    assert path.with_name("store.db-wal").stat().st_size > 0
    monkeypatch.setattr(sqlite_module, "folder_writable", lambda path: False)
    with pytest.raises(StoreError, match="write-ahead log holds appends"):
        SQLiteStore(path, read_only=True)
    writer.close()


def test_a_read_only_open_never_migrates(tmp_path: Path) -> None:
    import timeline.conflict  # noqa: F401  (the seed's kinds)

    path = tmp_path / "v1.db"
    shutil.copyfile(V1_DB, path)
    content = path.read_bytes()
    with SQLiteStore(path, read_only=True) as store:
        records = list(store.read_all())
        assert len(records) == 30
        assert all(r.reported_at is None for r in records)
    assert path.read_bytes() == content
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    raw.close()


# -- raw SQLite errors --------------------------------------------------------------------------


class _Failing:
    """A connection whose every statement fails with ``error``."""

    def __init__(self, conn: sqlite3.Connection, error: sqlite3.Error) -> None:
        self._conn, self._error = conn, error
        self.in_transaction = False

    def execute(self, *args: Any) -> Any:
        raise self._error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.DatabaseError("database disk image is malformed"), StoreFormatError),
        (sqlite3.OperationalError("disk I/O error"), StoreError),
        (sqlite3.OperationalError("database is locked"), StoreError),
    ],
)
def test_every_operation_turns_sqlite_errors_into_store_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: sqlite3.Error, expected: type
) -> None:
    path = tmp_path / "s.db"
    store = SQLiteStore(path)
    store.append("a", evs("a", 2))
    monkeypatch.setattr(store, "_conn", _Failing(store._conn, error))
    operations: dict[str, Any] = {
        "head": lambda: store.head,
        "read_all": lambda: list(store.read_all()),
        "read": lambda: list(store.read("a")),
        "streams": store.streams,
        "stream_version": lambda: store.stream_version("a"),
        "get": lambda: store.get("x"),
        "contains": lambda: store.contains("x"),
        "append": lambda: store.append("a", evs("b", 1)),
    }
    for name, operation in operations.items():
        with pytest.raises(expected) as info:
            operation()
        assert str(path) in str(info.value), name
        assert str(error) in str(info.value), name
    monkeypatch.undo()
    store.close()
