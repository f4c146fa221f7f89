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
