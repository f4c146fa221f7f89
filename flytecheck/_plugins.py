"""Loads third-party plugins from the `flytecheck` entry-point group, once, on first need."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pluggy

    from flytecheck.core.types.transformer import TypeTransformer


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    import pluggy

    from flytecheck import hookspecs

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.load_setuptools_entrypoints(hookspecs.PROJECT)
    return pm


def plugin_transformers() -> list[TypeTransformer[object]]:
    """Every transformer the installed plugins contribute, in registration order."""
    results = plugin_manager().hook.flytecheck_type_transformers()
    return [t for batch in reversed(results) for t in batch]
