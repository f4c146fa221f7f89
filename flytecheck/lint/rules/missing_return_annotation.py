from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule


def returns_value(node: cst.FunctionDef) -> bool:
    found = False

    class Find(cst.CSTVisitor):
        def visit_FunctionDef(self, n: cst.FunctionDef) -> bool:
            return n is node

        def visit_Lambda(self, n: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, n: cst.ClassDef) -> bool:
            return False

        def visit_Return(self, n: cst.Return) -> None:
            nonlocal found
            if n.value is not None and not (
                isinstance(n.value, cst.Name) and n.value.value == "None"
            ):
                found = True

    node.visit(Find())
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
