"""Hypothesis's entry point (group `hypothesis`): called when hypothesis is imported.

It must stay cheap, since it runs in every process that imports hypothesis: it imports nothing
of flytecheck's core and only tells hypothesis how to build flytecheck's own value types, lazily.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    import sys

    being_imported = sys.modules.get("flytecheck.strategies")
    if being_imported is not None and not hasattr(being_imported, "register_type_strategies"):
        return  # flytecheck.strategies imported hypothesis: it registers them when it is done
    from flytecheck.strategies import register_type_strategies

    register_type_strategies()
