"""Values of flytekit entities, converted by flytekit itself.

A flytekit entity's inputs and outputs are flytekit's Python types (its FlyteFile,
StructuredDataset, pydantic models, pickles), so they cross between Python and literals
through flytekit's own type engine, and results are packed as flytekit's local run packs them
(a NamedTuple flytekit makes for several outputs). Between nodes flytecheck passes the
literals, which both engines agree on.
"""

from __future__ import annotations

import typing
from typing import Any

from flyteidl.core.literals_pb2 import LiteralMap

__all__ = [
    "fk_context",
    "inputs_to_literals",
    "literals_to_inputs",
    "literals_to_result",
    "result_to_literals",
]


def fk_context() -> Any:
    from flytekit import FlyteContextManager

    return FlyteContextManager.current_context()


def _fk_map(lm: LiteralMap) -> Any:
    from flytekit.models.literals import LiteralMap as FkLiteralMap

    return FkLiteralMap.from_flyte_idl(lm)


def inputs_to_literals(entity: Any, values: dict[str, Any]) -> LiteralMap:
    """A call's inputs (with the entity's defaults) as literals, as flytekit writes them."""
    from flytekit.core.type_engine import TypeEngine

    python = entity.python_interface
    unknown = [n for n in values if n not in python.inputs]
    if unknown:
        from flytecheck.core.exceptions.user import FlyteValidationException

        known = ", ".join(python.inputs) or "none"
        msg = (
            f"{entity.name!r} has no input {', '.join(map(repr, unknown))}: its inputs are "
            f"{known}; call it with those names"
        )
        raise FlyteValidationException(msg)
    given = dict(values)
    for name, (_, default) in python.inputs_with_defaults.items():
        if name not in given and default is not None:
            given[name] = default
    supplied = set(given) | _launch_plan_supplies(entity)
    missing = [n for n, t in python.inputs.items() if n not in supplied and not _optional(t)]
    if missing:
        from flytecheck.core.exceptions.user import FlyteValidationException

        msg = (
            f"{entity.name!r} needs input {', '.join(map(repr, missing))}, which was not "
            f"given: pass {', '.join(f'{n}=...' for n in missing)}"
        )
        raise FlyteValidationException(msg)
    types = {n: python.inputs[n] for n in given}
    lm = TypeEngine.dict_to_literal_map(fk_context(), given, types)
    out: LiteralMap = lm.to_flyte_idl()
    return out


def _launch_plan_supplies(entity: Any) -> set[str]:
    """The inputs a launch plan gives itself: its defaults and its fixed inputs."""
    parameters = getattr(getattr(entity, "parameters", None), "parameters", None)
    if parameters is None:
        return set()
    defaults = {n for n, p in parameters.items() if p.default is not None}
    return defaults | set(entity.fixed_inputs.literals)


def _optional(python_type: Any) -> bool:
    return type(None) in typing.get_args(python_type)


def literals_to_inputs(entity: Any, lm: LiteralMap) -> dict[str, Any]:
    """Input literals as the Python values the entity's function receives."""
    from flytekit.core.type_engine import TypeEngine

    types = {n: t for n, t in entity.python_interface.inputs.items() if n in lm.literals}
    values: dict[str, Any] = TypeEngine.literal_map_to_kwargs(fk_context(), _fk_map(lm), types)
    return values


def literals_to_result(entity: Any, lm: LiteralMap) -> Any:
    """Output literals as a flytekit local run returns them: None, the value, or flytekit's
    NamedTuple."""
    from flytekit.core.promise import Promise, create_native_named_tuple, create_task_output

    python = entity.python_interface
    if not python.outputs:
        return None
    fk = _fk_map(lm)
    promises = [Promise(var=name, val=fk.literals[name]) for name in python.outputs]
    return create_native_named_tuple(fk_context(), create_task_output(promises, python), python)


def result_to_literals(entity: Any, result: Any, subject: str) -> LiteralMap:
    """What a stub of the entity returned, as its output literals (flytekit's conversion,
    so a value of the wrong type fails naming the output)."""
    from flytekit.core.type_engine import TypeEngine

    from flytecheck.core.exceptions.user import TypeTransformerFailedError

    outputs = entity.python_interface.outputs
    names = list(outputs)
    if not names:
        values: dict[str, Any] = {}
    elif len(names) == 1:
        values = {names[0]: result[0] if _is_one_tuple(result, entity) else result}
    elif isinstance(result, tuple) and len(result) == len(names):
        values = dict(zip(names, result, strict=True))
    else:
        msg = (
            f"{subject} returned {result!r}; it declares {len(names)} outputs ({', '.join(names)})"
        )
        raise TypeTransformerFailedError(tuple, result, msg)
    out = LiteralMap()
    ctx = fk_context()
    for name, value in values.items():
        python_type = outputs[name]
        try:
            literal = TypeEngine.to_literal(
                ctx, value, python_type, TypeEngine.to_literal_type(python_type)
            )
        except Exception as e:
            where = f"{subject}, output {name!r}"
            raise TypeTransformerFailedError(python_type, value, str(e), where=where) from e
        out.literals[name].CopyFrom(literal.to_flyte_idl())
    return out


def _is_one_tuple(result: Any, entity: Any) -> bool:
    return bool(entity.python_interface.output_tuple_name) and isinstance(result, tuple)
