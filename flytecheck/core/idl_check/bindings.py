"""Bindings, checked as the backend checks them: each input bound once to something of a
castable type, each required input bound, and an edge from every node a promise reads."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from flyteidl.core import interface_pb2, literals_pb2
from flyteidl.core.types_pb2 import LiteralType, SimpleType

from flytecheck.core._casting import (
    a_type,
    binary_into_struct,
    castable,
    is_none_type,
    literal_type_name,
    mismatch,
    scalar_type,
)
from flytecheck.core.idl_check._scope import END, START, Direction, Scope

__all__ = ["is_optional", "promise_sources", "source_of", "validate_bindings"]

_INDEXED = re.compile(r"^(?P<name>[^\[\]]*)(\[(?P<index>\d+)\])?$")


def is_optional(lt: LiteralType) -> bool:
    """A union with a None variant: an input the backend lets go unbound."""
    if lt.WhichOneof("type") != "union_type":
        return False
    return any(is_none_type(v) for v in lt.union_type.variants)


def source_of(promise: literals_pb2.OutputReference) -> str:
    """A promise as the graph shows it: `wf.x`, `n1.o0`, `n1.o0.field[2]`."""
    path = "".join(
        f".{a.string_value}" if a.WhichOneof("value") == "string_value" else f"[{a.int_value}]"
        for a in promise.attr_path
    )
    return f"{promise.node_id or 'wf'}.{promise.var}{path}"


def promise_sources(bindings: Sequence[literals_pb2.Binding]) -> list[str]:
    """The node ids the promises in these bindings read (the start node for "")."""
    found: list[str] = []
    pending = [b.binding for b in bindings]
    while pending:
        data = pending.pop()
        kind = data.WhichOneof("value")
        if kind == "promise":
            found.append(data.promise.node_id or START)
        elif kind == "collection":
            pending.extend(data.collection.bindings)
        elif kind == "map":
            pending.extend(data.map.bindings.values())
    return found


def _what(node_id: str) -> str:
    return "workflow output" if node_id == END else "input"


def validate_bindings(
    scope: Scope,
    node_id: str,
    bindings: Sequence[literals_pb2.Binding],
    params: interface_pb2.VariableMap | None,
    direction: Direction = Direction.BOTH,
) -> dict[str, LiteralType]:
    """Check a node's bindings against the inputs it declares (`params`; None when the node's
    inputs are whatever it binds, as for a branch or an approve gate) and record their edges.
    Returns the type each bound input resolved to."""
    resolved: dict[str, LiteralType] = {}
    bound: set[str] = set()
    what = _what(node_id)
    for binding in bindings:
        param = params.variables.get(binding.var) if params is not None else None
        if params is not None and param is None:
            known = ", ".join(sorted(params.variables)) or "none"
            scope.error(
                "VariableNameNotFound",
                node_id,
                f"binds {binding.var!r}, which is not an {what} of it (its {what}s: {known}); "
                "rename the argument or remove it",
                binding.var,
            )
        elif not binding.HasField("binding"):
            scope.error(
                "ValueRequired",
                node_id,
                f"{what} {binding.var!r} has an empty binding; bind it to a value or a promise",
                binding.var,
            )
        elif binding.var in bound:
            scope.error(
                "ParameterBoundMoreThanOnce",
                node_id,
                f"{what} {binding.var!r} is bound more than once; bind each {what} once",
                binding.var,
            )
        else:
            bound.add(binding.var)
            expected = param.type if param is not None else None
            checker = _Binding(scope, node_id, binding.var, expected is not None)
            found = checker.check(binding.binding, expected or LiteralType())
            if found is not None:
                resolved[binding.var] = found
            for up in checker.upstream:
                scope.edge(up, node_id, direction)
    if params is not None:
        for name, variable in sorted(params.variables.items()):
            if name in bound or is_optional(variable.type):
                continue
            type_name = literal_type_name(variable.type)
            advice = (
                "return a value for it from the workflow"
                if node_id == END
                else "pass a value for it, or give it a default (Optional inputs may go unbound)"
            )
            scope.error(
                "ParameterNotBound",
                node_id,
                f"{what} {name!r} ({type_name}) is not bound; {advice}",
                name,
            )
    return resolved


class _Binding:
    """One input's binding data, checked against the expected type, recursively through
    lists, dicts and unions."""

    def __init__(self, scope: Scope, node_id: str, var: str, typed: bool) -> None:
        self.scope = scope
        self.node_id = node_id
        self.var = var
        self.typed = typed
        self.upstream: list[str] = []

    def error(self, code: str, message: str) -> None:
        self.scope.error(code, self.node_id, message, self.var)

    @property
    def what(self) -> str:
        return f"{_what(self.node_id)} {self.var!r}"

    def check(self, data: literals_pb2.BindingData, expected: LiteralType) -> LiteralType | None:
        kind = data.WhichOneof("value")
        if kind in ("collection", "map") and expected.WhichOneof("type") == "union_type":
            return self._into_union(data, expected)
        if kind == "collection":
            return self._collection(data.collection.bindings, expected)
        if kind == "map":
            return self._map(data.map.bindings, expected)
        if kind == "promise":
            return self._promise(data.promise, expected)
        if kind == "scalar":
            return self._scalar(data.scalar, expected)
        if kind == "offloaded_metadata":
            return self._typed(
                data.offloaded_metadata.inferred_type, expected, "an offloaded literal"
            )
        self.error(
            "MismatchingBindings",
            f"{self.what} has a binding with no value; bind it to a literal or a promise",
        )
        return None

    def _into_union(
        self, data: literals_pb2.BindingData, expected: LiteralType
    ) -> LiteralType | None:
        matches: list[tuple[LiteralType, LiteralType | None]] = []
        for variant in expected.union_type.variants:
            trial = _Binding(self.scope.trial(), self.node_id, self.var, self.typed)
            found = trial.check(data, variant)
            if not trial.scope.errors:
                matches.append((variant, found))
                self.upstream.extend(trial.upstream)
        shape = "list" if data.WhichOneof("value") == "collection" else "dict"
        union = a_type(expected)
        if len(matches) > 1:
            first, second = (literal_type_name(m[0]) for m in matches[:2])
            self.error(
                "AmbiguousBindingUnionValue",
                f"{self.what} is {union}, and the {shape} bound to it fits both {first} and "
                f"{second}; the backend cannot choose: pass a value of one variant (build it in "
                "a task) or narrow the union",
            )
            return None
        if not matches:
            self.error(
                "IncompatibleBindingUnionValue",
                f"{self.what} is {union}, and the {shape} bound to it fits none of its "
                "variants; pass a value of one of them",
            )
            return None
        return matches[0][1]

    def _collection(
        self, items: Sequence[literals_pb2.BindingData], expected: LiteralType
    ) -> LiteralType | None:
        if expected.WhichOneof("type") != "collection_type":
            if not self.typed:
                return self._each(items, LiteralType(), "collection_type")
            self._mismatching(expected, "list")
            return None
        return self._each(items, expected.collection_type, "collection_type")

    def _map(
        self, items: Mapping[str, literals_pb2.BindingData], expected: LiteralType
    ) -> LiteralType | None:
        values = list(items.values())
        if expected.WhichOneof("type") != "map_value_type":
            if not self.typed:
                return self._each(values, LiteralType(), "map_value_type")
            self._mismatching(expected, "dict")
            return None
        return self._each(values, expected.map_value_type, "map_value_type")

    def _each(
        self, items: Sequence[literals_pb2.BindingData], inner: LiteralType, field: str
    ) -> LiteralType:
        sub: LiteralType | None = None
        for item in items:
            found = self.check(item, inner)
            if found is not None:
                sub = found
        result = LiteralType()
        getattr(result, field).CopyFrom(sub or LiteralType(simple=SimpleType.NONE))
        return result

    def _mismatching(self, expected: LiteralType, shape: str) -> None:
        self.error(
            "MismatchingBindings",
            f"{self.what} takes {a_type(expected)}, but is bound to a {shape} of "
            f"values; only list and dict inputs take list and dict bindings: pass one "
            f"{literal_type_name(expected)}",
        )

    def _promise(
        self, ref: literals_pb2.OutputReference, expected: LiteralType
    ) -> LiteralType | None:
        scope = self.scope
        up = ref.node_id or START
        if up not in scope.nodes:
            self.error(
                "NodeReferenceNotFound",
                f"{self.what} reads {source_of(ref)}, but the workflow has no node "
                f"{ref.node_id!r}; bind it to an output of a node the workflow has",
            )
            return None
        self.upstream.append(up)
        parsed = _INDEXED.match(ref.var)
        if parsed is None:
            self.error(
                "SyntaxError",
                f"{self.what} reads output {ref.var!r} of {up}, which is not a variable name "
                "(`o0`, or `o0[2]` for an element); fix the reference",
            )
            return None
        iface = scope.interfaces.get(up)
        if iface is None:
            return None  # the node's own error says why it has no interface
        outputs = iface.outputs.variables
        name = parsed.group("name")
        param = outputs.get(name)
        if param is None:
            known = ", ".join(sorted(outputs)) or "none"
            origin = (
                "the workflow has no input" if up == START else f"{scope.label(up)} has no output"
            )
            self.error(
                "VariableNameNotFound",
                f"{self.what} reads {source_of(ref)}, but {origin} {name!r} (there: {known}); "
                "use one of those names",
            )
            return None
        source_type = param.type
        if parsed.group("index") is not None:
            if source_type.WhichOneof("type") != "collection_type":
                self._mismatch(ref, source_type, expected)
                return None
            source_type = source_type.collection_type
        for attr in ref.attr_path:
            kind = source_type.WhichOneof("type")
            if kind == "collection_type":
                source_type = source_type.collection_type
            elif kind == "map_value_type":
                source_type = source_type.map_value_type
            elif source_type.structure.dataclass_type:
                fields = source_type.structure.dataclass_type
                field = attr.string_value
                if field not in fields:
                    known = ", ".join(sorted(fields))
                    self.error(
                        "FieldNotFound",
                        f"{self.what} reads {source_of(ref)}, but {ref.var} is a "
                        f"{literal_type_name(source_type)} with no field {field!r} (its fields: "
                        f"{known}); use one of those",
                    )
                    return None
                source_type = fields[field]
        if self.typed and not castable(source_type, expected):
            self._mismatch(ref, source_type, expected)
            return None
        return param.type

    def _mismatch(
        self, ref: literals_pb2.OutputReference, found: LiteralType, expected: LiteralType
    ) -> None:
        self.error("MismatchingTypes", mismatch(self.what, expected, source_of(ref), found))

    def _scalar(self, scalar: literals_pb2.Scalar, expected: LiteralType) -> LiteralType | None:
        found = scalar_type(scalar)
        if found is None:
            kind = scalar.WhichOneof("value") or "empty"
            self.error(
                "UnrecognizedValue",
                f"{self.what} is bound to a literal the backend cannot type ({kind} scalar); "
                "bind a value of the input's type",
            )
            return None
        if binary_into_struct(scalar, expected):
            found = expected
        if self._typed(found, expected, "a literal") is None:
            return None
        if expected.WhichOneof("type") == "enum_type":
            value = scalar.primitive.string_value
            if value not in expected.enum_type.values:
                self.error(
                    "IllegalEnumValue",
                    f"{self.what} takes one of {list(expected.enum_type.values)}, not "
                    f"{value!r}; use one of those values",
                )
                return None
        return found

    def _typed(self, found: LiteralType, expected: LiteralType, what: str) -> LiteralType | None:
        if self.typed and not castable(found, expected):
            self.error(
                "MismatchingTypes",
                f"{self.what} takes {literal_type_name(expected)}, but is bound to {what} of "
                f"type {literal_type_name(found)}; pass a value of type "
                f"{literal_type_name(expected)}",
            )
            return None
        return found
