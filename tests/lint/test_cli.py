"""`flytecheck lint` as users run it: a subprocess on real files and trees."""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import REPO

BROKEN = textwrap.dedent(
    """
    from flytekit import task, workflow

    @task
    def t(x) -> int:
        return x

    @workflow
    def w(a: int) -> int:
        y = t(x=a)
        if y:
            return y
        return t(x=y)
    """
)
CLEAN = "from flytekit import task\n\n\n@task\ndef t(x: int) -> int:\n    return x\n"


def lint(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "lint", *args],
        cwd=cwd, capture_output=True, text=True, input=stdin,
    )  # fmt: skip


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "broken.py").write_text(BROKEN)
    (tmp_path / "pkg" / "clean.py").write_text(CLEAN)
    (tmp_path / "pkg" / "unrelated.py").write_text("def f(x):\n    return x\n")
    return tmp_path


def test_findings_are_ruff_style_and_exit_1(tree: Path) -> None:
    """`path:line:col: CODE message` with 1-based columns, a summary, exit 1."""
    out = lint(tree, "pkg", "--no-cache")
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "pkg/broken.py:5:7: FC101 parameter 'x' has no type annotation; Flyte needs one to store the value: write `x: int` (or its type)",
        "pkg/broken.py:11:8: FC301 `if` on a Promise, which has no value while the workflow body runs: branch with conditional('name').if_(...).then(...).else_()",
    ]
    assert "Found 2 errors in 1 file (3 files checked)." in out.stderr


def test_clean_code_exits_0(tree: Path) -> None:
    """A clean file passes with exit 0."""
    out = lint(tree, "pkg/clean.py", "--no-cache")
    assert (out.returncode, out.stdout) == (0, "")
    assert "All checks passed" in out.stderr


def test_select_ignore_and_exit_zero(tree: Path) -> None:
    """--select/--ignore take codes or prefixes; --exit-zero reports but exits 0."""
    assert "FC101" not in lint(tree, "pkg", "--no-cache", "--ignore", "FC1").stdout
    only = lint(tree, "pkg", "--no-cache", "--select", "FC101").stdout
    assert "FC101" in only
    assert "FC301" not in only
    assert lint(tree, "pkg", "--no-cache", "--exit-zero").returncode == 0


def test_noqa_comments(tree: Path) -> None:
    """`# noqa: CODE` and bare `# noqa` silence their line; `# flytecheck: noqa` the file."""
    source = BROKEN.replace("def t(x) -> int:", "def t(x) -> int:  # noqa: FC101").replace(
        "if y:", "if y:  # noqa"
    )
    (tree / "pkg" / "broken.py").write_text(source)
    assert lint(tree, "pkg", "--no-cache").returncode == 0
    (tree / "pkg" / "broken.py").write_text("# flytecheck: noqa\n" + BROKEN)
    assert lint(tree, "pkg", "--no-cache").returncode == 0
    (tree / "pkg" / "broken.py").write_text(
        BROKEN.replace("def t(x) -> int:", "def t(x) -> int:  # noqa: FC999")
    )
    assert "FC101" in lint(tree, "pkg", "--no-cache").stdout


def test_pyproject_settings_and_unknown_keys(tree: Path) -> None:
    """[tool.flytecheck.lint] in the closest pyproject applies; an unknown key is exit 2 naming it."""
    (tree / "pyproject.toml").write_text(
        '[tool.flytecheck.lint]\nignore = ["FC301"]\nper-file-ignores = { "pkg/broken.py" = ["FC101"] }\n'
    )
    assert lint(tree, "pkg", "--no-cache").returncode == 0
    (tree / "pyproject.toml").write_text("[tool.flytecheck.lint]\nselekt = []\n")
    out = lint(tree, "pkg", "--no-cache")
    assert out.returncode == 2
    assert "unknown key(s) selekt" in out.stderr


