"""The container contract, side by side: pyflyte-execute and flytecheck-execute on the same
inputs.pb, and what each writes.

`tests/core/fixtures/contract_tasks.py` (written for flytekit) is copied into a working folder
twice: `contract_fk` as written and `contract_core` with its imports pointed at flytecheck.core.
Each case's inputs.pb is written by flytekit's own type engine. flytekit's side of every case
runs in one process (fixtures/pyflyte_batch.py: the console scripts' click commands, since
flytekit takes seconds to import); flytecheck's runs as its console script, one process a
case, as a container runs it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flyteidl.core.dynamic_job_pb2 import DynamicJobSpec
from flyteidl.core.errors_pb2 import ErrorDocument
from flyteidl.core.literals_pb2 import Literal, LiteralMap

from tests.flytesnacks import point_at_core

FIXTURES = Path(__file__).parent / "core" / "fixtures"
FK, CORE = "contract_fk", "contract_core"
FK_RESOLVER = "flytekit.core.python_auto_container.default_task_resolver"
FK_MAP_RESOLVER = "flytekit.core.array_node_map_task.ArrayNodeMapTaskResolver"
CORE_RESOLVER = "flytecheck.core.resolver.default_task_resolver"
CORE_MAP_RESOLVER = "flytecheck.core.array_node_map_task.map_task_resolver"
DOCUMENTS = ("outputs.pb", "futures.pb", "error.pb")


@dataclasses.dataclass(frozen=True)
class Case:
    """One task run on one inputs.pb. `inputs` are Python values written with flytekit's
    types, or a function of the working folder giving the inputs.pb bytes (or None for no
    file). `loader` replaces the task's loader args (for a task that is not there); `env`
    is the container's environment; `index` runs one element of a map task; `checkpoint`
    gives a checkpoint path, and `previous` a previous checkpoint holding that text."""

    id: str
    task: str
    inputs: dict[str, Any] | Callable[[Path], bytes | None] = dataclasses.field(
        default_factory=dict
    )
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    index: int | None = None
    loader: tuple[str, ...] | None = None
    resolver: str | None = None
    checkpoint: bool = False
    previous: str | None = None


def workspace(root: Path) -> Path:
    """The working folder: the fixture module under both names."""
    root.mkdir(parents=True, exist_ok=True)
    source = (FIXTURES / "contract_tasks.py").read_text()
    (root / f"{FK}.py").write_text(source)
    (root / f"{CORE}.py").write_text(point_at_core(source))
    return root


def fk_module(root: Path) -> Any:
    """The flytekit twin, imported in this process (to write inputs.pb with its types)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import importlib

    return importlib.import_module(FK)


def inputs_pb(case: Case, root: Path, folder: Path) -> Path:
    """Write the case's inputs.pb (with flytekit's type engine) and return where it is."""
    path = folder / "inputs.pb"
    if callable(case.inputs):
        data = case.inputs(folder)
        if data is not None:
            path.write_bytes(data)
        return path
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine

    task = getattr(fk_module(root), case.task)
    types = {k: task.python_interface.inputs[k] for k in case.inputs}
    ctx = FlyteContextManager.current_context()
    literal_map = TypeEngine.dict_to_literal_map(ctx, case.inputs, types)
    path.write_bytes(literal_map.to_flyte_idl().SerializeToString())
    return path


def _loader(case: Case, module: str, resolver: str, map_resolver: str, bound: str) -> list[str]:
    if case.loader is not None:
        loader = [a.replace("{module}", module) for a in case.loader]
        return ["--resolver", case.resolver or resolver, "--", *loader]
    task_args = ["task-module", module, "task-name", case.task]
    if case.index is None:
        return ["--resolver", resolver, "--", *task_args]
    return ["--resolver", map_resolver, "--", "vars", bound, "resolver", resolver, *task_args]


def _map_target(case: Case) -> tuple[str, str]:
    """(the task a map case maps, its bound inputs), from the fixture's `mapped_*` names."""
    return {
        "mapped_add": ("add", ""),
        "mapped_with_fixed": ("add", "b"),
        "mapped_fails": ("fails", ""),
        "mapped_strings": ("union_in", ""),
    }[case.task]


def _checkpoints(case: Case, folder: Path) -> list[str]:
    if not case.checkpoint:
        return [
            "--checkpoint-path",
            "{{.checkpointOutputPrefix}}",
            "--prev-checkpoint",
            "{{.prevCheckpointPrefix}}",
        ]
    args = ["--checkpoint-path", str(folder / "checkpoint")]
    if case.previous is None:
        return [*args, "--prev-checkpoint", "{{.prevCheckpointPrefix}}"]
    previous = folder / "previous"
    previous.mkdir()
    (previous / "_dst_cp").write_text(case.previous)
    return [*args, "--prev-checkpoint", str(previous)]


