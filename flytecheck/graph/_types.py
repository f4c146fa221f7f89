"""Readable names for Flyte LiteralTypes: what a graph shows next to each input and output."""

from __future__ import annotations

from flytecheck.core._casting import literal_type_name

__all__ = ["literal_type_name"]
