from __future__ import annotations

import libcst as cst

from flytecheck.lint._resolve import dotted
from flytecheck.lint._workflow_body import names_in
from flytecheck.lint.rule import Invalid, LintRule

_GATHERERS = {"gather", "wait", "create_task", "ensure_future", "wait_for", "as_completed"}


class UnawaitedEntityCall(LintRule):
    """A task, workflow or launch plan called in an `@eager` workflow and never awaited.

    In an eager workflow every entity call is asynchronous: it returns an awaitable, and only
    `await` (or `asyncio.gather(...)` of several) runs it and gives its value. A call whose
    result is dropped, returned, computed with, or kept in a name that is never awaited is a
    mistake. Collecting calls in a list (or a name) that is awaited later is not.
    """

    CODE = "FC305"
    NAME = "unawaited-entity-call"
    MESSAGE = "an entity call in an @eager workflow gives an awaitable, not its value"
    VALID = [
        "import asyncio\nfrom flytekit import eager, task\n@task\ndef t(x: int) -> int:\n    return x\n"
        "@eager\nasync def w(x: int) -> int:\n    a = await t(x=x)\n    b, c = await asyncio.gather(t(x=a), t(x=1))\n"
        "    pending = []\n    for i in range(x):\n        pending.append(t(x=i))\n"
        "    done = await asyncio.gather(*pending)\n    later = t(x=2)\n    return a + b + c + sum(done) + await later\n"
    ]
    INVALID = [
        Invalid(
            "from flytekit import eager, task\n@task\ndef t(x: int) -> int:\n    return x\n"
            "@eager\nasync def w(x: int) -> int:\n    a = t(x=x)\n    return await t(x=1)\n"
        ),
        Invalid(
            "from flytekit import eager, task\n@task\ndef t(x: int) -> int:\n    return x\n"
            "@eager\nasync def w(x: int) -> int:\n    t(x=x)\n    return t(x=1)\n"
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is None or entity.kind != "eager":
            return
        self._awaited: frozenset[str] = frozenset()
        awaited: set[str] = set()
        self._collect_awaited(node.body, awaited)
        self._awaited = frozenset(awaited)
        self._scan(node.body, awaited=False, kept_in=None)

    def _collect_awaited(self, node: cst.CSTNode, out: set[str]) -> None:
        """Names used inside an `await` (or a gather's arguments): what they hold is awaited."""
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return
        if isinstance(node, cst.Await):
            out.update(names_in(node.expression))
            return
        for child in node.children:
            self._collect_awaited(child, out)

    def _scan(self, node: cst.CSTNode, awaited: bool, kept_in: frozenset[str] | None) -> None:
        """`awaited`: the value is awaited where it stands; `kept_in`: the names it is kept
        in (an assignment's targets, the list it is appended to)."""
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return
        if isinstance(node, cst.Await):
            self._scan(node.expression, awaited=True, kept_in=None)
            return
        if isinstance(node, cst.Assign):
            targets = frozenset().union(*(names_in(t.target) for t in node.targets))
            self._scan(node.value, awaited=False, kept_in=targets)
            return
        if isinstance(node, cst.Call):
            self._call(node, awaited, kept_in)
            return
        if isinstance(node, (cst.List, cst.Tuple, cst.Element, cst.StarredElement)):
            for child in node.children:
                self._scan(child, awaited=awaited, kept_in=kept_in)
            return
        for child in node.children:
            self._scan(child, awaited=False, kept_in=None)

    def _call(self, node: cst.Call, awaited: bool, kept_in: frozenset[str] | None) -> None:
        name = dotted(node.func) or ""
        is_entity = name in self.context.by_name or name in self.context.launch_plans
        kept_for_later = kept_in is not None and bool(kept_in & self._awaited)
        if is_entity and not awaited and not kept_for_later:
            self.report(
                node,
                f"{name}(...) in an @eager workflow gives an awaitable, not its value: write "
                f"`await {name}(...)` (or gather several with asyncio.gather)",
            )
        gathers = name.rsplit(".", 1)[-1] in _GATHERERS
        container = None
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("append", "extend"):
            container = names_in(node.func.value)
        self._scan(node.func, awaited=False, kept_in=None)
        for arg in node.args:
            self._scan(arg.value, awaited=gathers, kept_in=container)
