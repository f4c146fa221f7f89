"""flytecheck.mypy on real mypy runs: every check has a bad case (a line marked `# E: code`
gets exactly that error) and a good one (the good file gets none), on the core's spelling and
on flytekit's (the same case files with flytekit's imports); and with the plugin mypy adds no
error on Flyte's own examples, as written for flytekit and pointed at the core, against mypy
without it, same options. One mypy run a configuration, in-process through mypy's API."""

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
_EXPECTED = re.compile(
    r"# E(?:\((?P<spelling>core|flytekit)\))?: (?P<codes>[\w\-]+(?: [\w\-]+)*)(?=\s*(?:#|$))"
)
_FLYTEKIT_LINE = re.compile(r"^(?P<indent>\s*)\S.*# flytekit: (?P<code>.+)$")
SPELLINGS = ("core", "flytekit")


def flytekit_spelling(source: str) -> str:
    """A case file as a flytekit user writes it: flytekit's imports, and each line marked
    `# flytekit: code` replaced by that code."""
    source = source.replace("from flytecheck.core import", "from flytekit import")
    source = source.replace("from flytecheck.core.", "from flytekit.core.")
    lines = []
    for line in source.splitlines():
        m = _FLYTEKIT_LINE.match(line)
        lines.append(f"{m['indent']}{m['code']}" if m else line)
    return "\n".join(lines) + "\n"


def _errors(
    config: Path, cache: Path, paths: list[str], *, whole_paths: bool = False
) -> set[tuple[str, int, str]]:
    """(file, line, code) of every error: the file's name, or its path as mypy printed it."""
    out, err, _ = mypy_api.run(
        ["--config-file", str(config), "--cache-dir", str(cache), "--no-error-summary", *paths]
    )
    assert "INTERNAL ERROR" not in out + err, out + err
    found = set()
    for line in out.splitlines():
        m = _ERROR.match(line.strip())
        if m:
            name = m["file"] if whole_paths else Path(m["file"]).name
            found.add((name, int(m["line"]), m["code"]))
    return found


