"""Calls of tasks, workflows and launch plans checked against the callee's signature: within a
file by these rules, across the project's modules by the project index (`lint/_index.py`)
with the same checks, so a mistake reads the same wherever the task is defined."""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from flytecheck.lint._index import entity_calls, imperative_calls
from flytecheck.lint._summary import CallFacts, Signature, problems
from flytecheck.lint.rule import Invalid, LintRule

__all__ = [
    "CALL_RULES",
    "EntityCallRule",
    "MismatchedInputType",
    "MissingInput",
    "UnknownInput",
    "WrongUnpacking",
]


class EntityCallRule(LintRule):
    """Checks the calls of entities this file defines; the project index checks the rest."""

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        context = self.context
        entity = context.entity(node)
        if entity is None or entity.kind not in ("workflow", "dynamic"):
            return
        known = context.signatures
        for call, _entity, facts in entity_calls(context, context.local_callees, only=entity):
            self._check(call, facts, known[facts.callee])

    def check_imperative(self, call: cst.Call, statement: cst.CSTNode) -> None:
        """`wf.add_entity(t, **inputs)` of an imperative workflow, with the same checks."""
        context = self.context
        for found, _statement, facts in imperative_calls(context, context.local_callees):
            if found is call:
                self._check(call, facts, context.signatures[facts.callee])

    def _check(self, call: cst.Call, facts: CallFacts, signature: Signature) -> None:
        for code, message in problems(facts, signature):
            if code == self.CODE:
                self.report(call, message)


_T = "from flytekit import task, workflow\n@task\ndef t(x: int, y: int = 1) -> int:\n    return x\n"
_PAIR = "from typing import Tuple\nfrom flytekit import task, workflow\n@task\ndef t(x: int) -> Tuple[int, str]:\n    return x, ''\n"


class UnknownInput(EntityCallRule):
    """An entity called with an input it does not have (a typo, or a renamed parameter).

    flytekit refuses the call when the workflow body runs; flytecheck finds it while you type,
    also for tasks imported from another module of the project. A misspelt input is one
    finding: this one names the closest input, and FC307 does not report that input missing.
    """

    CODE = "FC306"
    NAME = "unknown-input"
    MESSAGE = "the entity has no such input"
    VALID: ClassVar[list[str]] = [_T + "@workflow\ndef w(a: int) -> int:\n    return t(x=a, y=2)\n"]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(_T + "@workflow\ndef w(a: int) -> int:\n    return t(x=a, z=2)\n")
    ]


class MissingInput(EntityCallRule):
    """An entity called without one of its required inputs.

    flytekit refuses the call when the workflow compiles. An input with a default is not
    required, nor is one typed `Optional[X]` or `X | None`: flytekit binds None to it.
    """

    CODE = "FC307"
    NAME = "missing-input"
    MESSAGE = "a required input is not passed"
    VALID: ClassVar[list[str]] = [
        _T + "@workflow\ndef w(a: int) -> int:\n    return t(x=a)\n",
        _T + "@workflow\ndef w(a: int) -> int:\n    return t(a)\n",
        "from typing import Optional\nfrom flytekit import task, workflow\n@task\ndef t(x: int, y: Optional[int]) -> int:\n    return x\n@workflow\ndef w(a: int) -> int:\n    return t(x=a)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(_T + "@workflow\ndef w(a: int) -> int:\n    return t(y=a)\n")
    ]


class WrongUnpacking(EntityCallRule):
    """An entity's outputs unpacked into another number of names than it has."""

    CODE = "FC308"
    NAME = "wrong-unpacking"
    MESSAGE = "the outputs are unpacked into the wrong number of names"
    VALID: ClassVar[list[str]] = [
        _PAIR + "@workflow\ndef w(a: int) -> int:\n    n, s = t(x=a)\n    return n\n"
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(_PAIR + "@workflow\ndef w(a: int) -> int:\n    n, s, z = t(x=a)\n    return n\n")
    ]


class MismatchedInputType(EntityCallRule):
    """A workflow input of one annotated type passed to an entity input of another: `str`
    into `int`. The backend refuses the binding at registration (MismatchingTypes); flytekit's
    local run does not check it."""

    CODE = "FC309"
    NAME = "mismatched-input-type"
    MESSAGE = "a workflow input is passed to an input of another type"
    VALID: ClassVar[list[str]] = [_T + "@workflow\ndef w(a: int) -> int:\n    return t(x=a)\n"]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(_T + "@workflow\ndef w(a: str) -> int:\n    return t(x=a)\n")
    ]


CALL_RULES: tuple[type[EntityCallRule], ...] = (
    UnknownInput,
    MissingInput,
    WrongUnpacking,
    MismatchedInputType,
)
