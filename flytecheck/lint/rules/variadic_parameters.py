from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule


class VariadicParameters(LintRule):
    """`*args` or `**kwargs` in a task or workflow signature.

    Flyte passes named, typed inputs; a variadic parameter has neither a name nor a type
    Flyte can use. Declare each input as its own parameter.
    """

    CODE = "FC103"
    NAME = "variadic-parameters"
    MESSAGE = "Flyte passes named, typed inputs: declare each input as its own parameter instead"
    VALID = ["from flytekit import task\n@task\ndef t(a: int, b: int) -> int:\n    return a + b\n"]
    INVALID = [
        Invalid("from flytekit import task\n@task\ndef t(*args: int) -> int:\n    return 0\n"),
        Invalid("import flytekit as fk\n@fk.workflow\ndef w(**kwargs: int) -> None:\n    pass\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for param, star in ((node.params.star_arg, "*"), (node.params.star_kwarg, "**")):
            if isinstance(param, cst.Param):
                self.report(param, f"{star}{param.name.value} is not supported: {self.MESSAGE}")
