from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


class CacheWithoutVersion(LintRule):
    """`cache=True` without `cache_version`.

    flytekit refuses it when the task is defined ("If version is not defined then at least one
    cache policy needs to be set"), so the module does not import. Pass `cache_version="1.0"`
    and bump it when the task's output changes, or pass `cache=Cache(...)` with policies.
    Not reported in a project that uses Union's SDK (a file that imports `union`, or a
    pyproject that depends on it): its plugin gives every task a default cache policy, which
    versions the cache from the function's body.
    """

    CODE = "FC402"
    NAME = "cache-without-version"
    MESSAGE = "flytekit refuses cache=True without cache_version when the task is defined: pass cache_version, the key that decides when cached results are stale"
    VALID = [
        "from flytekit import task\n@task(cache=True, cache_version='1')\ndef t() -> None:\n    pass\n",
        "import union\n@union.task(cache=True)\ndef t() -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid("from flytekit import task\n@task(cache=True)\ndef t() -> None:\n    pass\n")
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if (
            entity is None
            or self.context.default_cache_policy
            or not entity.is_task
            or not isinstance(entity.decorator.decorator, cst.Call)
        ):
            return
        call = entity.decorator.decorator
        cache = keyword(call, "cache")
        cached = (
            cache is not None and isinstance(cache.value, cst.Name) and cache.value.value == "True"
        )
        if cached and keyword(call, "cache_version") is None:
            self.report(cache)  # type: ignore[arg-type]
