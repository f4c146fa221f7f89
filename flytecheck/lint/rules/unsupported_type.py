from __future__ import annotations

import libcst as cst

from flytecheck.lint._types import judged
from flytecheck.lint.rule import Invalid, LintRule


class UnsupportedType(LintRule):
    """A type with no Flyte literal in a task or workflow signature.

    flytekit refuses some when the task is defined or registered: a bare `list`/`List` or
    `Iterator`, a `Tuple[...]` anywhere but as the return (where it names several outputs), an
    Enum whose values are not all strings. It pickles others, which then load only under the
    same Python and library versions: `set`, `frozenset`, `bytes`, `Callable`, `Iterable`,
    `Generator`, `object`. Use the supported type the message names. (`Iterator[T]` is
    supported: flytekit streams it as a list.)
    """

    CODE = "FC201"
    NAME = "unsupported-type"
    MESSAGE = "this type has no Flyte literal"
    VALID = [
        "from typing import List, Tuple\nfrom flytekit import task\n@task\ndef t(x: List[int]) -> Tuple[int, str]:\n    return 1, 'a'\n",
        "from typing import Iterator\nfrom flytekit import task\n@task\ndef t(x: int) -> Iterator[str]:\n    yield 'a'\n",
        "from mylib import set\nfrom flytekit import task\n@task\ndef t(x: set) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid("from flytekit import task\n@task\ndef t(x: set) -> int:\n    return 0\n"),
        Invalid(
            "from typing import Tuple\nfrom flytekit import task\n@task\ndef t(x: Tuple[int, int]) -> int:\n    return 0\n"
        ),
        Invalid(
            "import enum\nfrom flytekit import task\nclass E(enum.Enum):\n    A = 1\n@task\ndef t(e: E) -> None:\n    pass\n"
        ),
        Invalid("import union\n@union.task\ndef t(x: bytes) -> None:\n    pass\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for found in judged(self.context, node):
            if found.verdict == self.CODE:
                self.report(found.node, f"{found.name}: {found.reason}")
