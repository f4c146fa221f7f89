"""`make demo`: flytecheck on the example project, step by step.

Step 1 converts the shop's values through the type engine and prints the Flyte literals, then
shows what a user sees when a value does not fit its type.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from google.protobuf import json_format

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shop.models import Order, Status, sample_order

from flytecheck.core import TypeEngine, current_context
from flytecheck.core.exceptions import TypeTransformerFailedError, UnsupportedTypeError


def heading(text: str) -> None:
    print(f"\n=== {text} " + "=" * max(0, 70 - len(text)))


def show(label: str, python_type: Any, value: Any) -> None:
    ctx = current_context()
    literal = TypeEngine.to_literal(ctx, value, python_type)
    back = TypeEngine.to_python_value(ctx, literal, python_type)
    lt = json_format.MessageToDict(TypeEngine.to_literal_type(python_type))
    lt.pop("metadata", None)  # the dataclass JSON schema: long, and shown in docs/types.md
    print(f"\n{label}: {value!r}")
    print(f"  LiteralType: {json.dumps(lt)}")
    print(f"  Literal:     {json.dumps(json_format.MessageToDict(literal))}")
    print(f"  read back equal: {back == value}")


def step_types() -> None:
    heading("1. the type engine: Python values to Flyte literals and back")
    show("an int", int, 42)
    show("a list of floats", List[float], [1.5, 2.25])
    show("a str enum", Status, Status.PAID)
    show("an optional date", Optional[datetime.date], datetime.date(2026, 11, 22))
    show("a map of counts", Dict[str, int], {"tea": 3, "mug": 1})
    show("a dataclass (msgpack)", Order, sample_order())

    heading("what a user sees when a value does not fit")
    bad = sample_order()
    bad.lines[1].quantity = "one"  # type: ignore[assignment]
    try:
        TypeEngine.to_literal(current_context(), bad, Order)
    except TypeTransformerFailedError as err:
        print(f"TypeTransformerFailedError: {err}")
    try:
        TypeEngine.to_literal_type(set)
    except UnsupportedTypeError as err:
        print(f"UnsupportedTypeError: {err}")


def step_core() -> None:
    heading("2. the core: the shop's workflows, run locally and drawn")
    from shop.models import sample_order
    from shop.workflows import checkout, price_order

    from flytecheck.graph import graph_of, render

    order = sample_order()
    print(f"price_order(order #{order.id}) = {price_order(order=order)}")
    big = sample_order()
    big.lines[1].quantity = 3
    print(f"price_order(bigger order)   = {price_order(order=big)}  (free shipping branch)")
    print(f"checkout(order)             = {checkout(order=order)}")
    print()
    print(render(graph_of(price_order), "text"))
    print(render(graph_of(checkout), "mermaid"))

    heading("what a user sees when a workflow would not register")
    from flytecheck.core import task, workflow
    from flytecheck.core.exceptions import FlyteCompilationException

    @workflow
    def mistyped(order_id: str) -> float:
        from shop.workflows import add_shipping

        return add_shipping(amount=order_id)

    try:
        mistyped.compile()
    except FlyteCompilationException as err:
        print(f"FlyteCompilationException: {err}")
    _ = task


def step_execute() -> None:
    heading("3. the container entrypoint: flytecheck-execute on local files")
    import subprocess
    import tempfile

    from flyteidl.core.errors_pb2 import ErrorDocument
    from flyteidl.core.literals_pb2 import LiteralMap
    from shop.models import Status, sample_order
    from shop.workflows import ship

    work = Path(tempfile.mkdtemp(prefix="flytecheck-demo-"))
    here = Path(__file__).resolve().parent
    for label, status in (("paid order", Status.PAID), ("unpaid order", Status.NEW)):
        order = sample_order()
        order.status = status
        run = work / label.replace(" ", "-")
        run.mkdir()
        (run / "inputs.pb").write_bytes(
            ship.inputs_to_literals(current_context(), {"order": order}).SerializeToString()
        )
        cmd = [
            sys.executable,
            "-m",
            "flytecheck.core.entrypoint",
            "--inputs",
            str(run / "inputs.pb"),
            "--output-prefix",
            str(run / "out"),
            "--raw-output-data-prefix",
            str(run / "raw"),
            "--",
            "task-module",
            "shop.workflows",
            "task-name",
            "ship",
        ]
        proc = subprocess.run(cmd, cwd=here, capture_output=True, text=True)
        print(f"\n$ flytecheck-execute ... task-name ship   ({label}) -> exit {proc.returncode}")
        for written in sorted((run / "out").iterdir()):
            print(f"  {written.name}:")
            message = (LiteralMap if written.name == "outputs.pb" else ErrorDocument).FromString(
                written.read_bytes()
            )
            for line in json_format.MessageToJson(message).splitlines():
                print(f"    {line}")


def step_pytest() -> None:
    heading("4. pytest --flyte on the shop's own tests")
    import subprocess

    here = Path(__file__).resolve().parent
    cmd = [sys.executable, "-m", "pytest", "tests", "-v", "-p", "no:cacheprovider", "--flyte"]
    print("$ pytest tests -v --flyte   (mocks, a graph snapshot, the container path, coverage)")
    proc = subprocess.run(cmd, cwd=here, capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if "::" in line), 0)
    print("\n".join(lines[start:]))
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        msg = f"the shop's tests did not pass (pytest exited {proc.returncode}); see above"
        raise SystemExit(msg)


def step_lint() -> None:
    heading("5. flytecheck lint on the shop (shop/broken.py has mistakes on purpose)")
    import subprocess

    here = Path(__file__).resolve().parent
    for args in (
        ["lint", ".", "--no-cache"],
        ["lint", "shop/broken.py", "--no-cache", "--diff", "--unsafe-fixes"],
    ):
        print(f"$ flytecheck {' '.join(args)}")
        proc = subprocess.run(
            [sys.executable, "-m", "flytecheck.cli", *args],
            cwd=here,
            capture_output=True,
            text=True,
        )
        print(proc.stdout + proc.stderr)


def step_check() -> None:
    heading("6. flytecheck check: the backend's compiler, before registering")
    import subprocess

    here = Path(__file__).resolve().parent
    print("$ flytecheck check shop   (shop/unregistrable.py would run, but not register)")
    proc = subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "check", "shop"],
        cwd=here,
        capture_output=True,
        text=True,
    )
    print(proc.stdout + proc.stderr)


def main() -> int:
    step_types()
    step_core()
    step_execute()
    step_pytest()
    step_lint()
    step_check()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
