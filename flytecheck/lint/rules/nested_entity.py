from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule


class NestedEntity(LintRule):
    """A task or workflow defined inside a function or class.

    The container loads a task by its module and name; one defined in a nested scope has no
    module-level name, so it cannot be loaded, and flytekit refuses it when it is defined.
    Define it at module level. Not reported in a test module (`test_*.py`, `*_test.py`), where
    flytekit accepts such tasks: they run locally in the tests.
    """

    CODE = "FC104"
    NAME = "nested-entity"
    MESSAGE = "defined in a nested scope, so the container cannot load it by module and name: move it to module level"
    VALID = ["from flytekit import task\n@task\ndef t() -> None:\n    pass\n"]
    VALID_IN_TESTS = (
        "from flytekit import task\ndef test_it():\n    @task\n    def t() -> None:\n        pass\n"
    )
    INVALID = [
        Invalid(
            "from flytekit import task\ndef make():\n    @task\n    def t() -> None:\n        pass\n    return t\n"
        )
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is not None and entity.nested and not _in_test_module(self.context.path):
            self.report(node.name, f"{entity.kind} {node.name.value!r} is {self.MESSAGE}")


def _in_test_module(path: str) -> bool:
    """flytekit's test-module rule: a module named `test_*` or `*_test`."""
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
    return stem.startswith("test_") or stem.endswith("_test")
