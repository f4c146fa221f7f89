"""flytecheck-execute writes what pyflyte-execute writes: the same document (outputs.pb,
futures.pb or error.pb) for the same task and inputs.pb, with equal contents: outputs as
literals (file and dataset locations aside, a file's bytes compared instead), futures as the
DynamicJobSpec (runtime metadata and the entrypoint's name aside), errors by code, kind and
origin. See tests/contract.py for how the two sides are run."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from tests import contract
from tests.contract import Case

pytest.importorskip("flytekit")
pd = pytest.importorskip("pandas")


def _settings() -> str:
    """The `_F_SS_C` a dynamic task's template carries (flytekit's serialization settings)."""
    from flytekit.configuration import Image, ImageConfig, SerializationSettings

    image = ImageConfig(default_image=Image(name="default", fqn="example.org/app", tag="v1"))
    settings = SerializationSettings(project="proj", domain="dev", version="v1", image_config=image)
    return str(settings.serialized_context)


def _literals(**literals: Any) -> Any:
    """inputs.pb holding the given flyteidl literals as they are (for inputs flytekit's type
    engine would refuse to write)."""
    from flyteidl.core.literals_pb2 import LiteralMap

    def write(folder: Path) -> bytes:
        return LiteralMap(literals=literals).SerializeToString()

    return write


def _string(value: str) -> Any:
    from flyteidl.core.literals_pb2 import Literal

    lit = Literal()
    lit.scalar.primitive.string_value = value
    return lit


def _local_file(folder: Path) -> Any:
    path = folder / "given.txt"
    path.write_text("hello from a file")
    from flytekit.types.file import FlyteFile

    return FlyteFile(str(path))


def _with_file(folder: Path) -> bytes:
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine
    from flytekit.types.file import FlyteFile

    ctx = FlyteContextManager.current_context()
    lm = TypeEngine.dict_to_literal_map(ctx, {"f": _local_file(folder)}, {"f": FlyteFile})
    return bytes(lm.to_flyte_idl().SerializeToString())


def _with_dir(folder: Path) -> bytes:
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine
    from flytekit.types.directory import FlyteDirectory

    given = folder / "given"
    given.mkdir()
    for name in ("a", "b", "c"):
        (given / name).write_text(name)
    ctx = FlyteContextManager.current_context()
    lm = TypeEngine.dict_to_literal_map(
        ctx, {"d": FlyteDirectory(str(given))}, {"d": FlyteDirectory}
    )
    return bytes(lm.to_flyte_idl().SerializeToString())


def _with_frame(folder: Path) -> bytes:
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine

    ctx = FlyteContextManager.current_context()
    frame = pd.DataFrame({"a": [1, 2, 3]})
    lm = TypeEngine.dict_to_literal_map(ctx, {"df": frame}, {"df": pd.DataFrame})
    return bytes(lm.to_flyte_idl().SerializeToString())


def _no_file(folder: Path) -> None:
    return None


def _garbage(folder: Path) -> bytes:
    return b"this is not a LiteralMap"


WHEN = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
SS = {"_F_SS_C": "{settings}"}

CASES = [
    # values of every family, in and out
    Case("ints", "add", {"a": 2, "b": 3}),
    Case(
        "scalars",
        "scalars",
        {
            "i": 1,
            "f": 2.5,
            "s": "x",
            "b": True,
            "when": WHEN,
            "took": datetime.timedelta(seconds=90),
        },
    ),
    Case("date", "echo_date", {"day": datetime.date(2026, 2, 28)}),
    Case("list and dict", "collections", {"xs": [1, 2, 3], "m": {"a": 1.5}}),
    Case("nested lists", "nested", {"xs": [["a", "b"], [], ["c"]]}),
    Case("optional given", "optional_in", {"a": 3}),
    Case("optional output none", "optional_out", {"a": -1}),
    Case("optional output value", "optional_out", {"a": 4}),
    Case("union int", "union_in", {"v": 3}),
    Case("union str", "union_in", {"v": "three"}),
    Case("enum", "colors", {"c": "red"}),
    Case("untyped dict", "untyped_dict", {"d": {"k": [1, "two"], "n": None}}),
    Case("pickle output", "pickled", {"n": 4}),
    Case("named tuple output", "named", {"a": 3}),
    Case("one-field named tuple", "named_one", {"a": 3}),
    Case("tuple output", "two_outputs", {"a": 3}),
    Case("no outputs", "nothing", {"a": 3}),
    Case("file output", "write_file", {"text": "written"}),
    Case("file input", "read_file", _with_file),
    Case("directory output", "write_dir", {"n": 3}),
    Case("directory input", "count_dir", _with_dir),
    Case("dataframe output", "frame", {"n": 3}),
    Case("dataframe input", "frame_rows", _with_frame),
    Case("structured dataset output", "dataset", {"n": 2}),
    # the execution's identity from the platform's variables, _F_* aliases and precedence
    Case(
        "identity from FLYTE_INTERNAL variables",
        "whoami",
        {"n": 1},
        env={
            "FLYTE_INTERNAL_EXECUTION_PROJECT": "p",
            "FLYTE_INTERNAL_EXECUTION_DOMAIN": "d",
            "FLYTE_INTERNAL_EXECUTION_ID": "x1",
            "FLYTE_INTERNAL_TASK_PROJECT": "tp",
            "FLYTE_INTERNAL_TASK_DOMAIN": "td",
            "FLYTE_INTERNAL_TASK_NAME": "tn",
            "FLYTE_INTERNAL_TASK_VERSION": "tv",
        },
    ),
    Case(
        "identity from _F_ aliases",
        "whoami",
        {"n": 1},
        env={"_F_PRJ": "p", "_F_DM": "d", "_F_NM": "x2", "_F_TK_PRJ": "tp", "_F_TK_V": "7"},
    ),
    Case(
        "FLYTE_INTERNAL before _F_",
        "whoami",
        {"n": 1},
        env={"FLYTE_INTERNAL_EXECUTION_ID": "first", "_F_NM": "second", "_F_TK_NM": "n"},
    ),
    # checkpoints from the command line
    Case("checkpoint, first attempt", "checkpointed", {"n": 3}, checkpoint=True),
    Case("checkpoint, a retry", "checkpointed", {"n": 4}, checkpoint=True, previous="12"),
    # inputs left out of inputs.pb
    Case("default taken", "add", {"a": 2}),
    Case("optional absent", "optional_in", {}),
    Case("every default", "defaults_everywhere", {}),
    Case("required input absent", "add", {}),
    # the error table
    Case("task raises", "fails", {"x": 1}),
    Case("recoverable", "recoverable", {"x": 1}),
    Case("user exception of flytekit's", "user_validation", {"x": 1}),
    Case("assertion", "asserts", {"x": -1}),
    Case("key error in the task", "key_error", {"x": 1}),
    Case("output of the wrong type", "wrong_output", {"x": 1}),
    Case("None for an int output", "none_output", {"x": 1}),
    Case("input of the wrong type", "add", _literals(a=_string("two"))),
    Case("no inputs.pb", "add", _no_file),
    Case("inputs.pb not a LiteralMap", "add", _garbage),
    Case(
        "module not importable",
        "add",
        {},
        loader=("task-module", "no_such_mod", "task-name", "add"),
    ),
    Case("no such task", "add", {}, loader=("task-module", "{module}", "task-name", "nope")),
    # dynamic tasks: futures.pb
    Case("dynamic fan out", "fan_out", {"n": 3}, env=SS),
    Case("dynamic chain", "chain", {"n": 1}, env=SS),
    Case("dynamic without nodes", "no_nodes", {"n": 2}, env=SS),
    Case("dynamic named output", "dynamic_named", {"n": 2}, env=SS),
    Case("dynamic map task, input left out", "dynamic_map", {"xs": [1, 2]}, env=SS),
    Case("dynamic map task", "dynamic_map_fixed", {"xs": [1, 2]}, env=SS),
    Case("dynamic sub-workflows", "dynamic_subworkflow", {"n": 1}, env=SS),
    Case("dynamic file outputs", "dynamic_files", {"n": 2}, env=SS),
    Case("dynamic raises", "dynamic_fails", {"n": 1}, env=SS),
    Case("dynamic input absent", "fan_out", {}, env=SS),
    # no _F_SS_C: no default image, as pyflyte-execute has none
    Case("dynamic without _F_SS_C, sub-tasks name their image", "fan_out_imaged", {"n": 2}),
    Case("dynamic without _F_SS_C, a sub-task names none", "fan_out", {"n": 1}),
    Case(
        "dynamic with task version",
        "fan_out",
        {"n": 1},
        env={**SS, "FLYTE_INTERNAL_TASK_VERSION": "v7", "_F_TK_PRJ": "p2"},
    ),
    # one element of a map task
    Case("map element", "mapped_add", {"a": [1, 2, 3], "b": [10, 20, 30]}, index=1),
    Case("map element with fixed input", "mapped_with_fixed", {"a": [1, 2], "b": 10}, index=0),
    Case(
        "map element with offset",
        "mapped_add",
        {"a": [1, 2, 3], "b": [4, 5, 6]},
        index=1,
        env={"BATCH_JOB_ARRAY_INDEX_OFFSET": "1"},
    ),
    Case("map input absent", "mapped_add", {"a": [1, 2]}, index=0),
    Case("map element of a union", "mapped_strings", {"v": [1, "b"]}, index=1),
    Case("map element raises", "mapped_fails", {"x": [1, 2]}, index=0),
    Case("map index out of range", "mapped_add", {"a": [1, 2], "b": [1, 2]}, index=5),
]

# Cases where pyflyte-execute writes no document at all (its process fails): flytecheck
# writes error.pb, naming what is wrong.
NOTHING_ON_FLYTEKIT = [
    (
        Case(
            "map index not a number",
            "mapped_add",
            {"a": [1, 2], "b": [1, 2]},
            index=0,
            env={"MY_INDEX": "x"},
        ),
        r"MY_INDEX='x' is not a whole number",
    ),
    (
        Case(
            "map offset not a number",
            "mapped_add",
            {"a": [1, 2], "b": [1, 2]},
            index=0,
            env={"BATCH_JOB_ARRAY_INDEX_OFFSET": "one"},
        ),
        r"BATCH_JOB_ARRAY_INDEX_OFFSET='one'",
    ),
    (
        Case(
            "resolver not importable",
            "add",
            {"a": 1},
            loader=("task-module", "{module}", "task-name", "add"),
            resolver="no_such.resolver",
        ),
        r"resolver 'no_such.resolver'",
    ),
]


IGNORED = [Case("outputs ignored", "ignores", {"x": 1})]
"""Tasks raising IgnoreOutputs: both entrypoints write nothing and exit 0."""


def _resolved(case: Case) -> Case:
    env = {k: v.replace("{settings}", _settings()) for k, v in case.env.items()}
    return Case(case.id, case.task, case.inputs, env, case.index, case.loader, case.resolver)


@pytest.fixture(scope="module")
def flytekit_side(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = contract.workspace(tmp_path_factory.mktemp("contract"))
    cases = [*CASES, *(c for c, _ in NOTHING_ON_FLYTEKIT), *IGNORED]
    return root, contract.run_flytekit([_resolved(c) for c in cases], root)


def test_the_table_has_the_cases_the_contract_names() -> None:
    ids = [c.id for c in (*CASES, *(c for c, _ in NOTHING_ON_FLYTEKIT), *IGNORED)]
    assert len(ids) == len(set(ids))
    # an id names the case's folder, and fsspec (under flytekit) reads `*?[` in a path as a glob
    assert not [i for i in ids if set(i) & set("*?[]")]
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_writes_what_pyflyte_execute_writes(
    case: Case, flytekit_side: tuple[Path, dict[str, Path]]
) -> None:
    root, theirs = flytekit_side
    ours, proc = contract.run_core(_resolved(case), root)
    expected = contract.written(theirs[case.id])
    assert proc.returncode == 0, proc.stderr
    assert contract.written(ours) == expected, (
        contract.message_of(ours) if (ours / "error.pb").exists() else ""
    )
    if expected == "outputs.pb":
        assert contract.outputs_of(ours) == contract.outputs_of(theirs[case.id])
    elif expected == "error.pb":
        assert contract.error_of(ours) == contract.error_of(theirs[case.id]), (
            contract.message_of(ours),
            contract.message_of(theirs[case.id]),
        )
    else:
        assert contract.futures_of(ours, contract.CORE) == contract.futures_of(
            theirs[case.id], contract.FK
        )


@pytest.mark.parametrize(
    ("case", "names"), NOTHING_ON_FLYTEKIT, ids=[c.id for c, _ in NOTHING_ON_FLYTEKIT]
)
def test_writes_an_error_naming_it_where_pyflyte_execute_writes_nothing(
    case: Case, names: str, flytekit_side: tuple[Path, dict[str, Path]]
) -> None:
    root, theirs = flytekit_side
    assert not any((theirs[case.id] / d).exists() for d in contract.DOCUMENTS)
    ours, proc = contract.run_core(_resolved(case), root)
    assert proc.returncode == 0, proc.stderr
    assert contract.written(ours) == "error.pb"
    assert re.search(names, contract.message_of(ours))


@pytest.mark.parametrize("case", IGNORED, ids=[c.id for c in IGNORED])
def test_ignored_outputs_write_nothing_as_pyflyte_execute(
    case: Case, flytekit_side: tuple[Path, dict[str, Path]]
) -> None:
    root, theirs = flytekit_side
    assert not any((theirs[case.id] / d).exists() for d in contract.DOCUMENTS)
    ours, proc = contract.run_core(_resolved(case), root)
    assert proc.returncode == 0, proc.stderr
    assert not any((ours / d).exists() for d in contract.DOCUMENTS)
    assert "IgnoreOutputs (worker 1 does not report)" in proc.stderr
