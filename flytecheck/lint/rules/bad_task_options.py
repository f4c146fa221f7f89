from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule
from flytecheck.lint.rules.cache_without_version import keyword


class BadTaskOptions(LintRule):
    """Task options Flyte refuses: a negative `retries`, a `timeout` that is neither a whole
    number of seconds nor a `timedelta`."""

    CODE = "FC403"
    NAME = "bad-task-options"
    MESSAGE = "this task option is refused by Flyte"
    VALID = [
        "import datetime\nfrom flytekit import task\n@task(retries=3, timeout=datetime.timedelta(minutes=5))\ndef t() -> None:\n    pass\n"
    ]
    INVALID = [
        Invalid("from flytekit import task\n@task(retries=-1)\ndef t() -> None:\n    pass\n"),
        Invalid("from flytekit import task\n@task(timeout='1h')\ndef t() -> None:\n    pass\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is None or not isinstance(entity.decorator.decorator, cst.Call):
            return
        call = entity.decorator.decorator
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
