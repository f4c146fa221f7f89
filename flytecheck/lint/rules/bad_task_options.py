from __future__ import annotations

import functools

import libcst as cst

from flytecheck.lint._walk import children
from flytecheck.lint.rule import Invalid, LintRule
from flytecheck.lint.rules.cache_without_version import keyword

RESOURCE_OPTIONS = ("cpu", "mem", "gpu", "ephemeral_storage")
"""The keywords flytekit's `Resources` takes (a test compares them with flytekit's)."""


class BadTaskOptions(LintRule):
    """Task options Flyte refuses: a negative `retries`, a `timeout` that is neither a whole
    number of seconds nor a `timedelta`, and a `Resources(...)` option flytekit does not have
    (`storage`, which older flytekit took, is `ephemeral_storage` now): flytekit refuses that
    when the module is imported, wherever the `Resources` is made."""

    CODE = "FC403"
    NAME = "bad-task-options"
    MESSAGE = "this task option is refused by Flyte"
    VALID = [
        "import datetime\nfrom flytekit import task\n@task(retries=3, timeout=datetime.timedelta(minutes=5))\ndef t() -> None:\n    pass\n"
    ]
    INVALID = [
        Invalid("from flytekit import task\n@task(retries=-1)\ndef t() -> None:\n    pass\n"),
        Invalid("from flytekit import task\n@task(timeout='1h')\ndef t() -> None:\n    pass\n"),
        Invalid(
            "from flytekit import Resources, task\nlimits = Resources(cpu='1', storage='1Gi')\n@task(limits=limits)\ndef t() -> None:\n    pass\n"
        ),
    ]

    def check_statement(self, statement: cst.CSTNode) -> None:
        """Module-level code: `Resources(...)` made outside a decorator (only read in a file
        where an SDK's Resources, or an SDK module, is bound)."""
        if self._may_make_resources:
            self._resources(statement)

    @functools.cached_property
    def _may_make_resources(self) -> bool:
        resolver = self.context.imports
        return any(
            q.split(".")[0] in resolver.sdk_roots and ("." not in q or q.endswith(".Resources"))
            for q in resolver.imports.values()
        )

    def visit_Call(self, node: cst.Call) -> None:
        self._check_resources(node)

    def _resources(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.Call):
            self._check_resources(node)
        for child in children(node):
            self._resources(child)

    def _check_resources(self, call: cst.Call) -> None:
        qualified = self.context.imports.qualified(call.func) or ""
        if qualified.rsplit(".", 1)[-1] != "Resources":
            return
        if qualified.split(".")[0] not in self.context.imports.sdk_roots:
            return
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in RESOURCE_OPTIONS:
                instead = " (ephemeral_storage now)" if arg.keyword.value == "storage" else ""
                self.report(
                    arg,
                    f"Resources() has no option {arg.keyword.value!r}{instead}: flytekit refuses "
                    f"it when the module is imported; its options are "
                    f"{', '.join(RESOURCE_OPTIONS)}",
                )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is None or not isinstance(entity.decorator.decorator, cst.Call):
            return
        call = entity.decorator.decorator
        if entity.kind not in ("workflow",):
            self._resources(call)
        retries = keyword(call, "retries")
        if (
            retries is not None
            and isinstance(retries.value, cst.UnaryOperation)
            and isinstance(retries.value.operator, cst.Minus)
        ):
            self.report(retries, "retries must be a whole number >= 0")
        timeout = keyword(call, "timeout")
        if timeout is not None and isinstance(
            timeout.value, (cst.SimpleString, cst.Float, cst.FormattedString)
        ):
            self.report(
                timeout, "timeout must be a whole number of seconds or a datetime.timedelta"
            )