def test_output_formats(tree: Path) -> None:
    """JSON round-trips; SARIF has 2.1.0's required fields; JUnit parses; GitHub annotations."""
    rows = json.loads(lint(tree, "pkg", "--no-cache", "--output-format", "json").stdout)
    assert rows[0] == {
        "filename": "pkg/broken.py",
        "line": 5,
        "column": 7,
        "code": "FC101",
        "message": rows[0]["message"],
        "fixable": False,
        "level": "error",
    }
    sarif = json.loads(lint(tree, "pkg", "--no-cache", "--output-format", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "flytecheck"
    assert {r["ruleId"] for r in run["results"]} == {"FC101", "FC301"}
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    junit = ET.fromstring(lint(tree, "pkg", "--no-cache", "--output-format", "junit").stdout)
    assert junit.find("testsuite").get("failures") == "2"  # type: ignore[union-attr]
    github = lint(tree, "pkg", "--no-cache", "--output-format", "github").stdout
    assert github.startswith(
        "::error title=flytecheck (FC101),file=pkg/broken.py,line=5,col=7::FC101"
    )


def test_statistics(tree: Path) -> None:
    """--statistics counts findings per rule."""
    out = lint(tree, "pkg", "--no-cache", "--statistics").stdout
    assert "    1  FC101  untyped-parameter" in out


def test_fix_and_diff(tree: Path) -> None:
    """--diff shows fixes and writes nothing; --fix writes safe fixes; unsafe ones need
    --unsafe-fixes."""
    source = textwrap.dedent(
        """
        from typing import List
        from flytekit import LaunchPlan, task, workflow

        @task
        def t(xs: List[int] = []) -> int:
            return len(xs)

        @workflow
        def w(a: int) -> int:
            return t()

        lp = LaunchPlan.get_or_create(w, name="lp")

        @workflow
        def v() -> int:
            return lp(3)
        """
    )
    path = tree / "pkg" / "fixme.py"
    path.write_text(source)
    diff = lint(tree, "pkg/fixme.py", "--no-cache", "--diff")
    assert "+    return lp(a=3)" in diff.stdout
    assert path.read_text() == source
    lint(tree, "pkg/fixme.py", "--no-cache", "--fix")
    assert "return lp(a=3)" in path.read_text()
    assert "return t()" in path.read_text()
    lint(tree, "pkg/fixme.py", "--no-cache", "--fix", "--unsafe-fixes")
    assert "return t(xs=[])" in path.read_text()


def test_fix_keeps_bom_line_ends_and_permissions(tree: Path) -> None:
    """A fixed file is written in one step and is otherwise the file it was."""
    path = tree / "pkg" / "lp.py"
    source = (
        "from flytekit import LaunchPlan, workflow\r\n@workflow\r\ndef w(a: int) -> None:\r\n"
        "    pass\r\nlp = LaunchPlan.get_or_create(w, name='lp')\r\n@workflow\r\n"
        "def v() -> None:\r\n    lp(3)\r\n"
    )
    path.write_bytes(codecs.BOM_UTF8 + source.encode())
    path.chmod(0o640)
    result = lint(tree, "pkg/lp.py", "--no-cache", "--fix")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == codecs.BOM_UTF8 + source.replace("lp(3)", "lp(a=3)").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        ["broken.py", "clean.py", "unrelated.py", "lp.py"]
    )


def test_a_fix_that_cannot_be_written_leaves_the_file_and_exits_2(tree: Path) -> None:
    """Here the temporary file's name is too long for the file system; the file is unchanged,
    the reason is named, and the run fails."""
    path = tree / "pkg" / f"{'m' * 245}.py"
    source = (
        "from flytekit import LaunchPlan, workflow\n@workflow\ndef w(a: int) -> None:\n    pass\n"
    )
    source += (
        "lp = LaunchPlan.get_or_create(w, name='lp')\n@workflow\ndef v() -> None:\n    lp(3)\n"
    )
    path.write_text(source)
    result = lint(tree, str(path.relative_to(tree)), "--no-cache", "--fix")
    assert result.returncode == 2
    assert "cannot write it (File name too long); the file is unchanged" in result.stderr
    assert f"{path.name}: error: its fixes could not be written" in result.stdout
    assert f"{path.name}:8:5: FC304" in result.stdout
    assert "1 file failed: see the errors above." in result.stderr
    assert path.read_text() == source


def test_a_read_only_file_is_not_fixed(tree: Path) -> None:
    """Even for root, who could replace it: the file is left as it is and the run fails."""
    path = tree / "pkg" / "fixme.py"
    path.write_text(
        "from flytekit import LaunchPlan, workflow\n@workflow\ndef w(a: int) -> None:\n    pass\n"
        "lp = LaunchPlan.get_or_create(w, name='lp')\n@workflow\ndef v() -> None:\n    lp(3)\n"
    )
    before = path.read_text()
    path.chmod(0o444)
    result = lint(tree, "pkg/fixme.py", "--no-cache", "--fix")
    assert result.returncode == 2
    assert "pkg/fixme.py: cannot write it (the file is read-only); the file is unchanged" in (
        result.stderr
    )
    assert path.read_text() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_stdin_filename(tree: Path) -> None:
    """--stdin-filename lints standard input under that name."""
    out = lint(tree, "--stdin-filename", "pkg/typed.py", "--no-cache", stdin=BROKEN)
    assert out.stdout.startswith("pkg/typed.py:5:7: FC101")


def test_stdin_diff_shows_only_the_changed_lines(tree: Path) -> None:
    source = (
        "from flytekit import LaunchPlan, workflow\n@workflow\ndef w(a: int) -> None:\n    pass\n"
        "lp = LaunchPlan.get_or_create(w, name='lp')\n@workflow\ndef v() -> None:\n    lp(3)\n"
    )
    out = lint(tree, "--stdin-filename", "pkg/lp.py", "--no-cache", "--diff", stdin=source)
    changed = [line for line in out.stdout.splitlines() if line[:1] in "+-"]
    assert changed == ["--- pkg/lp.py", "+++ pkg/lp.py", "-    lp(3)", "+    lp(a=3)"]


def test_gitignore_and_force_exclude(tree: Path) -> None:
    """Walking a directory respects .gitignore; named files are linted unless --force-exclude."""
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    (tree / ".gitignore").write_text("pkg/broken.py\n")
    assert lint(tree, "pkg", "--no-cache").returncode == 0
    assert lint(tree, "pkg/broken.py", "--no-cache").returncode == 1
    (tree / "pyproject.toml").write_text(
        '[tool.flytecheck.lint]\nextend-exclude = ["pkg/broken.py"]\n'
    )
    assert lint(tree, "pkg/broken.py", "--no-cache", "--force-exclude").returncode == 0


def test_a_named_folder_is_linted_even_when_git_ignores_it(tree: Path) -> None:
    """As with ripgrep and ruff: `flytecheck lint vendored/` inside an ignored folder lints it."""
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    (tree / ".gitignore").write_text("pkg/\n")
    named = lint(tree, "pkg", "--no-cache")
    assert named.returncode == 1
    assert "pkg/broken.py:" in named.stdout
    walked = lint(tree, ".", "--no-cache")
    assert walked.returncode == 0
    assert "no Python files found under ." in walked.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"from flytekit import task\ndef f(:\n", "FC001"),
        (b"\x00\x01flytekit\x02", "FC001"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "FC001"),
        (b"", None),
        (b"\xef\xbb\xbf" + BROKEN.encode(), "FC101"),
        (BROKEN.replace("\n", "\r\n").encode(), "FC101"),
        (b"# flytekit\n\xff\xfe not utf8\n", "FC001"),
    ],
    ids=["syntax-error", "binary", "binary-unrelated", "empty", "bom", "crlf", "not-utf8"],
)
def test_awkward_files(tree: Path, content: bytes, expected: str | None) -> None:
    """Files that do not parse are a finding and the run goes on, binary ones too (Python
    refuses NUL bytes), Flyte code or not; empty files pass; BOM and CRLF files are linted."""
    (tree / "pkg" / "odd.py").write_bytes(content)
    out = lint(tree, "pkg/odd.py", "pkg/clean.py", "--no-cache")
    codes = {line.split()[1] for line in out.stdout.splitlines()}
    if expected is None:
        assert codes == set()
    else:
        assert expected in codes


