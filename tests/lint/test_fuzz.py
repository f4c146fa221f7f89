"""Fuzzing the linter: generated Flyte modules (deep nesting included) and random bytes never
crash it, never give an exit code but 0, 1 or 2, and never change a file without --fix."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flytecheck.lint import api
from flytecheck.lint.config import Settings

LEAVES = st.sampled_from(["a", "y", "1", "'s'", "None", "t(x=a)", "[]"])
WRAPPERS = [
    "({})",
    "[{}]",
    "{{'k': {}}}",
    "t(x={})",
    "not {}",
    "-{}",
    "{} + 1",
    "{}.b",
    "f'{{{}}}'",
    "len({})",
    "{}[0]",
    "lambda: {}",
    "({} if a else y)",
]


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda p: f"{p[0]} + {p[1]}"),
        pairs.map(lambda p: f"{p[0]} and {p[1]}"),
        pairs.map(lambda p: f"t(x={p[0]}) >> t(x={p[1]})"),
        st.tuples(st.sampled_from(WRAPPERS), children).map(lambda w: w[0].format(w[1])),
    )


def _deep(expr: str, wrapper: str, depth: int) -> str:
    for _ in range(depth):
        expr = wrapper.format(expr)
    return expr


EXPRESSIONS = st.one_of(
    st.recursive(LEAVES, _combine, max_leaves=12),
    st.builds(_deep, LEAVES, st.sampled_from(WRAPPERS), st.integers(1, 600)),
    st.builds(lambda n: " + ".join(["a"] * n), st.integers(1, 4000)),
)
STATEMENTS = st.one_of(
    EXPRESSIONS.map(lambda e: f"y = {e}"),
    EXPRESSIONS.map(lambda e: f"if {e}:\n        y = t(x=a)"),
    EXPRESSIONS.map(lambda e: f"for v in {e}:\n        pass"),
    EXPRESSIONS.map(lambda e: f"print({e})"),
    EXPRESSIONS.map(lambda e: f"z = conditional('c').if_({e}).then(t(x=a))"),
)
MODULES = st.lists(STATEMENTS, min_size=1, max_size=4).map(
    lambda body: (
        "from flytekit import conditional, task, workflow\n\n@task\ndef t(x: int) -> int:\n"
        "    return x\n\n@workflow\ndef w(a: int) -> int:\n    y = t(x=a)\n"
        + "".join(f"    {s}\n" for s in body)
        + "    return t(x=y)\n"
    )
)
BYTES = st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(lambda b: b"flytekit" + b))


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _lint_alone(data: bytes) -> None:
    """Lint `data` as a file of its own: no internal error, and the file left as it was."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "m.py")
        path.write_bytes(data)
        (result,) = api.lint_paths([path], Settings(root=folder), use_cache=False, jobs=1)
        assert result.error is None, result.error
        assert path.read_bytes() == data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=MODULES)
def test_generated_modules_are_linted_without_internal_errors(source: str) -> None:
    _lint_alone(source.encode())


@settings(max_examples=60, deadline=None)
@given(data=BYTES)
def test_random_bytes_are_a_finding_or_nothing_never_a_crash(data: bytes) -> None:
    _lint_alone(data)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources=st.lists(MODULES, min_size=26, max_size=30), blobs=st.lists(BYTES, max_size=4))
def test_the_cli_over_a_generated_tree_exits_0_1_or_2_and_changes_nothing(
    sources: list[str], blobs: list[bytes]
) -> None:
    """The whole tree at once, through the process pool, as a subprocess."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for i, source in enumerate(sources):
            (root / f"m{i:02d}.py").write_text(source)
        for i, blob in enumerate(blobs):
            (root / f"b{i}.py").write_bytes(blob)
        before = _digest(root)
        out = subprocess.run(
            [sys.executable, "-m", "flytecheck.cli", "lint", "--no-cache", "."],
            cwd=root, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert out.returncode in (0, 1), out.stderr
        assert "internal error" not in out.stdout
        assert _digest(root) == before
