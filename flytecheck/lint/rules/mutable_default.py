from __future__ import annotations

from typing import ClassVar

import libcst as cst

from flytecheck.lint._summary import CallFacts, Signature, problems
from flytecheck.lint.rule import Invalid
from flytecheck.lint.rules.entity_calls import EntityCallRule

_T = "from typing import List\nfrom flytekit import task, workflow\n@task\ndef t(x: List[int] = [1]) -> int:\n    return len(x)\n"


class MutableDefault(EntityCallRule):
    """A workflow calls a task (also `@dynamic`, `@eager`) without an input whose default is a
    mutable list, dict or set.

    flytekit accepts the default when the task is defined, and a direct call in Python uses
    it; but a workflow call that leaves the input out is refused when the workflow compiles ("a
    mutable default argument, which is a python anti-pattern and not supported in flytekit
    tasks"), so the workflow never registers nor runs. Pass the input in the call, or make the
    parameter Optional with a None default and build the value in the task's body. Workflows'
    own defaults are not concerned: a workflow default becomes a literal in the launch plan,
    nothing is shared between runs, and flytekit accepts it. The (unsafe) fix passes the
    default's value in the call, which is what the workflow meant.
    """

    CODE = "FC401"
    NAME = "mutable-default"
    MESSAGE = "a workflow call leaves out an input whose default is mutable, which flytekit refuses"
    VALID: ClassVar[list[str]] = [
        _T + "@workflow\ndef w() -> int:\n    return t(x=[2])\n",
        "from typing import List\nfrom flytekit import workflow\n@workflow\ndef w(x: List[int] = [1, 2]) -> None:\n    pass\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            _T + "@workflow\ndef w() -> int:\n    return t()\n",
            fixed=_T + "@workflow\ndef w() -> int:\n    return t(x=[1])\n",
            unsafe=True,
        )
    ]

    def _check(self, call: cst.Call, facts: CallFacts, signature: Signature) -> None:
        """Reported with a fix when the task is in this file: its defaults are at hand."""
        task = self.context.by_name.get(facts.callee)
        defaults = (
            {
                p.name.value: p.default
                for p in (*task.node.params.params, *task.node.params.kwonly_params)
                if p.default is not None
            }
            if task is not None
            else {}
        )
        for code, message in problems(facts, signature):
            if code != self.CODE:
                continue
            left_out = [
                p.name
                for p in signature.params
                if p.mutable_default and p.name not in facts.keywords and p.name in defaults
            ]
            args = [
                cst.Arg(keyword=cst.Name(name), value=defaults[name], equal=_EQUAL)
                for name in left_out
            ]
            fixed = call.with_changes(args=(*call.args, *args)) if args else None
            self.report(call, message, replacement=fixed, unsafe=True)
            return


_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)
