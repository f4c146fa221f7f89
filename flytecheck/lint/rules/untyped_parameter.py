from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule


class UntypedParameter(LintRule):
    """A task or workflow parameter without a type annotation.

    Flyte stores every input as a typed literal: without an annotation flytekit cannot build
    the interface and registration fails. Annotate each parameter with the type it takes.
    """

    CODE = "FC101"
    NAME = "untyped-parameter"
    MESSAGE = "parameter has no type annotation; Flyte needs one to store the value: add `: int` (or its type)"
    VALID = ["from flytekit import task\n@task\ndef t(x: int) -> int:\n    return x\n"]
    INVALID = [Invalid("from flytekit import task\n@task\ndef t(x) -> int:\n    return x\n")]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for param in node.params.params:
            if param.annotation is None:
                self.report(
                    param,
                    f"parameter {param.name.value!r} has no type annotation; Flyte needs one to store the value: write `{param.name.value}: int` (or its type)",
                )
