from __future__ import annotations

import libcst as cst

from flytecheck.lint._workflow_body import WorkflowBodyRule
from flytecheck.lint.rule import Invalid

_ALLOWED = (cst.RightShift, cst.BitAnd, cst.BitOr)
_BUILTINS = {
    "print",
    "len",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "sorted",
    "sum",
    "min",
    "max",
    "abs",
    "round",
    "repr",
}


class PromiseAsValue(WorkflowBodyRule):
    """A Promise used as a Python value in a workflow body (or a dynamic workflow's).

    In a workflow body a task's output is a Promise: the value exists only when the workflow
    runs. In a `@dynamic` body the inputs are real values, but what its task calls return are
    promises all the same; in an `@eager` body awaited results are values (see FC305). `if`/`while`, `and`/`or`/`not`, `for`, arithmetic, f-strings, `print`, `len`, `str`
    cannot work on it. Branch with `conditional`, combine conditions with `&`/`|`, and compute in
    a task.
    """

    CODE = "FC301"
    NAME = "promise-as-value"
    MESSAGE = "a Promise has no value while the workflow body runs"
    VALID = [
        "from flytekit import conditional, task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@workflow\ndef w(x: int) -> int:\n    return conditional('c').if_(x > 0).then(t(x=x)).else_().then(t(x=-1))\n",
        "from flytekit import task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@workflow\ndef w(x: int) -> None:\n    a = t(x=x)\n    b = t(x=x)\n    a >> b\n",
        "from flytekit import dynamic, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@dynamic\ndef d(n: int) -> int:\n    total = 0\n    for i in range(n):\n        if i % 2:\n"
        "            total = t(x=i)\n    print(f'{n} inputs')\n    return total\n",
        "from flytekit import eager, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@eager\nasync def e(x: int) -> int:\n    a = await t(x=x)\n    if a > 0:\n        return a + 1\n    return a\n",
    ]
    INVALID = [
        Invalid(
            "from flytekit import task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n@workflow\ndef w(x: int) -> int:\n    y = t(x=x)\n    if y > 0:\n        return t(x=y)\n    return y\n"
        ),
        Invalid(
            "from flytekit import task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n@workflow\ndef w(x: int) -> int:\n    return t(x=x + 1)\n"
        ),
        Invalid(
            "from flytekit import workflow\n@workflow\ndef w(name: str) -> None:\n    print(f'hello {name}')\n"
        ),
        Invalid(
            "from flytekit import dynamic, task\n@task\ndef t(x: int) -> int:\n    return x\n"
            "@dynamic\ndef d(n: int) -> int:\n    for i in range(n):\n        y = t(x=i)\n        if y > 3:\n"
            "            return y\n    return n\n"
        ),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._flagged: list[cst.CSTNode] = []
        """Operations reported, outermost first: what they hold is not reported again."""

    def _flag(self, node: cst.CSTNode, what: str, instead: str) -> None:
        self.report(
            node, f"{what} on a Promise, which has no value while the workflow body runs: {instead}"
        )

    def _flag_operation(self, node: cst.CSTNode, what: str, instead: str) -> None:
        """Report an operation once, at the outermost: `a + b + c` is one mistake, not two."""
        if not self._flagged:
            self._flag(node, what, instead)
            self._flagged.append(node)

    def _leave_operation(self, node: cst.CSTNode) -> None:
        if self._flagged and self._flagged[-1] is node:
            self._flagged.pop()

    def visit_If(self, node: cst.If) -> None:
        if self.uses_promise(node.test):
            self._flag(
                node.test, "`if`", "branch with conditional('name').if_(...).then(...).else_()"
            )

    def visit_While(self, node: cst.While) -> None:
        if self.uses_promise(node.test):
            self._flag(node.test, "`while`", "loop inside a task, or use a dynamic workflow")

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        if not self._flagged and self.uses_promise(node):
            self._flag_operation(node, "`and`/`or`", "combine conditions with & and |")

    def leave_BooleanOperation(self, original_node: cst.BooleanOperation) -> None:
        self._leave_operation(original_node)

    def visit_UnaryOperation(self, node: cst.UnaryOperation) -> None:
        if self._flagged:
            return
        if isinstance(node.operator, cst.Not) and self.uses_promise(node.expression):
            self._flag_operation(node, "`not`", "compare explicitly: p.is_false()")
        elif isinstance(node.operator, cst.Minus) and self.uses_promise(node.expression):
            self._flag_operation(node, "arithmetic", "compute it in a task")

    def leave_UnaryOperation(self, original_node: cst.UnaryOperation) -> None:
        self._leave_operation(original_node)

    def visit_For(self, node: cst.For) -> None:
        if self.uses_promise(node.iter):
            self._flag(node.iter, "`for`", "pass the list to a task that loops over it")

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, _ALLOWED):
            return  # `>>` orders nodes; `&` and `|` combine conditions
        if not self._flagged and self.uses_promise(node):
            self._flag_operation(node, "arithmetic", "compute it in a task")

    def leave_BinaryOperation(self, original_node: cst.BinaryOperation) -> None:
        self._leave_operation(original_node)

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        if not self._flagged and self.uses_promise(node.expression):
            self._flag(node, "an f-string", "format it in a task")

    def visit_Call(self, node: cst.Call) -> None:
        builtin = isinstance(node.func, cst.Name) and node.func.value in _BUILTINS
        if not self._flagged and builtin and any(self.uses_promise(a.value) for a in node.args):
            self._flag_operation(node, f"`{node.func.value}()`", "do it in a task")  # type: ignore[attr-defined]

    def leave_Call(self, original_node: cst.Call) -> None:
        self._leave_operation(original_node)
