"""The hooks through which other packages extend flytecheck.

A plugin is a module (or object) with functions marked `@hookimpl`, announced under the
`flytecheck` entry-point group of its distribution:

    [project.entry-points.flytecheck]
    my_plugin = "my_package.flytecheck_plugin"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from flytecheck.core.types.transformer import TypeTransformer

__all__ = ["PROJECT", "flytecheck_type_transformers", "hookimpl", "hookspec"]

PROJECT = "flytecheck"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def flytecheck_type_transformers() -> list[TypeTransformer[object]]:  # type: ignore[empty-body]
    """Return TypeTransformers to register with the TypeEngine.

    Called once, the first time a type is looked up. A plugin's transformer wins over a
    built-in one for the same Python type.
    """
