"""Type engine throughput against raw protobuf and msgpack, measured in the same run.

Floors: building the collection with protobuf's own `add()` loop, reading its fields back, and
msgpack-packing (unpacking) the same dicts a dataclass list turns into.
"""

from __future__ import annotations

import dataclasses
from typing import List

import msgpack
from flyteidl.core.literals_pb2 import Literal

from bench._harness import Figure
from flytecheck.core import TypeEngine, current_context


@dataclasses.dataclass
class Row:
    id: int
    name: str
    scores: List[float]


def run() -> list[Figure]:
    ctx = current_context()
    ints = list(range(100_000))
    int_type = List[int]

    def floor_build() -> Literal:
        lit = Literal()
        add = lit.collection.literals.add
        for v in ints:
            add().scalar.primitive.integer = v
        return lit

    built = TypeEngine.to_literal(ctx, ints, int_type)
    assert built == floor_build()

    def floor_read() -> list[int]:
        return [x.scalar.primitive.integer for x in built.collection.literals]

    rows = [Row(i, f"row-{i}", [i * 0.5, 1.0, 2.5]) for i in range(10_000)]
    dicts = [{"id": r.id, "name": r.name, "scores": r.scores} for r in rows]
    packb = msgpack.Packer(use_bin_type=True).pack
    packed = [packb(d) for d in dicts]
    row_type = List[Row]
    rows_lit = TypeEngine.to_literal(ctx, rows, row_type)
    assert TypeEngine.to_python_value(ctx, rows_lit, row_type) == rows

    def framed() -> Literal:
        # The same payloads framed as flytekit's collection of binary literals: what any
        # implementation must write, with no validation at all.
        lit = Literal()
        add = lit.collection.literals.add
        for d in dicts:
            binary = add().scalar.binary
            binary.value = packb(d)
            binary.tag = "msgpack"
        return lit

    assert framed() == rows_lit

    return [
        Figure.compare(
            "List[int] x 100,000 to_literal",
            lambda: TypeEngine.to_literal(ctx, ints, int_type),
            floor_build,
            1.5,
            "protobuf add() loop",
        ),
        Figure.compare(
            "List[int] x 100,000 to_python_value",
            lambda: TypeEngine.to_python_value(ctx, built, int_type),
            floor_read,
            1.5,
            "reading the fields",
        ),
        Figure.compare(
            "List[dataclass] x 10,000 to_literal",
            lambda: TypeEngine.to_literal(ctx, rows, row_type),
            lambda: [packb(d) for d in dicts],
            2.0,
            "msgpack pack of the dicts",
        ),
        Figure.compare(
            "  same, against msgpack + protobuf framing",
            lambda: TypeEngine.to_literal(ctx, rows, row_type),
            framed,
            1.0,
            "message API, no checks",
        ),
        Figure.compare(
            "List[dataclass] x 10,000 to_python_value",
            lambda: TypeEngine.to_python_value(ctx, rows_lit, row_type),
            lambda: [msgpack.unpackb(p) for p in packed],
            2.0,
            "msgpack unpack of the dicts",
        ),
        Figure.compare(
            "  same, against protobuf reads + msgpack",
            lambda: TypeEngine.to_python_value(ctx, rows_lit, row_type),
            lambda: [msgpack.unpackb(x.scalar.binary.value) for x in rows_lit.collection.literals],
            2.0,
            "no tag check, no dataclass built",
        ),
    ]
