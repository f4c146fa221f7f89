from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule


def chain(node: cst.BaseExpression) -> tuple[cst.Call | None, list[str]]:
    """The call at the root of `conditional(...).if_(...).then(...)` and the method names."""
    names: list[str] = []
    while True:
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute):
                names.append(node.func.attr.value)
                node = node.func.value
                continue
            return node, names
        return None, names


class ConditionalWithoutElse(LintRule):
    """A `conditional(...)` chain that never reaches `else_()`.

    Flyte requires every conditional to end with `.else_().then(...)` or `.else_().fail(...)`;
    flytekit fails to compile the workflow without it.
    """

    CODE = "FC303"
    NAME = "conditional-without-else"
    MESSAGE = "conditional without else_(): end it with .else_().then(...) or .else_().fail('why')"
    VALID = [
        "from flytekit import conditional, task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@workflow\ndef w(x: int) -> int:\n    return conditional('c').if_(x > 0).then(t(x=x)).else_().fail('no')\n"
    ]
    INVALID = [
        Invalid(
            "from flytekit import conditional, task, workflow\n@task\ndef t(x: int) -> int:\n    return x\n"
            "@workflow\ndef w(x: int) -> int:\n    return conditional('c').if_(x > 0).then(t(x=x))\n"
        )
    ]

    def _check(self, expr: cst.BaseExpression | None) -> None:
        if expr is None:
            return
        root, names = chain(expr)
        is_conditional = (
            root is not None and self.context.imports.kind_of(root.func) == "conditional"
        )
        if is_conditional and names and "else_" not in names:
            self.report(root)  # type: ignore[arg-type]
        node: cst.BaseExpression = expr
        while isinstance(node, (cst.Call, cst.Attribute)):
            if isinstance(node, cst.Call):
                for arg in node.args:
                    self._check(arg.value)
                node = node.func
            else:
                node = node.value

    def visit_Return(self, node: cst.Return) -> None:
        self._check(node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._check(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._check(node.value)

    def visit_Expr(self, node: cst.Expr) -> None:
        self._check(node.value)
