"""Optional[T] and Union[...]: a union literal that records which variant it holds.

Each variant's LiteralType carries `structure.tag` = its transformer's name, as flytekit writes
it (the tag replaces the variant's structure). A value must match exactly one variant: none is an
error listing the variants, two is an ambiguity error (flytekit's rule), since the reader could
not tell which was meant.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, TypeStructure

from flytecheck.core.exceptions.user import TypeTransformerFailedError, type_name
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = ["UnionTransformer"]


def tagged(literal_type: LiteralType, tag: str) -> LiteralType:
    """A copy of `literal_type` whose structure is only the union tag."""
    out = LiteralType()
    out.CopyFrom(literal_type)
    out.structure.CopyFrom(TypeStructure(tag=tag))
    return out


class UnionTransformer(CodecTransformer[Any]):
    def __init__(self) -> None:
        super().__init__("Typed Union", typing.Union)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "union_type":
            variants = tuple(
                TypeEngine.guess_python_type(v) for v in literal_type.union_type.variants
            )
            return typing.Union[variants]  # noqa: UP007 - built from a runtime tuple
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        variants = [resolve(arg) for arg in typing.get_args(python_type)]
        cache: list[list[LiteralType]] = []

        def tags() -> list[LiteralType]:
            if not cache:
                cache.append([tagged(v.literal_type, v.transformer.name) for v in variants])
            return cache[0]

        def literal_type() -> LiteralType:
            lt = LiteralType()
            lt.union_type.variants.extend(tags())
            return lt

        names = " | ".join(type_name(v.python_type) for v in variants)

        def no_match(
            v: Any, errors: list[TypeTransformerFailedError]
        ) -> TypeTransformerFailedError:
            why = "; ".join(str(e.reason or type_name(e.expected)) for e in errors if e.reason)
            reason = f"it matches none of {names}" + (f" ({why})" if why else "")
            return TypeTransformerFailedError(python_type, v, reason)

        def encode(v: Any, lit: Literal) -> None:
            matched: list[tuple[int, Literal]] = []
            errors: list[TypeTransformerFailedError] = []
            for i, variant in enumerate(variants):
                trial = Literal()
                try:
                    variant.encode(v, trial)
                except TypeTransformerFailedError as err:
                    errors.append(err)
                    continue
                matched.append((i, trial))
            if not matched:
                raise no_match(v, errors)
            twins = _same_shape(variants, matched[0][0]) if len(matched) == 1 else []
            if twins:
                matched += [(j, Literal()) for j in twins]
            if len(matched) > 1:
                both = ", ".join(type_name(variants[i].python_type) for i, _ in matched)
                reason = f"ambiguous: it fits {both}; make the variants distinguishable"
                raise TypeTransformerFailedError(python_type, v, reason)
            i, trial = matched[0]
            union = lit.scalar.union
            union.value.CopyFrom(trial)
            union.type.CopyFrom(tags()[i])

        def decode(lit: Literal) -> Any:
            scalar = lit.scalar
            if scalar.WhichOneof("value") == "union":
                stored = scalar.union.type
                by_tag = [
                    i for i, v in enumerate(variants) if v.transformer.name == stored.structure.tag
                ]
                order = [i for i in by_tag if tags()[i] == stored] if len(by_tag) > 1 else by_tag
                return _first(python_type, variants, order, scalar.union.value)
            return _first(python_type, variants, list(range(len(variants))), lit)

        def to_plain(v: Any) -> Any:
            errors = []
            for variant in variants:
                try:
                    return variant.to_plain(v)
                except TypeTransformerFailedError as err:
                    errors.append(err)
            raise no_match(v, errors)

        def from_plain(v: Any) -> Any:
            errors = []
            exact = [c for c in variants if c.exact is type(v)]
            for variant in exact + [c for c in variants if c not in exact]:
                try:
                    return variant.from_plain(v)
                except TypeTransformerFailedError as err:
                    errors.append(err)
            raise no_match(v, errors)

        return Codec(python_type, literal_type, self, encode, decode, to_plain, from_plain)


def _shape(python_type: Any) -> Any:
    if not dataclasses.is_dataclass(python_type):
        return None
    return tuple((f.name, f.type) for f in dataclasses.fields(python_type))


def _same_shape(variants: list[Codec], i: int) -> list[int]:
    """The other dataclass variants with the same fields (names and types) as variant `i`:
    flytekit accepts a value for either, and refuses the union value as ambiguous, because a
    reader could not tell them apart."""
    shape = _shape(variants[i].python_type)
    if shape is None:
        return []
    return [j for j, v in enumerate(variants) if j != i and _shape(v.python_type) == shape]


def _first(python_type: Any, variants: list[Codec], order: list[int], lit: Literal) -> Any:
    tried = set()
    for i in order + list(range(len(variants))):
        if i in tried:
            continue
        tried.add(i)
        try:
            return variants[i].decode(lit)
        except TypeTransformerFailedError:
            continue
    raise literal_mismatch(python_type, lit)
