from __future__ import annotations

import libcst as cst

from flytecheck.lint._index import dict_keys
from flytecheck.lint.rule import Invalid, LintRule

_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


class PositionalLaunchPlan(LintRule):
    """A launch plan called with positional arguments.

    Launch plans take keyword arguments only; a positional call fails when the workflow is
    compiled. When the launch plan's workflow is defined in the same file, the fix rewrites the
    call with its input names.
    """

    CODE = "FC304"
    NAME = "positional-launch-plan"
    MESSAGE = "launch plans take keyword arguments only: name each input"
    VALID = [
        "from flytekit import LaunchPlan, workflow\n@workflow\ndef w(a: int) -> None:\n    pass\n"
        "lp = LaunchPlan.get_or_create(w, name='lp')\n@workflow\ndef v() -> None:\n    lp(a=1)\n"
    ]
    INVALID = [
        Invalid(
            "from flytekit import LaunchPlan, workflow\n@workflow\ndef w(a: int, b: int) -> None:\n    pass\n"
            "lp = LaunchPlan.get_or_create(w, name='lp', fixed_inputs={'a': 1})\n@workflow\ndef v() -> None:\n    lp(2)\n",
            fixed=(
                "from flytekit import LaunchPlan, workflow\n@workflow\ndef w(a: int, b: int) -> None:\n    pass\n"
                "lp = LaunchPlan.get_or_create(w, name='lp', fixed_inputs={'a': 1})\n@workflow\ndef v() -> None:\n    lp(b=2)\n"
            ),
        )
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not isinstance(node.func, cst.Name):
            return
        name = node.func.value
        reference = self.context.by_name.get(name)
        is_reference = reference is not None and reference.kind == "reference_launch_plan"
        if name not in self.context.launch_plans and not is_reference:
            return
        positional = [a for a in node.args if a.keyword is None and not a.star]
        if not positional:
            return
        names = self._input_names(node.func.value)
        if names is None or len(positional) > len(names):
            self.report(node)
            return
        args = [
            a.with_changes(keyword=cst.Name(n), equal=_EQUAL) if a in positional else a
            for a, n in zip(node.args, [*names, *([""] * len(node.args))], strict=False)
        ]
        self.report(node, replacement=node.with_changes(args=args))

    def _input_names(self, plan: str) -> list[str] | None:
        """The launch plan's inputs in order: its workflow's parameters less the fixed ones
        (a reference launch plan's own parameters)."""
        if plan not in self.context.launch_plans:
            reference = self.context.by_name[plan]
            return [p.name.value for p in reference.node.params.params]
        call = self.context.launch_plans[plan]
        if not call.args or not isinstance(call.args[0].value, cst.Name):
            return None
        workflow = call.args[0].value.value
        entity = self.context.by_name.get(workflow)
        if entity is None or entity.kind != "workflow":
            return None
        fixed = dict_keys(call, "fixed_inputs")
        return [p.name.value for p in entity.node.params.params if p.name.value not in fixed]
