from __future__ import annotations

import libcst as cst

from flytecheck.lint._workflow_body import WorkflowBodyRule
from flytecheck.lint.rule import Invalid


class NonEntityCall(WorkflowBodyRule):
    """A plain function (not a task, workflow or launch plan) called with promises in a workflow
    body.

    The body runs once, at compile time, with promises: a plain function would receive promises,
    not values. Make it a task, or call it inside one.
    """

    CODE = "FC302"
    NAME = "non-entity-call"
    MESSAGE = (
        "a plain function receives promises here, not values: make it a @task or call it inside one"
    )
    VALID = [
        "from flytekit import task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n@workflow\ndef w(x: int) -> int:\n    return t(x=x)\n"
    ]
    INVALID = [
        Invalid(
            "from flytekit import task, workflow\ndef helper(x):\n    return x * 2\n@task\ndef t(x: int) -> int:\n    return x\n@workflow\ndef w(x: int) -> int:\n    return t(x=helper(x))\n"
        )
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.promises is None or not isinstance(node.func, cst.Name):
            return
        name = node.func.value
        is_plain = name in self.context.functions and name not in self.context.by_name
        if is_plain and any(self.uses_promise(arg.value) for arg in node.args):
            self.report(node, f"{name}() is {self.MESSAGE[2:]}")
