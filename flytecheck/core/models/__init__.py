"""`flytekit.models`: the literal and type models, which in flytecheck are flyteidl's own
protobuf messages (their constructors take the same keyword arguments as flytekit's models)."""

from __future__ import annotations

from flytecheck.core.models import common, concurrency, documentation, literals, security, types

__all__ = ["common", "concurrency", "documentation", "literals", "security", "types"]
