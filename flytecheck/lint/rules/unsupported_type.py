from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule
from flytecheck.lint.rules._annotations import head, signature_types, walk_annotation

_BARE = {
    "list": "a bare list has no element type: say List[int]",
    "List": "a bare List has no element type: say List[int]",
    "tuple": "a tuple cannot be stored as a value: use List[T] or a dataclass",
    "set": "sets have no Flyte type: use List[T]",
    "frozenset": "frozensets have no Flyte type: use List[T]",
    "bytes": "raw bytes have no Flyte type: write them to a FlyteFile",
    "bytearray": "raw bytes have no Flyte type: write them to a FlyteFile",
    "object": "object has no Flyte type: use a dataclass",
    "Callable": "functions cannot cross a task boundary",
    "Iterator": "a bare Iterator has no element type: say Iterator[str]",
    "Iterable": "iterables have no Flyte type: use List[T] (or Iterator[T] for a stream)",
    "Generator": "generators cannot cross a task boundary: annotate Iterator[T] or List[T]",
}
_SUBSCRIPTED = {
    "Tuple": "a Tuple can only be a return annotation (several outputs); as a value use List[T] or a dataclass",
    "tuple": "a tuple can only be a return annotation (several outputs); as a value use List[T] or a dataclass",
    "Set": "sets have no Flyte type: use List[T]",
    "set": "sets have no Flyte type: use List[T]",
    "FrozenSet": "frozensets have no Flyte type: use List[T]",
    "frozenset": "frozensets have no Flyte type: use List[T]",
    "Callable": "functions cannot cross a task boundary",
    "Iterable": "iterables have no Flyte type: use List[T] (or Iterator[T] for a stream)",
    "Generator": "generators cannot cross a task boundary: annotate Iterator[T] or List[T]",
}


class UnsupportedType(LintRule):
    """A type Flyte cannot store in a task or workflow signature.

    Bare `list`/`tuple`/`Iterator`, `Tuple[...]` as a value, `set`, `frozenset`, `bytes`,
    `Callable`, `Iterable`, `Generator`, `object`, or an Enum whose values are not all strings:
    flytekit pickles some, refuses others at registration. Use the supported type the message
    names. (`Iterator[T]` is supported: flytekit streams it as a list.)
    """

    CODE = "FC201"
    NAME = "unsupported-type"
    MESSAGE = "this type has no Flyte literal"
    VALID = [
        "from typing import List, Tuple\nfrom flytekit import task\n@task\ndef t(x: List[int]) -> Tuple[int, str]:\n    return 1, 'a'\n",
        "from typing import Iterator\nfrom flytekit import task\n@task\ndef t(x: int) -> Iterator[str]:\n    yield 'a'\n",
    ]
    INVALID = [
        Invalid("from flytekit import task\n@task\ndef t(x: set) -> int:\n    return 0\n"),
        Invalid(
            "from typing import Tuple\nfrom flytekit import task\n@task\ndef t(x: Tuple[int, int]) -> int:\n    return 0\n"
        ),
        Invalid(
            "import enum\nfrom flytekit import task\nclass E(enum.Enum):\n    A = 1\n@task\ndef t(e: E) -> None:\n    pass\n"
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for annotation, is_return in signature_types(node):
            for expr, top in walk_annotation(annotation):
                name = head(expr)
                subscripted = isinstance(expr, cst.Subscript)
                if top and is_return and name in ("Tuple", "tuple") and subscripted:
                    continue
                reason = (_SUBSCRIPTED if subscripted else _BARE).get(name)
                if reason is None and not subscripted:
                    reason = self._enum(name)
                if reason is not None:
                    self.report(expr, f"{name}: {reason}")

    def _enum(self, name: str) -> str | None:
        values = self.context.enum_values(name)
        if values and not all(
            isinstance(v, (cst.SimpleString, cst.ConcatenatedString)) for v in values
        ):
            return "Flyte enums hold strings: give every member a str value"
        return None
