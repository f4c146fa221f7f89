from __future__ import annotations

import libcst as cst

from flytecheck.lint.rule import Invalid, LintRule
from flytecheck.lint.rules._annotations import head, signature_types, walk_annotation


class PickledType(LintRule):
    """A type flytekit silently pickles: `Any`, or a class defined here that is not a
    dataclass, an Enum, a NamedTuple, a pydantic model or a class a TypeTransformer here
    handles.

    A pickle only loads under the same Python and library versions, cannot be cached reliably or
    read by another language. Make the class a dataclass, or list it in `extra-types` if a
    registered TypeTransformer handles it.
    """

    CODE = "FC202"
    NAME = "pickled-type"
    MESSAGE = "flytekit would silently pickle this type"
    VALID = [
        "import dataclasses\nfrom flytekit import task\n@dataclasses.dataclass\nclass P:\n    x: int\n@task\ndef t(p: P) -> None:\n    pass\n",
        "from pydantic import BaseModel\nfrom flytekit import task\nclass M(BaseModel):\n    x: int\nclass N(M):\n    y: int\n@task\ndef t(m: M, n: N) -> None:\n    pass\n",
        "from flytekit import task\nfrom flytekit.extend import TypeEngine, TypeTransformer\nclass D:\n    pass\nclass DT(TypeTransformer[D]):\n    pass\nTypeEngine.register(DT())\n@task\ndef t(d: D) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import Any\nfrom flytekit import task\n@task\ndef t(x: Any) -> None:\n    pass\n"
        ),
        Invalid(
            "from flytekit import task\nclass P:\n    pass\n@task\ndef t(p: P) -> None:\n    pass\n"
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        ctx = self.context
        for annotation, _ in signature_types(node):
            for expr, _top in walk_annotation(annotation):
                name = head(expr)
                if name == "Any":
                    self.report(
                        expr, "Any: flytekit would silently pickle it; annotate the concrete type"
                    )
                elif (
                    name in ctx.classes
                    and name not in ctx.extra_types
                    and not ctx.is_dataclass(name)
                    and ctx.enum_values(name) is None
                    and not ctx.is_named_tuple(name)
                    and not ctx.has_transformer(name)
                ):
                    self.report(
                        expr,
                        f"{name} is not a dataclass, Enum or registered type, so flytekit would pickle it: make it a dataclass or add it to extra-types",
                    )
