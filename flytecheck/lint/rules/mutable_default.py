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
    """A mutable default (list, dict, set) in a task's signature (also `@dynamic`, `@eager`).

    flytekit refuses it when the module is imported ("a mutable default argument, which is a
    python anti-pattern and not supported in flytekit tasks"), so the task never registers nor
    runs. Workflows are not concerned: a workflow default becomes a literal in the launch plan,
    nothing is shared between runs, and flytekit accepts it (flytesnacks uses list defaults on
    workflows). The (unsafe) fix makes the parameter Optional with a None default: handle None
    in the body.
    """

    CODE = "FC401"
    NAME = "mutable-default"
    MESSAGE = (
        "flytekit refuses a mutable default in a task when the module is imported: default to "
        "None and build the value in the body"
    )
    VALID = [
        "from typing import List, Optional\nfrom flytekit import task\n@task\ndef t(x: Optional[List[int]] = None) -> None:\n    pass\n",
        "from typing import List\nfrom flytekit import workflow\n@workflow\ndef w(x: List[int] = [1, 2]) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import List\nfrom flytekit import task\n@task\ndef t(x: List[int] = []) -> None:\n    pass\n",
            fixed="from typing import List\nfrom flytekit import task\n@task\ndef t(x: List[int] | None = None) -> None:\n    pass\n",
            unsafe=True,
        )
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is None or not entity.is_task:
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
