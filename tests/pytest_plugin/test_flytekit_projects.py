"""flytekit projects, unchanged: Flyte's own examples, run by flytecheck as a flytekit user's
`flyte_run` runs them, give what flytekit's local run gives, value for value and type for type.

Each flytesnacks module runs as its `__main__` block on flytekit (fixtures/replay_on_flytecheck.py);
every task, workflow and launch plan it calls at the top is called again through flytecheck's
adapter (`flyte_run`'s path: flytekit serializes, flytecheck's executor runs the IDL, each task
through flytekit's own dispatch_execute), and the two results are compared: the same class
(flytekit's FlyteFile, StructuredDataset, NamedTuples, pydantic models, pickled objects) and
the same value (a file's bytes, a table's rows).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.core.test_flytesnacks_on_core import FAILS_ON_FLYTEKIT
from tests.flytesnacks import copy_corpus, flytesnacks_dir, modules

REPLAY = Path(__file__).parent / "fixtures" / "replay_on_flytecheck.py"

# Modules whose __main__ block calls no entity, so there is nothing to compare (their
# entities are run by the tests below where they can run locally at all).
CALLS_NOTHING = {
    "advanced_composition/chain_entities",
    "advanced_composition/eager_workflows",
    "advanced_composition/waiting_for_external_inputs",
    "basics/documenting_workflows",
    "development_lifecycle/failure_node",
    "development_lifecycle/task_cache_serialize",
    "productionizing/lp_notifications",
    "productionizing/lp_schedules",
    "productionizing/reference_launch_plan",
    "productionizing/reference_task",
}


def _replay(corpus: Path, module: str) -> tuple[list[dict[str, str]], str]:
    folder, name = module.split("/")
    path = corpus / folder / folder / f"{name}.py"
    env = {**os.environ, "FLYTE_SDK_LOGGING_LEVEL": "50", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, str(REPLAY), str(path)],
        cwd=corpus / folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    records = [
        json.loads(line[7:]) for line in done.stdout.splitlines() if line.startswith("REPLAY ")
    ]
    return records, done.stderr[-3000:]


@pytest.fixture(scope="module")
def replayed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[list[dict[str, str]], str]]:
    pytest.importorskip("flytekit")
    flytesnacks_dir()
    corpus = copy_corpus(tmp_path_factory.mktemp("replay") / "corpus", on_core=False)
    wanted = [m for m in modules() if m not in FAILS_ON_FLYTEKIT]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = pool.map(lambda m: _replay(corpus, m), wanted)
        return dict(zip(wanted, runs, strict=True))


@pytest.mark.parametrize("module", [m for m in modules() if m not in FAILS_ON_FLYTEKIT])
def test_flytecheck_runs_it_as_flytekit_runs_it(
    module: str, replayed: dict[str, tuple[list[dict[str, str]], str]]
) -> None:
    records, stderr = replayed[module]
    if module in CALLS_NOTHING:
        assert records == [], "this module now calls entities: compare them (take it off the list)"
        return
    assert records, f"{module}: no entity call was replayed\n{stderr}"
    different = [r for r in records if r["outcome"] != "same"]
    assert not different, json.dumps(different, indent=1)
