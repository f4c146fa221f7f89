from __future__ import annotations

import libcst as cst

from flytecheck.lint._types import judged
from flytecheck.lint.rule import Invalid, LintRule


class PickledType(LintRule):
    """A type flytekit silently pickles: `Any`, `Sequence`, `Mapping`, `pathlib.Path`,
    `decimal.Decimal`, `uuid.UUID`, or a class defined here that is not a dataclass, an Enum,
    a NamedTuple, a pydantic model or a subclass of a type flytekit or a plugin handles.

    A pickle only loads under the same Python and library versions, cannot be cached reliably or
    read by another language. Types are judged as flytekit's TypeEngine judges them: a subclass
    of a handled type (`torch.nn.Module`, `pandas.DataFrame`, `FlyteFile`) is handled, the types
    flytekit plugins register (pandera, polars, spark, ...) are handled, and a class from a
    package the linter cannot read is never reported. List a class in `extra-types` if a
    TypeTransformer you register handles it.
    """

    CODE = "FC202"
    NAME = "pickled-type"
    MESSAGE = "flytekit would silently pickle this type"
    VALID = [
        "import dataclasses\nfrom flytekit import task\n@dataclasses.dataclass\nclass P:\n    x: int\n@task\ndef t(p: P) -> None:\n    pass\n",
        "from pydantic import BaseModel\nfrom flytekit import task\nclass M(BaseModel):\n    x: int\nclass N(M):\n    y: int\n@task\ndef t(m: M, n: N) -> None:\n    pass\n",
        "from flytekit import task\nfrom flytekit.extend import TypeEngine, TypeTransformer\nclass D:\n    pass\nclass DT(TypeTransformer[D]):\n    pass\nTypeEngine.register(DT())\n@task\ndef t(d: D) -> None:\n    pass\n",
        "import torch\nfrom flytekit import task\nclass Net(torch.nn.Module):\n    pass\n@task\ndef t() -> Net:\n    return Net()\n",
        "import pandera as pa\nfrom pandera.typing import DataFrame\nfrom flytekit import task\nclass Schema(pa.DataFrameModel):\n    x: int\n@task\ndef t(df: DataFrame[Schema]) -> DataFrame[Schema]:\n    return df\n",
        "from somewhere import Unknown\nfrom flytekit import task\nclass C(Unknown):\n    pass\n@task\ndef t(c: C) -> None:\n    pass\n",
        "import datetime\nfrom flytekit import task\n@task\ndef t(d: datetime.date) -> None:\n    pass\n",
    ]
    INVALID = [
        Invalid(
            "from typing import Any\nfrom flytekit import task\n@task\ndef t(x: Any) -> None:\n    pass\n"
        ),
        Invalid(
            "from flytekit import task\nclass P:\n    pass\n@task\ndef t(p: P) -> None:\n    pass\n"
        ),
        Invalid(
            "from datetime import datetime\nfrom flytekit import task\n@task\ndef t(d: datetime.date) -> None:\n    pass\n"
        ),
        Invalid(
            "from pathlib import Path\nfrom flytekit import task\n@task\ndef t(p: Path) -> None:\n    pass\n"
        ),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.entity(node) is None:
            return
        for found in judged(self.context, node):
            if found.verdict != self.CODE:
                continue
            if found.reason.startswith(found.name + " "):
                self.report(found.node, found.reason)
            else:
                self.report(found.node, f"{found.name}: flytekit pickles it; {found.reason}")
