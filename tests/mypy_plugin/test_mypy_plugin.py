"""flytecheck.mypy on real mypy runs: every check has a bad case (a line marked `# E: code`
gets exactly that error) and a good one (the good file gets none); and with the plugin mypy
adds no error on Flyte's own examples (pointed at the core), against mypy without it, same
options. One mypy run a configuration, in-process through mypy's API."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.mypy_plugin import mypy_config

mypy_api = pytest.importorskip("mypy.api", reason="mypy is in the dev and mypy extras")

CASES = Path(__file__).with_name("cases")
_ERROR = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")
_EXPECTED = re.compile(r"# E: (?P<codes>[\w\- ]+)$")


def _errors(config: Path, cache: Path, paths: list[str]) -> set[tuple[str, int, str]]:
    out, err, _ = mypy_api.run(
        ["--config-file", str(config), "--cache-dir", str(cache), "--no-error-summary", *paths]
    )
    assert "INTERNAL ERROR" not in out + err, out + err
    found = set()
    for line in out.splitlines():
        m = _ERROR.match(line.strip())
        if m:
            found.add((Path(m["file"]).name, int(m["line"]), m["code"]))
    return found


def _expected(path: Path) -> set[tuple[str, int, str]]:
    out: set[tuple[str, int, str]] = set()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        m = _EXPECTED.search(line)
        if m:
            out.update((path.name, number, code) for code in m["codes"].split())
    return out


@pytest.fixture(scope="module")
def plugin_errors(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, int, str]]:
    tmp = tmp_path_factory.mktemp("mypy_plugin")
    return _errors(mypy_config(tmp, plugin=True), tmp / "cache", [str(CASES)])


def test_every_bad_case_gets_its_error(plugin_errors: set[tuple[str, int, str]]) -> None:
    bad = CASES / "promises_bad.py"
    got = {e for e in plugin_errors if e[0] == bad.name}
    assert got == _expected(bad)


def test_correct_workflow_code_gets_none(plugin_errors: set[tuple[str, int, str]]) -> None:
    assert {e for e in plugin_errors if e[0] == "promises_good.py"} == set()


def test_a_code_off_by_default_can_be_enabled(tmp_path: Path) -> None:
    config = mypy_config(tmp_path, plugin=True, extra="enable_error_code = flyte-promise-shown\n")
    found = _errors(config, tmp_path / "cache", [str(CASES / "promises_bad.py")])
    assert any(code == "flyte-promise-shown" for _, _, code in found)


def test_the_plugin_adds_no_error_on_flytes_examples(tmp_path: Path) -> None:
    from tests.flytesnacks import copy_corpus

    corpus = copy_corpus(tmp_path / "snacks", on_core=True)
    files = [str(p) for p in sorted(corpus.rglob("*.py")) if len(p.relative_to(corpus).parts) > 1]
    shop = REPO / "examples" / "shop"
    examples = [str(p) for p in sorted(shop.glob("*.py")) if p.name != "broken.py"]
    assert len(files) > 40
    without = _errors(mypy_config(tmp_path, plugin=False), tmp_path / "c1", files + examples)
    with_plugin = _errors(mypy_config(tmp_path, plugin=True), tmp_path / "c2", files + examples)
    assert sorted(with_plugin - without) == []
    shutil.rmtree(corpus, ignore_errors=True)


def test_the_demos_broken_workflow_is_found(tmp_path: Path) -> None:
    """examples/shop/broken.py holds mistakes on purpose: a promise compared in an `if`."""
    broken = REPO / "examples" / "shop" / "broken.py"
    found = _errors(mypy_config(tmp_path, plugin=True), tmp_path / "cache", [str(broken)])
    assert ("broken.py", 18, "flyte-promise-op") in found
