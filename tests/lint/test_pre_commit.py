"""The pre-commit hooks, run the way a user's pre-commit runs them: `pre-commit try-repo`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """`flytecheck-lint` fails a commit with a Flyte mistake and names it; a clean file passes."""
    if shutil.which("git") is None:
        pytest.fail("git is needed for pre-commit")
    source = tmp_path / "hooks-repo"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.egg-info", "__pycache__", ".*_cache", "build"
        ),
    )
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "hooks")
    project = tmp_path / "project"
    project.mkdir()
    (project / "flows.py").write_text(
        "from flytekit import task\n\n\n@task\ndef t(x) -> int:\n    return 1\n"
    )
    (project / "ok.py").write_text(
        "from flytekit import task\n\n\n@task\ndef t(x: int) -> int:\n    return x\n"
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "flytecheck-lint"]
    bad = subprocess.run(
        [*pre_commit, "--files", "flows.py"], cwd=project, capture_output=True, text=True, env=env
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "flows.py:5:7: FC101" in bad.stdout
    good = subprocess.run(
        [*pre_commit, "--files", "ok.py"], cwd=project, capture_output=True, text=True, env=env
    )
    assert good.returncode == 0, good.stdout + good.stderr
