"""Loads third-party plugins from the `flytecheck` entry-point group, once, on first need.

Looking for plugins with importlib.metadata costs ~40 ms (it imports the email package to read
distributions' metadata, and pluggy scans every distribution), which a container pays on every
task start. Most environments have no plugin, so the installed distributions' entry_points.txt
files are read first; pluggy loads them only when one declares the group.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pluggy

    from flytecheck.core.types.transformer import TypeTransformer


GROUP = "flytecheck"  # hookspecs.PROJECT, without importing pluggy to know it


def declares_group(group: str) -> bool:
    """Whether an installed distribution declares entry points in `group` (True when it
    cannot tell, so that plugins are then looked for the thorough way)."""
    header = f"[{group}]"
    try:
        for entry in sys.path:
            if not os.path.isdir(entry):
                continue
            for name in os.listdir(entry):
                if not name.endswith((".dist-info", ".egg-info")):
                    continue
                path = os.path.join(entry, name, "entry_points.txt")
                if os.path.isfile(path):
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        if header in fh.read():
                            return True
    except OSError:
        return True
    return False


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
    if not declares_group(GROUP):
        return []
    results = plugin_manager().hook.flytecheck_type_transformers()
    return [t for batch in reversed(results) for t in batch]
