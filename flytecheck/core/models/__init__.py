"""`flytekit.models`: the literal and type models, which in flytecheck are flyteidl's own
protobuf messages (their constructors take the same keyword arguments as flytekit's models)."""

from __future__ import annotations

from flytecheck.core.models import documentation, literals, types

__all__ = ["documentation", "literals", "types"]
