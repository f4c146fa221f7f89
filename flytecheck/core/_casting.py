"""Which Flyte types a value may flow between: the backend's binding rules.

flytepropeller checks every binding of a workflow at registration: the upstream type must be
castable to the downstream input's type. flytekit's local run never checks, so a workflow can
pass its tests and fail to register; flytecheck applies the same rules when it compiles.
"""

from __future__ import annotations

from flyteidl.core.types_pb2 import LiteralType, SimpleType

__all__ = ["castable"]


def _kind(lt: LiteralType) -> str | None:
    kind: str | None = lt.WhichOneof("type")
    return kind


def castable(upstream: LiteralType, downstream: LiteralType) -> bool:
    """Whether a value of type `upstream` may be bound to an input of type `downstream`."""
    down, up = _kind(downstream), _kind(upstream)
    if down == "union_type":
        variants = downstream.union_type.variants
        if up == "union_type":
            return all(castable(u, downstream) for u in upstream.union_type.variants)
        return any(castable(upstream, v) for v in variants)
    if up == "union_type":
        return False
    if up == "enum_type":
        if down == "simple":
            return bool(downstream.simple == SimpleType.STRING)
        if down == "enum_type":
            return set(upstream.enum_type.values) <= set(downstream.enum_type.values)
        return False
    if up != down:
        return False
    if up == "collection_type":
        return castable(upstream.collection_type, downstream.collection_type)
    if up == "map_value_type":
        return castable(upstream.map_value_type, downstream.map_value_type)
    if up == "simple":
        if upstream.simple != downstream.simple:
            return False
        if upstream.simple == SimpleType.STRUCT:
            return _structs(upstream, downstream)
        return True
    if up == "blob":
        same_shape = upstream.blob.dimensionality == downstream.blob.dimensionality
        formats = {upstream.blob.format, downstream.blob.format}
        return same_shape and (len(formats) == 1 or "" in formats)
    if up == "schema":
        up_cols = {(c.name, c.type) for c in upstream.schema.columns}
        down_cols = {(c.name, c.type) for c in downstream.schema.columns}
        return not down_cols or down_cols <= up_cols
    return bool(upstream == downstream)


def _structs(upstream: LiteralType, downstream: LiteralType) -> bool:
    """Dataclasses: every field the downstream reads must exist upstream with a castable type."""
    down_fields = downstream.structure.dataclass_type
    up_fields = upstream.structure.dataclass_type
    if not down_fields or not up_fields:
        return True
    return all(
        name in up_fields and castable(up_fields[name], t) for name, t in down_fields.items()
    )
