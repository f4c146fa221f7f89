"""Packages whose public names load on first use (PEP 562), so importing one part of flytecheck
does not import all of it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["attribute_elsewhere", "lazy_names"]


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: name -> the submodule (relative) that defines it."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


def attribute_elsewhere(module: str, name: str, where: dict[str, str]) -> Any:
    """For a module's `__getattr__`: `name` from the module `where` names for it (absolute),
    imported on first use; AttributeError otherwise, as Python raises it."""
    source = where.get(name)
    if source is None:
        msg = f"module {module!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(source), name)
