from __future__ import annotations

import libcst as cst

from flytecheck.lint._walk import walk
from flytecheck.lint.rule import Invalid, LintRule


def returns_value(node: cst.FunctionDef) -> bool:
    """Whether the function's own body (not a nested function, lambda or class) returns a
    value other than None."""
    found = False

    def nested(n: cst.CSTNode) -> bool:
        return n is node

    def check(n: cst.CSTNode) -> None:
        nonlocal found
        value = n.value  # type: ignore[attr-defined]
        if value is not None and not (isinstance(value, cst.Name) and value.value == "None"):
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
    ]
    INVALID = [Invalid("from flytekit import task\n@task\ndef t(x: int):\n    return x\n")]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is not None and node.returns is None and returns_value(node):
            self.report(node.name)
