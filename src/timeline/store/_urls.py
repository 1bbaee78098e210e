"""Showing a store URL in a message without its password (private to ``timeline.store``)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# key=value pairs of a libpq connection string, and ?password=... in a URL query.
_KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def _shown(url: str) -> str:
    """``url`` with any password replaced by ``***``, for error messages and logs."""
    if "://" not in url:
        return _KEYWORD_PASSWORD.sub(r"\1***", url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<a store URL that cannot be parsed>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{hostport}"
    shown = f"{parts.scheme}://{netloc}{parts.path}"
    if parts.query:
        shown += "?" + _QUERY_PASSWORD.sub(r"\1***", "?" + parts.query)[1:]
    if parts.fragment:
        shown += "#" + parts.fragment
    return shown


def _scrubbed(message: str, url: str) -> str:
    """``message`` (a driver's error) with ``url`` shown by :func:`_shown` and its password gone.

    Drivers quote the URL they could not parse, password and all.
    """
    message = message.replace(url, _shown(url))
    for secret in _passwords(url):
        message = message.replace(secret, "***")
    return message


def _passwords(url: str) -> set[str]:
    """The password written in ``url`` (raw and decoded), if any."""
    found: set[str] = set()
    match = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://([^@/?#]*)@", url)
    if match and ":" in match.group(1):
        found.add(match.group(1).split(":", 1)[1])
    if "?" in url:
        query = url.split("?", 1)[1].split("#", 1)[0]
        found.update(value for key, value in parse_qsl(query) if key.lower() == "password")
        found.update(m.group(0).split("=", 1)[1] for m in _QUERY_PASSWORD.finditer("?" + query))
    for keyword in _KEYWORD_PASSWORD.finditer(url if "://" not in url else ""):
        found.add(keyword.group(2).strip("'"))
    found |= {unquote(secret) for secret in found}
    return {secret for secret in found if secret}
