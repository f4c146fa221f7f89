"""What tasks and workflows share as entities: a full name, a short name, an interface."""

from __future__ import annotations

from typing import Any

from flytecheck.core.interface import Interface

__all__ = ["Entity"]


class Entity:
    """A named entity with an interface (tasks and workflows derive from it)."""

    node_kind = "entity"
    keyword_only = False
    unstubbed: Any = None
    """A method, on entities that run on a cluster only: the error saying to stub them."""
    answer_itself: Any = None
    """A method, on another SDK's entities its own stub answers for."""

    def __init__(self, name: str, interface: Interface) -> None:
        self._name = name
        self._interface = interface

    @property
    def name(self) -> str:
        return self._name

    @property
    def short_name(self) -> str:
        return self._name.rsplit(".", 1)[-1]

    @property
    def interface(self) -> Interface:
        return self._interface

    @property
    def python_interface(self) -> Interface:
        """flytekit's name for the interface (Python types, in declaration order)."""
        return self._interface

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"
