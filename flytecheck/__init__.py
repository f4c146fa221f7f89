"""flytecheck: testing and static analysis for Flyte workflows."""

from __future__ import annotations

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    # importlib.metadata costs ~40 ms to import: resolve the version only when asked for.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("flytecheck")
        except PackageNotFoundError:  # pragma: no cover - only from a bare source tree
            return "0.0.0"
    msg = f"module 'flytecheck' has no attribute {name!r}"
    raise AttributeError(msg)
