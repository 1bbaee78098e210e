"""Store URLs (``timeline.open_store``): every form, PostgreSQL included, and passwords kept out."""

from __future__ import annotations

import string
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.store.postgres_server import fresh_url
from timeline import open_store
from timeline.errors import StoreError, StoreFormatError, StoreInputError
from timeline.store import MemoryStore, PostgresStore, SQLiteStore, store_kind
from timeline.testing import make_events

words = st.text(string.ascii_letters + string.digits + "-_.~!$", min_size=1, max_size=12)
passwords = st.text(
    string.ascii_letters + string.digits + "-_.~!$&'()*+,;=%@:/?#", min_size=4, max_size=20
).filter(lambda p: p.strip("@:/?#%&=") == p)


@given(user=words, password=passwords, host=words)
def test_errors_never_show_the_password(user: str, password: str, host: str) -> None:
    """Law: a URL with a password is shown with ``***`` in its place, user and host kept."""
    secret = quote(password, safe="")
    for url, shown in (
        (f"postgresq1://{user}:{secret}@{host}/db", f"postgresq1://{user}:***@{host}/db"),
        (
            f"postgresq1://{user}@{host}/db?password={secret}&sslmode=require",
            f"postgresq1://{user}@{host}/db?password=***&sslmode=require",
        ),
    ):
        with pytest.raises(StoreError) as caught:
            open_store(url)  # an unknown scheme: refused before any network
        assert repr(shown) in str(caught.value)


def test_memory() -> None:
    with open_store("memory:") as store:
        assert isinstance(store, MemoryStore)
    assert store_kind("memory:") == "memory"


def test_sqlite_urls_and_plain_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = tmp_path / "a.db"
    with open_store(f"sqlite://{absolute}") as store:
        assert isinstance(store, SQLiteStore)
        store.append("s", make_events("a", 2))
    with open_store(str(absolute)) as store, open_store(absolute) as again:
        assert store.head == again.head == 2
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite://relative.db") as store:
        store.append("s", make_events("r", 1))
    with open_store("relative.db") as store:
        assert store.head == 1
    with open_store("sqlite:relative.db") as store:
        assert store.head == 1


def test_postgres_urls() -> None:
    url = fresh_url()
    assert store_kind(url) == "postgres"
    with pytest.raises(StoreFormatError, match="timeline db init"):
        open_store(url)
    PostgresStore.init_schema(url)
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        store.append("s", make_events("p", 3))
    with open_store(url.replace("postgresql://", "postgres://", 1)) as store:
        assert store.head == 3


@pytest.mark.parametrize(
    "url",
    ["mysql://root:hunter2@localhost/x", "http://example.org/x.db", "sqlite://", ""],
)
def test_unknown_forms_list_what_is_accepted(url: str) -> None:
    with pytest.raises(StoreError, match=r"expected sqlite:///path.db, .*postgresql://") as caught:
        open_store(url)
    assert "hunter2" not in str(caught.value)


def test_a_url_must_be_a_str_or_path() -> None:
    with pytest.raises(StoreInputError, match="not int"):
        open_store(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://me:s3cr%40t@[::1/db",  # the driver quotes the URL it cannot parse
        "postgresql://me:s3cr%40t@host:notaport/db",
        "postgresql:///db?sslmode=bogus&password=s3cr%40t",
    ],
)
def test_driver_errors_do_not_leak_the_password(url: str) -> None:
    with pytest.raises(StoreError, match="cannot connect to") as caught:
        open_store(url)
    assert "s3cr" not in str(caught.value)
    assert "Traceback" not in str(caught.value)
