"""Precision and recall on public Flyte projects nobody here wrote (../shared/corpora: flytekit
1.x and Union's SDK, pandera, torch, ...), judged by asking flytekit: every finding below was
confirmed by importing the module with flytekit 1.16 and asking its TypeEngine about the type
(`python -m tests.lint.judge`), and the linter reports nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.lint.api import lint_paths
from flytecheck.lint.config import Settings

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
_CONFORMANCE = "flyte-conformance/workflow/core/"
_WEATHER = "flytelab/projects/weather_forecasting/app/workflow.py"
_NER = "flytelab/projects/whats_cooking_good_looking/whats_cooking_good_looking/"

JUDGED = {
    (
        _CONFORMANCE + "flyte_type.py",
        86,
        "FC202",
    ): "input `pickle: Any`: TypeEngine gives FlytePickleTransformer",
    (_CONFORMANCE + "flyte_type.py", 86, "FC202", 2): "output `-> Any`: pickled likewise",
    (
        _WEATHER,
        44,
        "FC403",
    ): "Resources(storage=...): flytekit 1.16 raises TypeError importing the module",
    (_WEATHER, 45, "FC403"): "Resources(storage=...) for the limits: the same TypeError",
    (
        _WEATHER,
        636,
        "FC301",
    ): "f-string of a task's output in a @dynamic body: it logs the Promise, not the datetime",
    (_NER + "apply_ner_workflow.py", 15, "FC403"): "Resources(storage=...): TypeError on import",
    (_NER + "apply_ner_workflow.py", 16, "FC403"): "Resources(storage=...): TypeError on import",
    (_NER + "apply_ner_workflow.py", 90, "FC201"): "`nlp: bytes`: TypeEngine pickles bytes",
    (_NER + "train_ner_workflow.py", 19, "FC403"): "Resources(storage=...): TypeError on import",
    (_NER + "train_ner_workflow.py", 20, "FC403"): "Resources(storage=...): TypeError on import",
    (_NER + "train_ner_workflow.py", 26, "FC201"): "`labelstudio_tasks: bytes`: pickled",
    (_NER + "train_ner_workflow.py", 74, "FC201"): "`-> bytes`: pickled",
    (_NER + "train_ner_workflow.py", 91, "FC201"): "`labelstudio_tasks: bytes`: pickled",
    (_NER + "train_ner_workflow.py", 168, "FC201"): "`labelstudio_tasks: bytes`: pickled",
}


def test_public_projects_get_exactly_the_findings_flytekit_confirms() -> None:
    if not CORPORA.is_dir():
        pytest.skip(f"the corpora are not at {CORPORA}")
    results = lint_paths([CORPORA], Settings(root=str(CORPORA)), use_cache=False, jobs=1)
    assert len(results) >= 60  # every file was read
    assert [r.path for r in results if r.error or r.warning] == []
    found: list[tuple[str, int, str]] = sorted(
        (str(Path(v.path).resolve().relative_to(CORPORA.resolve())), v.line, v.code)
        for r in results
        for v in r.violations
    )
    expected = sorted(key[:3] for key in JUDGED)
    assert found == expected
