"""Flyte's own examples (`../shared/flytesnacks/`) as test data: where they are, how to copy them
somewhere writable, how to point their `flytekit` imports at `flytecheck.core`, and how to run a
module as its `__main__` block the way a user does (`python -m basics.hello_world`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

FLYTESNACKS = Path(__file__).resolve().parents[1].parent / "shared" / "flytesnacks"

_FROM = re.compile(r"^(\s*)from flytekit((?:\.[\w.]+)?) import ", re.M)
_IMPORT = re.compile(r"^(\s*)import flytekit(\.[\w.]+)?(\s+as\s+\w+)?[ \t]*$", re.M)


def flytesnacks_dir() -> Path:
    """The corpus; CI has it beside the clone, so its absence there is a failure."""
    if not FLYTESNACKS.is_dir():
        msg = f"flytesnacks not found at {FLYTESNACKS}"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return FLYTESNACKS


def modules() -> list[str]:
    """Every example module as `folder/name` (`basics/hello_world`), sorted."""
    if not FLYTESNACKS.is_dir():
        return []
    return sorted(
        f"{p.parent.parent.name}/{p.stem}"
        for p in FLYTESNACKS.glob("*/*/*.py")
        if p.name != "__init__.py"
    )


def core_module(path: str) -> str:
    """Where flytekit's module `path` lives in flytecheck: `flytekit.core.X` and `flytekit.X`
    are both `flytecheck.core.X`; `flytekit.testing` is `flytecheck.mocks` (the core does not
    import the mocks built on it)."""
    if path == ".testing":
        return "flytecheck.mocks"
    if path == ".core" or path.startswith(".core."):
        path = path[len(".core") :]
    return "flytecheck.core" + path


def point_at_core(source: str) -> str:
    """The module's source with its flytekit imports pointed at flytecheck.core, nothing else
    changed: `from flytekit.types.file import FlyteFile` becomes `from
    flytecheck.core.types.file import FlyteFile`, `import flytekit` becomes `import
    flytecheck.core as flytekit`."""

    def imports(m: re.Match[str]) -> str:
        indent, sub, alias = m.group(1), m.group(2), m.group(3)
        if sub:
            return f"{indent}import {core_module(sub)}{alias or ''}"
        return f"{indent}import flytecheck.core as {alias.split()[-1] if alias else 'flytekit'}"

    source = _FROM.sub(lambda m: f"{m.group(1)}from {core_module(m.group(2))} import ", source)
    return _IMPORT.sub(imports, source)


def copy_corpus(to: Path, *, on_core: bool) -> Path:
    """A writable copy of the corpus (some examples write where they run), its imports
    pointed at the core when `on_core`."""
    shutil.copytree(flytesnacks_dir(), to)
    for path in to.rglob("*.py"):
        path.chmod(0o644)
        if on_core:
            path.write_text(point_at_core(path.read_text()))
    return to


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_module(corpus: Path, module: str, *, timeout: float = 300) -> Run:
    """Run `folder/name` as `python -m folder.name` from its outer folder, with flytekit's
    logging quiet (its log lines carry timestamps)."""
    folder, name = module.split("/")
    env = {**os.environ, "FLYTE_SDK_LOGGING_LEVEL": "50", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", f"{folder}.{name}"],
        cwd=corpus / folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)
