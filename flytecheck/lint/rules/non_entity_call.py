from __future__ import annotations

import libcst as cst

from flytecheck.lint._workflow_body import WorkflowBodyRule
from flytecheck.lint.rule import Invalid


class NonEntityCall(WorkflowBodyRule):
    """A plain function (not a task, workflow or launch plan) called with promises in a workflow
    body.

    The body runs once, at compile time, with promises: a plain function would receive promises,
    not values. Make it a task, or call it inside one. Only a function known to be plain is
    reported: one defined in this file with no decorator (a decorator the linter cannot resolve
    may make it a task).
    """

    CODE = "FC302"
    NAME = "non-entity-call"
    MESSAGE = "a plain function called with promises receives promises, not values: make it a @task or call it inside one"
    VALID = [
        "from flytekit import task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n@workflow\ndef w(x: int) -> int:\n    return t(x=x)\n",
        "from flytekit import task, workflow\nfrom mylib import deco\n@deco\ndef helper(x: int) -> int:\n    return x\n@workflow\ndef w(x: int) -> int:\n    return helper(x=x)\n",
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
        if self.context.is_plain_function(name) and any(
            self.uses_promise(arg.value) for arg in node.args
        ):
            self.report(
                node,
                f"{name}() is a plain function, so here it receives promises, not values: "
                "make it a @task or call it inside one",
            )
