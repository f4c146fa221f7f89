from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from flytecheck.lint._walk import walk
from flytecheck.lint.rule import Invalid, LintRule


def returns_value(
    node: cst.FunctionDef, gives_nothing: Callable[[cst.BaseExpression], bool] = lambda v: False
) -> bool:
    """Whether the function's own body (not a nested function, lambda or class) returns a
    value other than None; `gives_nothing(value)` names returned expressions that hold none
    (in a workflow, the call of an entity without outputs)."""
    found = False

    def nested(n: cst.CSTNode) -> bool:
        return n is node

    def check(n: cst.CSTNode) -> None:
        nonlocal found
        value = n.value  # type: ignore[attr-defined]
        if value is None or (isinstance(value, cst.Name) and value.value == "None"):
            return
        if not gives_nothing(value):
            found = True

    stop = [lambda n: False]
    walk(node, {"FunctionDef": [nested], "Lambda": stop, "ClassDef": stop, "Return": [check]})
    return found


class MissingReturnAnnotation(LintRule):
    """A task or workflow that returns a value but has no return annotation.

    flytekit builds the outputs from the return annotation; without one it silently drops the
    value. Annotate the return type, or return nothing.
    """

    CODE = "FC102"
    NAME = "missing-return-annotation"
    MESSAGE = "returns a value but has no return annotation, so flytekit drops the value: annotate it (`-> int`)"
    VALID = [
        "from flytekit import task\n@task\ndef t(x: int) -> int:\n    return x\n",
        "from flytekit import task\n@task\ndef t(x: int):\n    print(x)\n",
        "from flytekit import task, workflow\n@task\ndef t(x: int):\n    print(x)\n"
        "@workflow\ndef w(x: int):\n    return t(x=x)\n",
    ]
    INVALID = [Invalid("from flytekit import task\n@task\ndef t(x: int):\n    return x\n")]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is None or node.returns is not None:
            return
        gives_nothing = self._no_outputs if entity.kind == "workflow" else lambda v: False
        if returns_value(node, gives_nothing):
            self.report(node.name)

    def _no_outputs(self, value: cst.BaseExpression) -> bool:
        """In a workflow, `return t(...)` of an entity without outputs returns nothing to
        drop; an entity defined elsewhere is given the benefit of the doubt."""
        if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Name):
            return False
        callee = self.context.by_name.get(value.func.value)
        if callee is None:
            return value.func.value not in self.context.functions
        returns = callee.node.returns
        return returns is None or (
            isinstance(returns.annotation, cst.Name) and returns.annotation.value == "None"
        )
