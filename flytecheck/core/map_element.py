"""One element of a map task, as `flytecheck-map-execute` runs it in a container.

The backend starts one container per element with the map task's inputs (lists, and the
bound inputs as they are). The element's index is the value of the variable named by
`BATCH_JOB_ARRAY_INDEX_VAR_NAME`, plus `BATCH_JOB_ARRAY_INDEX_OFFSET` (as pyflyte-map-execute
computes it); the element's inputs are that item of each mapped list and every bound input;
the mapped task runs on them and its own outputs are written, which the backend gathers into
the map task's lists.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.exceptions.user import FlyteValueException

__all__ = ["MapElement", "array_index", "element_inputs"]

INDEX_VAR = "BATCH_JOB_ARRAY_INDEX_VAR_NAME"
OFFSET_VAR = "BATCH_JOB_ARRAY_INDEX_OFFSET"


@dataclasses.dataclass(frozen=True)
class MapElement:
    """What the map resolver loads: the mapped task and the names of its bound inputs."""

    target: Any
    bound: frozenset[str]

    @property
    def name(self) -> str:
        return f"map task over {self.target.name}"


def _number(variable: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = (
            f"{variable}={text!r} is not a whole number, so no map task element can be picked; "
            "the backend sets it to the element's index (check the pod's environment)"
        )
        raise FlyteValueException(msg) from None


def array_index() -> int:
    """The element's index: `$($BATCH_JOB_ARRAY_INDEX_VAR_NAME) + $BATCH_JOB_ARRAY_INDEX_OFFSET`."""
    variable = os.environ.get(INDEX_VAR, "0")
    offset = _number(OFFSET_VAR, os.environ.get(OFFSET_VAR, "0"))
    return offset + _number(variable, os.environ.get(variable, "0"))


def element_inputs(element: MapElement, inputs: LiteralMap, index: int) -> LiteralMap:
    """The mapped task's inputs for element `index`."""
    out = LiteralMap()
    for name in element.target.interface.inputs:
        if name not in inputs.literals:
            msg = (
                f"{element.name}: input {name!r} is not in inputs.pb; a map task's container "
                f"gets every input ({'bound' if name in element.bound else 'as a list'})"
            )
            raise FlyteValueException(msg)
        literal = inputs.literals[name]
        if name in element.bound:
            out.literals[name].CopyFrom(literal)
            continue
        if literal.WhichOneof("value") != "collection":
            msg = f"{element.name}: input {name!r} is not a list, so it cannot be mapped over"
            raise FlyteValueException(msg)
        items = literal.collection.literals
        if not 0 <= index < len(items):
            msg = (
                f"{element.name}: element {index} was asked for, but input {name!r} has "
                f"{len(items)} element(s) (index from ${INDEX_VAR} and ${OFFSET_VAR})"
            )
            raise FlyteValueException(msg)
        out.literals[name].CopyFrom(items[index])
    return out
