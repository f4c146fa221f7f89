"""Interop with other Flyte SDKs (flytekit), imported only when one of their entities is used."""

from __future__ import annotations

__all__: list[str] = []
