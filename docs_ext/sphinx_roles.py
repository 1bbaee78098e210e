"""Griffe extension for the docs site: Sphinx cross-reference roles as links.

The library's docstrings use Sphinx roles (``:class:`~timeline.WhenError```,
``:meth:`from_edtf```), which mkdocstrings does not understand and would show
verbatim. This extension rewrites each role into an *optional* autorefs link:
a link when the target is rendered somewhere in the site, plain code when it is
not (for instance ``:func:`timeline.resolve``` before that function exists), so
``mkdocs build --strict`` never fails on a reference.

Loaded from ``mkdocs.yml`` (``extensions: [docs_ext/sphinx_roles.py]``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?P<role>class|meth|func|attr|mod|exc|data|obj):`(?P<tilde>~?)(?P<target>[\w.]+)(?:\(\))?`"
)


class SphinxRoles(griffe.Extension):
    """Turn ``:role:`target``` in docstrings into optional autorefs links."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is None or ":`" not in obj.docstring.value:
            return

        def link(match: re.Match[str]) -> str:
            target = match["target"]
            shown = target.rsplit(".", 1)[-1] if match["tilde"] else target
            if match["role"] in {"meth", "func"}:
                shown += "()"
            identifier = _resolve(obj, target, loader)
            return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'

        obj.docstring.value = _ROLE.sub(link, obj.docstring.value)


def _resolve(obj: griffe.Object, target: str, loader: griffe.GriffeLoader) -> str:
    """The full path of ``target`` as seen from ``obj``: itself, a sibling, or a member."""
    scopes = [obj, *_parents(obj)]
    for scope in scopes:
        try:
            found = scope.get_member(target) if "." not in target else None
        except (KeyError, ValueError, griffe.AliasResolutionError):
            found = None
        if found is not None:
            return str(found.path)
    try:
        return str(loader.modules_collection.get_member(target).path)
    except (KeyError, ValueError, griffe.AliasResolutionError):
        return target


def _parents(obj: griffe.Object) -> list[griffe.Object]:
    parents = []
    current = obj.parent
    while current is not None:
        parents.append(current)
        current = current.parent
    return parents
