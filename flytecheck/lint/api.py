"""Linting files: discovery (respecting .gitignore), a text prefilter, a cache keyed by content,
settings and version, a process pool over all cores, and fixes written back. A crash on one file
is recorded in its result; the run goes on."""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from flytecheck._atomic import replace_file
from flytecheck.lint._model import FileResult, Violation
from flytecheck.lint.config import Settings

if TYPE_CHECKING:
    from flytecheck.lint.rule import LintRule

__all__ = ["discover", "lint_file", "lint_paths", "rules_for", "write_source"]

_SKIP_DIRS = {
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "node_modules",
    ".flytecheck_cache",
    ".tox",
    "build",
    "dist",
}
_MARKERS = (b"flytekit", b"flytecheck")
_PARALLEL_FROM = 24


def rules_for(settings: Settings) -> list[type[LintRule]]:
    from flytecheck.lint.rules import ALL_RULES

    return [rule for rule in ALL_RULES if settings.enabled(rule.CODE)]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True)
    except OSError:
        return None


def _git_files(root: Path) -> set[Path] | None:
    """Files git tracks or would track under `root`; None (no filter) outside a git checkout,
    or when `root` itself is ignored: a folder named on the command line is linted, as ripgrep
    and ruff do, even inside an ignored one such as a virtualenv."""
    listed = _git(root, "ls-files", "-co", "--exclude-standard", "-z")
    if listed is None or listed.returncode != 0:
        return None
    files = {(root / p).resolve() for p in listed.stdout.decode().split("\0") if p}
    if not files:
        ignored = _git(root, "check-ignore", "-q", ".")
        if ignored is not None and ignored.returncode == 0:
            return None
    return files


def discover(
    paths: Sequence[Path], settings: Settings, force_exclude: bool = False
) -> Iterator[Path]:
    """The Python files to lint: files given by name always (unless excluded and
    `force_exclude`), directories walked, skipping what .gitignore and extend-exclude exclude."""
    for path in paths:
        if path.is_file():
            if not (force_exclude and settings.excluded(str(path))):
                yield path
            continue
        allowed = _git_files(path)
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                if not name.endswith(".py"):
                    continue
                candidate = Path(folder) / name
                if allowed is not None and candidate.resolve() not in allowed:
                    continue
                if not settings.excluded(str(candidate)):
                    yield candidate


def _cache_path(root: Path) -> Path:
    import flytecheck

    return root / ".flytecheck_cache" / str(flytecheck.__version__)


def _cache_key(data: bytes, path: str, settings: Settings, fix: bool, unsafe: bool) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0{path}\0{settings.key()}\0{fix}{unsafe}".encode())
    return digest.hexdigest()


def lint_file(
    path: str,
    settings: Settings,
    fix: bool = False,
    unsafe_fixes: bool = False,
    source: bytes | None = None,
) -> FileResult:
    """Lint one file (or `source` given for it), with per-file ignores applied."""
    try:
        data = Path(path).read_bytes() if source is None else source
    except OSError as e:
        return FileResult(path, (), error=f"cannot be read: {e.strerror or e}")
    if b"\0" in data[:8192]:
        return FileResult(path, ())
    if not any(marker in data for marker in _MARKERS):
        return FileResult(path, ())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return FileResult(
            path,
            (
                Violation(
                    path, 1, 1, "FC001", f"the file is not UTF-8 ({e.reason}); save it as UTF-8"
                ),
            ),
        )
    from flytecheck.lint.engine import lint_source

    try:
        result = lint_source(
            text,
            path,
            rules_for(settings),
            fix=fix,
            unsafe_fixes=unsafe_fixes,
            extra_types=settings.extra_types,
            enabled_codes=[c for c in ("FC002",) if settings.enabled(c)],
        )
    except Exception as e:  # a crash on one file is reported, the run goes on
        return FileResult(path, (), error=f"internal error: {type(e).__name__}: {e}")
    kept = tuple(v for v in result.violations if not settings.ignored_in(path, v.code))
    return FileResult(path, kept, result.fixed_source, result.error)


def write_source(path: str, text: str) -> None:
    """Write a fixed file back in one step, keeping the UTF-8 BOM it had. A read-only file (no
    write bit, or not writable by this user) is refused: the rename would replace it anyway.
    Raises OSError."""
    target = Path(path)
    if not target.stat().st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    with target.open("rb") as fh:
        bom = codecs.BOM_UTF8 if fh.read(3) == codecs.BOM_UTF8 else b""
    replace_file(target, bom + text.encode("utf-8"))


def _to_json(result: FileResult) -> dict[str, object]:
    rows = [[v.path, v.line, v.col, v.code, v.message, v.fixable] for v in result.violations]
    return {"v": rows, "error": result.error}


def _from_json(path: str, data: dict[str, object]) -> FileResult:
    rows = data["v"]
    assert isinstance(rows, list)
    return FileResult(path, tuple(Violation(*row) for row in rows), error=data.get("error"))  # type: ignore[arg-type]


def lint_paths(
    paths: Sequence[Path],
    settings: Settings,
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    use_cache: bool = True,
    force_exclude: bool = False,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Lint every file under `paths`; results in path order. `progress(done, total)` is called
    as files finish, for a terminal's progress indicator."""
    files = [str(p) for p in discover(paths, settings, force_exclude)]
    cache_dir = _cache_path(Path(settings.root))
    results: dict[str, FileResult] = {}
    todo: list[tuple[str, str]] = []
    for path in files:
        key = ""
        if use_cache and not fix:
            try:
                key = _cache_key(Path(path).read_bytes(), path, settings, fix, unsafe_fixes)
                cached = cache_dir / key[:2] / key
                if cached.exists():
                    results[path] = _from_json(path, json.loads(cached.read_text()))
                    continue
            except (OSError, ValueError):
                key = ""
        todo.append((path, key))
    done = len(results)
    for (path, key), result in zip(
        todo, _run(todo, settings, fix, unsafe_fixes, jobs), strict=True
    ):
        results[path] = result
        done += 1
        if progress is not None:
            progress(done, len(files))
        if key and result.error is None:
            entry = json.dumps(_to_json(result)).encode()
            replace_file(cache_dir / key[:2] / key, entry, durable=False)
    return [results[p] for p in files]


def _run(
    todo: list[tuple[str, str]], settings: Settings, fix: bool, unsafe: bool, jobs: int | None
) -> Iterator[FileResult]:
    """Results in order, as they finish: in this process for a few files, else over a process
    pool of all cores."""
    paths = [p for p, _ in todo]
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(paths) < _PARALLEL_FROM:
        for path in paths:
            yield lint_file(path, settings, fix, unsafe)
        return
    n = len(paths)
    import concurrent.futures
    import multiprocessing

    import flytecheck.lint.engine  # noqa: F401 - loaded once here, inherited by forked workers

    # fork on Linux even where a later Python defaults to forkserver: a worker started afresh
    # would import libcst again (~150 ms each run); other platforms keep their default.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, n // (workers * 8))
        yield from pool.map(
            lint_file, paths, [settings] * n, [fix] * n, [unsafe] * n, chunksize=chunk
        )