def test_a_50000_line_file(tree: Path) -> None:
    """A huge file is linted."""
    body = "".join(f"@task\ndef t{i}(x: int) -> int:\n    return x\n\n\n" for i in range(10_000))
    (tree / "pkg" / "huge.py").write_text(
        "from flytekit import task\n\n\n" + body + "@task\ndef bad(x):\n    pass\n"
    )
    out = lint(tree, "pkg/huge.py", "--no-cache")
    assert out.stdout.startswith("pkg/huge.py:50005:9: FC101")


def test_the_cache(tree: Path) -> None:
    """An unchanged file comes from the cache; a changed file or changed settings are linted anew."""
    first = lint(tree, "pkg")
    assert (tree / ".flytecheck_cache").is_dir()
    assert lint(tree, "pkg").stdout == first.stdout
    (tree / "pkg" / "broken.py").write_text(BROKEN.replace("def t(x)", "def t(x: int)"))
    assert "FC101" not in lint(tree, "pkg").stdout
    (tree / "pyproject.toml").write_text('[tool.flytecheck.lint]\nignore = ["FC301"]\n')
    assert lint(tree, "pkg").returncode == 0


def test_usage_errors_exit_2(tree: Path) -> None:
    """A path that does not exist is exit 2 naming it."""
    out = lint(tree, "nowhere")
    assert out.returncode == 2
    assert "no such file or directory: nowhere" in out.stderr


