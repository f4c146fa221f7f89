"""`lint_paths`, the API the CLI and editors call: the same answers however the work is spread."""

from __future__ import annotations

from pathlib import Path

from flytecheck.lint.api import lint_paths
from flytecheck.lint.config import Settings

BAD = "from flytekit import task\n\n\n@task\ndef t{i}(x) -> int:\n    return x\n"
GOOD = "from flytekit import task\n\n\n@task\ndef t{i}(x: int) -> int:\n    return x\n"


def test_the_process_pool_gives_what_one_process_gives(tmp_path: Path) -> None:
    """Enough files for the pool: the same findings, in path order, as linting them in turn."""
    for i in range(48):
        template = BAD if i % 3 == 0 else GOOD
        (tmp_path / f"m{i:02d}.py").write_text(template.format(i=i))
    (tmp_path / "plain.py").write_text("x = 1\n")
    settings = Settings(root=str(tmp_path))
    seen: list[tuple[int, int]] = []
    pooled = lint_paths(
        [tmp_path], settings, use_cache=False, jobs=2, progress=lambda d, t: seen.append((d, t))
    )
    serial = lint_paths([tmp_path], settings, use_cache=False, jobs=1)
    assert pooled == serial
    assert [Path(r.path).name for r in pooled] == sorted(p.name for p in tmp_path.glob("*.py"))
    flagged = [Path(r.path).name for r in pooled if r.violations]
    assert flagged == [f"m{i:02d}.py" for i in range(0, 48, 3)]
    assert all(v.code == "FC101" for r in pooled for v in r.violations)
    assert seen[-1] == (49, 49)


def test_the_code_list_known_without_libcst_matches_the_rules() -> None:
    """`_codes.RULE_CODES` (read by --select checks, without importing the rules and libcst)
    lists exactly the rule classes' codes, in order."""
    from flytecheck.lint._codes import RULE_CODES
    from flytecheck.lint.rules import ALL_RULES

    assert tuple(rule.CODE for rule in ALL_RULES) == RULE_CODES


def test_a_warm_run_does_not_import_libcst(tmp_path: Path) -> None:
    """Checking --select codes must not pull in libcst (~150 ms of every cached run)."""
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "m.py").write_text(GOOD.format(i=0))
    probe = (
        "import sys\nfrom flytecheck.cli import main\n"
        "try:\n    main(['lint', '--select', 'FC1', 'm.py'])\n"
        "except SystemExit:\n    pass\nprint('libcst' in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True)
    warm = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    assert warm.stdout.strip() == "False"
