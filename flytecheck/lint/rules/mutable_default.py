from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule

_FACTORIES = {"list", "dict", "set"}


def is_mutable(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.List, cst.Dict, cst.Set)):
        return True
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in _FACTORIES
    )


class MutableDefault(LintRule):
    """A mutable default (list, dict, set) in a task or workflow signature.

    The default is one object shared by every local call, and flytekit stores it in the
    interface; a change made by one run leaks into the next. The (unsafe) fix makes the
    parameter Optional with a None default: handle None in the body.
    """

    CODE = "FC401"
    NAME = "mutable-default"
    MESSAGE = (
        "a mutable default is shared between calls: default to None and build the value in the body"
    )
    VALID = [
        "from typing import List, Optional\nfrom flytekit import task\n@task\ndef t(x: Optional[List[int]] = None) -> None:\n    pass\n"
    ]
    INVALID = [
        Invalid(
            "from typing import List\nfrom flytekit import task\n@task\ndef t(x: List[int] = []) -> None:\n    pass\n",
            fixed="from typing import List\nfrom flytekit import task\n@task\ndef t(x: List[int] | None = None) -> None:\n    pass\n",
            unsafe=True,
        )
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for param in node.params.params:
            if param.default is None or not is_mutable(param.default):
                continue
            changes: dict[str, object] = {"default": cst.Name("None")}
            if param.annotation is not None:
                optional = cst.BinaryOperation(
                    param.annotation.annotation, cst.BitOr(), cst.Name("None")
                )
                changes["annotation"] = param.annotation.with_changes(annotation=optional)
            self.report(param, replacement=param.with_changes(**changes), unsafe=True)