def test_rules_and_rule(tree: Path) -> None:
    """`flytecheck rules` lists the catalogue; `flytecheck rule FC101` explains one with examples."""
    rules = subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "rules"], capture_output=True, text=True
    ).stdout
    assert rules.startswith("FC101  untyped-parameter")
    one = subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "rule", "fc303"], capture_output=True, text=True
    ).stdout
    assert one.startswith("FC303 (conditional-without-else)")
    assert "Bad:" in one
    assert "Good:" in one


def test_no_false_positives_on_the_examples() -> None:
    """The example project lints clean, apart from its deliberately broken modules; the one
    that would not register is caught while typing too (a str input into a float one)."""
    out = lint(REPO / "examples", ".", "--no-cache")
    files = {line.split(":")[0] for line in out.stdout.splitlines()}
    assert files == {"shop/broken.py", "shop/unregistrable.py"}
    unregistrable = [line for line in out.stdout.splitlines() if "unregistrable" in line]
    assert [line.split(": ")[1].split()[0] for line in unregistrable] == ["FC309"]


def test_every_import_style(tree: Path) -> None:
    """Entities are recognised however flytekit or flytecheck.core is imported."""
    styles = [
        "import flytekit as fk\n@fk.task(retries=1)\ndef t(x) -> int:\n    return 1\n",
        "import flytekit\n@flytekit.task\ndef t(x) -> int:\n    return 1\n",
        "from flytekit.core.task import task as make\n@make\ndef t(x) -> int:\n    return 1\n",
        "from flytecheck.core import task\n@task()\ndef t(x) -> int:\n    return 1\n",
        "import flytecheck.core as fc\n@fc.task\ndef t(x) -> int:\n    return 1\n",
    ]
    for i, source in enumerate(styles):
        (tree / "pkg" / f"style{i}.py").write_text(source)
        assert "FC101" in lint(tree, f"pkg/style{i}.py", "--no-cache").stdout, source
    os.remove(tree / "pkg" / "style0.py")


def test_unused_suppressions_are_reported(tree: Path) -> None:
    """A `# noqa: FC...` that silences nothing is FC002; bare noqa and other tools' codes are not."""
    (tree / "pkg" / "clean.py").write_text(
        CLEAN.replace("def t(x: int) -> int:", "def t(x: int) -> int:  # noqa: FC101, E501")
        + "x = 1  # noqa\n"
    )
    out = lint(tree, "pkg/clean.py", "--no-cache")
    assert out.stdout.splitlines() == [
        "pkg/clean.py:5:24: FC002 unused suppression of FC101: nothing is reported here; remove it"
    ]
    assert lint(tree, "pkg/clean.py", "--no-cache", "--ignore", "FC002").returncode == 0


def test_add_noqa(tree: Path) -> None:
    """--add-noqa silences every finding in place, keeping existing codes; the file still parses."""
    path = tree / "pkg" / "broken.py"
    path.write_text(BROKEN.replace("if y:", "if y:  # noqa: E999"))
    out = lint(tree, "pkg", "--no-cache", "--add-noqa")
    assert out.returncode == 0
    assert "Added 2 noqa directive(s)." in out.stderr
    assert "def t(x) -> int:  # noqa: FC101" in path.read_text()
    assert "if y:  # noqa: E999, FC301" in path.read_text()
    assert lint(tree, "pkg", "--no-cache").returncode == 0


def test_progress_only_on_a_terminal(tree: Path) -> None:
    """Long runs show progress on a terminal's stderr, and nothing when piped or under CI."""
    import pty

    for i in range(60):
        (tree / "pkg" / f"m{i}.py").write_text(CLEAN)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    main, secondary = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "lint", "pkg", "--no-cache", "--select", "FC101"],
        cwd=tree, stdout=subprocess.PIPE, stderr=secondary, env=env,
    )  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.returncode == 1
    assert b"flytecheck: 63/63 files" in b"".join(chunks)
    piped = lint(tree, "pkg", "--no-cache")
    assert "files\r" not in piped.stderr
    assert "63/63" not in piped.stderr