def argv(case: Case, inputs: Path, out: Path, raw: Path, *, core: bool) -> list[str]:
    """The command line after the entrypoint's name, as the task template would give it."""
    module = CORE if core else FK
    resolver = CORE_RESOLVER if core else FK_RESOLVER
    map_resolver = CORE_MAP_RESOLVER if core else FK_MAP_RESOLVER
    common = [
        "--inputs",
        str(inputs),
        "--output-prefix",
        str(out),
        "--raw-output-data-prefix",
        str(raw),
        *_checkpoints(case, out.parent),
    ]
    if case.index is None:
        return [*common, *_loader(case, module, resolver, map_resolver, "")]
    target, bound = _map_target(case)
    mapped = dataclasses.replace(case, task=target)
    return [*common, *_loader(mapped, module, resolver, map_resolver, bound)]


def case_env(case: Case) -> dict[str, str]:
    env = dict(case.env)
    if case.index is not None:
        env.setdefault("BATCH_JOB_ARRAY_INDEX_VAR_NAME", "MY_INDEX")
        env.setdefault("MY_INDEX", str(case.index))
    return env


def run_flytekit(cases: list[Case], root: Path) -> dict[str, Path]:
    """Every case through flytekit's entrypoint, in one process; each case's output folder."""
    batch, outs = [], {}
    for case in cases:
        folder = root / "fk" / case.id
        folder.mkdir(parents=True)
        out = folder / "out"
        out.mkdir()
        inputs = inputs_pb(case, root, folder)
        command = "execute" if case.index is None else "map-execute"
        args = argv(case, inputs, out, folder / "raw", core=False)
        batch.append(
            {"command": command, "argv": args, "env": case_env(case), "output_prefix": str(out)}
        )
        outs[case.id] = out
    spec = root / "fk-cases.json"
    spec.write_text(json.dumps(batch))
    env = {**os.environ, "FLYTE_SDK_LOGGING_LEVEL": "50", "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, str(FIXTURES / "pyflyte_batch.py"), str(spec)],
        cwd=root,
        env=env,
        capture_output=True,
        check=True,
        timeout=600,
    )
    return outs


def entrypoint(name: str) -> str:
    """The console script installed beside this interpreter."""
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else shutil.which(name) or name


def run_core(case: Case, root: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The case through flytecheck's console script; its output folder and the process."""
    folder = root / "core" / case.id
    folder.mkdir(parents=True)
    out = folder / "out"
    inputs = inputs_pb(case, root, folder)
    script = "flytecheck-execute" if case.index is None else "flytecheck-map-execute"
    env = {**os.environ, **case_env(case), "PYTHONPATH": str(root)}
    proc = subprocess.run(
        [entrypoint(script), *argv(case, inputs, out, folder / "raw", core=True)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return out, proc


# -- what was written, comparable ---------------------------------------------------------------


def written(out: Path) -> str:
    """Which document a run wrote (exactly one of them)."""
    found = [d for d in DOCUMENTS if (out / d).exists()]
    extra = (
        (out / "batch-exception.txt").read_text() if (out / "batch-exception.txt").exists() else ""
    )
    assert len(found) == 1, f"{out}: wrote {found or 'nothing'} {extra}"
    return found[0]


def _blank_uris(lit: Literal, files: list[bytes]) -> None:
    """Blob and dataset URIs differ by design (random folders): blank them, keeping what a
    single file holds, so its content is compared instead."""
    kind = lit.WhichOneof("value")
    if kind == "collection":
        for item in lit.collection.literals:
            _blank_uris(item, files)
    elif kind == "map":
        for key in sorted(lit.map.literals):
            _blank_uris(lit.map.literals[key], files)
    elif kind == "scalar":
        scalar = lit.scalar
        if scalar.WhichOneof("value") == "blob":
            path = Path(scalar.blob.uri.removeprefix("file://"))
            if path.is_file() and scalar.blob.metadata.type.format != "PythonPickle":
                files.append(path.read_bytes())
            elif path.is_dir():
                files.append(repr(sorted(p.name for p in path.iterdir())).encode())
            scalar.blob.uri = ""
        elif scalar.WhichOneof("value") == "structured_dataset":
            scalar.structured_dataset.uri = ""
        elif scalar.WhichOneof("value") == "union":
            _blank_uris(scalar.union.value, files)


def outputs_of(out: Path) -> tuple[LiteralMap, list[bytes]]:
    outputs = LiteralMap.FromString((out / "outputs.pb").read_bytes())
    files: list[bytes] = []
    for name in sorted(outputs.literals):
        _blank_uris(outputs.literals[name], files)
    return outputs, files


def error_of(out: Path) -> tuple[str, int, int]:
    error = ErrorDocument.FromString((out / "error.pb").read_bytes()).error
    return error.code, error.kind, error.origin


def message_of(out: Path) -> str:
    return ErrorDocument.FromString((out / "error.pb").read_bytes()).error.message


def futures_of(out: Path, module: str) -> Any:
    from tests.authoring import normalized

    return normalized(DynamicJobSpec.FromString((out / "futures.pb").read_bytes()), module)