@pytest.fixture(scope="session")
def caches(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """One mypy cache with the plugin and one without, for this process's runs (each xdist
    worker has its own base folder, and mypy's cache is not safe to share between processes):
    flytekit is read once, not in every run."""
    base = tmp_path_factory.getbasetemp()
    return {
        plugin: base / f"mypy-cache-{'with' if plugin else 'without'}" for plugin in (True, False)
    }


def _added(
    tmp_path: Path,
    caches: dict[bool, Path],
    files: list[str],
    *,
    extra: list[str] | None = None,
) -> tuple[list[tuple[str, int, str]], int, int]:
    """What mypy reports with the plugin on lines it reports nothing on without it (same
    options), and the two counts. A line may change its code: mypy's `arg-type` for a
    workflow input bound to an input of another type is the plugin's `flyte-binding` (the
    input is a promise in the body)."""
    args = [*(extra or [])]
    without = _errors(
        mypy_config(tmp_path, plugin=False), caches[False], args + files, whole_paths=True
    )
    with_plugin = _errors(
        mypy_config(tmp_path, plugin=True), caches[True], args + files, whole_paths=True
    )
    lines_without = {(name, line) for name, line, _ in without}
    added = sorted(e for e in with_plugin if e[:2] not in lines_without)
    return added, len(without), len(with_plugin)


def _expected(path: Path, spelling: str) -> set[tuple[str, int, str]]:
    out: set[tuple[str, int, str]] = set()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        for m in _EXPECTED.finditer(line):
            if m["spelling"] in (None, spelling):
                out.update((path.name, number, code) for code in m["codes"].split())
    return out


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The case files in both spellings, each in a folder of its own."""
    tmp = tmp_path_factory.mktemp("mypy_cases")
    folders = {spelling: tmp / spelling for spelling in SPELLINGS}
    for spelling, folder in folders.items():
        folder.mkdir()
        for case in sorted(CASES.glob("promises_*.py")):
            text = case.read_text()
            (folder / case.name).write_text(
                flytekit_spelling(text) if spelling == "flytekit" else text
            )
    return folders


@pytest.fixture(scope="module")
def plugin_errors(
    tmp_path_factory: pytest.TempPathFactory, cases: dict[str, Path], caches: dict[bool, Path]
) -> dict[str, set[tuple[str, int, str]]]:
    tmp = tmp_path_factory.mktemp("mypy_plugin")
    config = mypy_config(tmp, plugin=True)
    return {s: _errors(config, caches[True], [str(f)]) for s, f in cases.items()}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_bad_case_gets_its_error(
    spelling: str, cases: dict[str, Path], plugin_errors: dict[str, set[tuple[str, int, str]]]
) -> None:
    bad = cases[spelling] / "promises_bad.py"
    got = {e for e in plugin_errors[spelling] if e[0] == bad.name}
    assert got == _expected(bad, spelling)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_correct_workflow_code_gets_none(
    spelling: str, plugin_errors: dict[str, set[tuple[str, int, str]]]
) -> None:
    assert {e for e in plugin_errors[spelling] if e[0] == "promises_good.py"} == set()


def test_the_flytekit_spelling_is_flytekits(cases: dict[str, Path]) -> None:
    """The flytekit case files import flytekit only (so they test what a flytekit user has)."""
    for case in cases["flytekit"].glob("*.py"):
        text = case.read_text()
        assert "from flytekit import" in text
        assert "flytecheck" not in text.replace("flytecheck.mypy", "")


def test_a_code_off_by_default_can_be_enabled(tmp_path: Path) -> None:
    config = mypy_config(tmp_path, plugin=True, extra="enable_error_code = flyte-promise-shown\n")
    found = _errors(config, tmp_path / "cache", [str(CASES / "promises_bad.py")])
    assert any(code == "flyte-promise-shown" for _, _, code in found)


@pytest.mark.parametrize("on_core", [False, True], ids=["as-written", "on-core"])
def test_the_plugin_adds_no_error_on_flytes_examples(
    tmp_path: Path, on_core: bool, caches: dict[bool, Path]
) -> None:
    """Flyte's examples as written (flytekit, read by mypy as docs/typing.md sets it up) and
    pointed at the core: with the plugin, no error on a line mypy found nothing on without
    it, and fewer errors in all."""
    from tests.flytesnacks import copy_corpus

    corpus = copy_corpus(tmp_path / "snacks", on_core=on_core)
    files = [str(p) for p in sorted(corpus.rglob("*.py")) if len(p.relative_to(corpus).parts) > 1]
    shop = REPO / "examples" / "shop"
    examples = [str(p) for p in sorted(shop.glob("*.py")) if p.name != "broken.py"]
    assert len(files) > 40
    added, without, with_plugin = _added(tmp_path, caches, files + examples)
    assert added == []
    assert with_plugin < without  # and the false errors it removes
    shutil.rmtree(corpus, ignore_errors=True)


def test_the_plugin_adds_no_error_on_public_flyte_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flyte projects nobody here wrote (../shared/corpora: flytekit, Union's SDK and its actor
    decorators, plugins, most of them not installed here), as their authors wrote them."""
    from tests.lint.test_corpora import CORPORA

    if not CORPORA.is_dir():
        pytest.skip(f"the corpora are not at {CORPORA}")
    shutil.copytree(CORPORA, tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)  # module names from paths relative to here (several app.py)
    files = [str(p) for p in sorted(Path("corpora").rglob("*.py"))]
    assert len(files) > 50
    own = {True: tmp_path / "c2", False: tmp_path / "c1"}  # other options: caches of its own
    added, without, with_plugin = _added(tmp_path, own, files, extra=["--explicit-package-bases"])
    assert added == []
    assert with_plugin < without


def test_the_demos_broken_workflow_is_found(tmp_path: Path, caches: dict[bool, Path]) -> None:
    """examples/shop/broken.py holds mistakes on purpose: a promise compared in an `if`."""
    broken = REPO / "examples" / "shop" / "broken.py"
    found = _errors(mypy_config(tmp_path, plugin=True), caches[True], [str(broken)])
    assert ("broken.py", 18, "flyte-promise-op") in found
