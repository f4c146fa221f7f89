from __future__ import annotations

import libcst as cst

from flytecheck.lint._types import judged
from flytecheck.lint.rule import Invalid, LintRule


class NonStrKeys(LintRule):
    """`Dict` with keys that are not `str`.

    A Flyte map literal has string keys; `Dict[int, V]` falls back to an untyped msgpack struct,
    which the UI and other languages cannot read as a map. Use str keys, or a List of pairs.
    """

    CODE = "FC203"
    NAME = "non-str-keys"
    MESSAGE = "map keys must be str for a typed Flyte map; other keys fall back to an untyped msgpack struct"
    VALID = [
        "from typing import Dict\nfrom flytekit import task\n@task\ndef t(d: Dict[str, int]) -> None:\n    pass\n",
        "from typing import Dict\nfrom mytypes import Key\nfrom flytekit import task\n@task\ndef t(d: Dict[Key, int]) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import Dict\nfrom flytekit import task\n@task\ndef t(d: Dict[int, str]) -> None:\n    pass\n"
        )
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for found in judged(self.context, node):
            if found.verdict == self.CODE:
                self.report(found.node)
