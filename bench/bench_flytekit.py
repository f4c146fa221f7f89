"""flytekit projects under the plugin, against flytekit itself in the same run.

- `flyte_run` of a 20-node flytekit workflow: <= the cost of flytekit's own local run of it;
- `pytest --flyte --collect-only` on Flyte's own examples (every module imported by one test
  file): < 5 s, and within 1.15x of the same collection without `--flyte` (importing the
  examples, flytekit and pandas among them, is most of it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench._harness import Figure, paired

ROOT = Path(__file__).resolve().parents[1]
CHAIN = """
from flytekit import task, workflow


@task
def inc(x: int) -> int:
    return x + 1


@workflow
def chain(x: int) -> int:
    y = x
    for _ in range(20):
        y = inc(x=y)
    return y
"""


def _chain() -> tuple[float, float]:
    work = Path(tempfile.mkdtemp(prefix="bench-fk-chain-"))
    (work / "fk_chain.py").write_text(CHAIN)
    sys.path.insert(0, str(work))
    try:
        import fk_chain  # type: ignore[import-not-found]

        from flytecheck.interop.flytekit import adapt

        ours = adapt(fk_chain.chain)
        assert ours(x=0) == fk_chain.chain(x=0) == 20
        return paired(lambda: ours(x=0), lambda: fk_chain.chain(x=0), repeat=15)
    finally:
        sys.path.remove(str(work))


def _collect() -> tuple[float, float] | None:
    corpus = ROOT.parent / "shared" / "flytesnacks"
    if not corpus.is_dir():
        return None
    work = Path(tempfile.mkdtemp(prefix="bench-fk-collect-"))
    shutil.copytree(corpus, work / "flytesnacks")  # under the rootdir: the project's modules
    corpus = work / "flytesnacks"
    imports = []
    for path in sorted(corpus.glob("*/*/*.py")):
        if path.name == "__init__.py":
            continue
        imports.append(f"    _load({str(path)!r}, {path.parent.name + '.' + path.stem!r})")
    (work / "test_corpus.py").write_text(
        textwrap.dedent(
            """
            import importlib.util, sys

            def _load(path, name):
                try:
                    spec = importlib.util.spec_from_file_location(name, path)
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[name] = module
                    spec.loader.exec_module(module)
                except Exception:
                    sys.modules.pop(name, None)  # an example needing a library not installed
            """
        )
        + "\nif True:\n"
        + "\n".join(imports)
        + "\n\ndef test_nothing():\n    pass\n"
    )
    env = {**os.environ, "FLYTE_SDK_LOGGING_LEVEL": "50"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co"]
    best = {True: float("inf"), False: float("inf")}
    items = 0
    for _ in range(3):  # in turn, so a slow spell of the machine lands on both
        for flyte in (True, False):
            start = time.perf_counter()
            extra = ["--flyte"] if flyte else []
            done = subprocess.run(
                [*cmd, *extra], cwd=work, env=env, check=True, capture_output=True, text=True
            )
            best[flyte] = min(best[flyte], time.perf_counter() - start)
            if flyte:
                items = done.stdout.count("::flyte-compile::")
    assert items > 40, f"--flyte made {items} compile items of the corpus: measuring nothing"
    print(f"  ({items} compile items)")
    return best[True], best[False]


def run() -> list[Figure]:
    ours, theirs = _chain()
    print(
        f"{'flyte_run, 20-node flytekit workflow':<44} {ours * 1e3:9.1f} ms "
        f"vs flytekit's local run {theirs * 1e3:.1f} ms (target <= 1.00x)"
    )
    figures = [
        Figure("flyte_run, 20-node flytekit workflow", ours, theirs, 1.0, "flytekit local run")
    ]
    collected = _collect()
    if collected is not None:
        flyte, plain = collected
        name = "pytest --flyte --co on flytesnacks"
        print(
            f"{name:<44} {flyte * 1e3:9.1f} ms (target < 5000 ms); without --flyte "
            f"{plain * 1e3:.1f} ms (importing the examples), so --flyte adds "
            f"{(flyte - plain) * 1e3:.0f} ms"
        )
        figures.append(Figure("pytest --flyte --co, flytesnacks", flyte, 5.0, 1.0, "5 s budget"))
        figures.append(
            Figure("  same, against collection without --flyte", flyte, plain, 1.15, "no --flyte")
        )
    return figures
