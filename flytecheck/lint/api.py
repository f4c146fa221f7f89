"""Linting files: discovery (respecting .gitignore), a text prefilter, a cache keyed by content,
settings and version, a process pool over all cores, and fixes written back. A crash on one file
is recorded in its result; the run goes on."""

from __future__ import annotations

import codecs
import dataclasses
import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flytecheck._atomic import replace_file
from flytecheck.lint._codes import PARSE_ERROR
from flytecheck.lint._model import FileResult, Violation
from flytecheck.lint._summary import (
    factories_for,
    index_of,
    problems,
    project_factories,
    summary_from_json,
)
from flytecheck.lint.config import Settings

if TYPE_CHECKING:
    from flytecheck.lint.rule import LintRule

__all__ = [
    "ChangedSinceLinted",
    "discover",
    "lint_file",
    "lint_paths",
    "rules_for",
    "write_source",
]

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
_MARKERS = (b"flytekit", b"flytecheck", b"union")
"""A file that mentions none of these (nor a configured SDK module) has no Flyte code."""
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
    names = listed.stdout.decode(errors="surrogateescape").split("\0")
    files = {Path(os.path.realpath(root / p)) for p in names if p}
    if not files:
        ignored = _git(root, "check-ignore", "-q", ".")
        if ignored is not None and ignored.returncode == 0:
            return None
    return files


def discover(
    paths: Sequence[Path], settings: Settings, force_exclude: bool = False
) -> Iterator[Path]:
    """The Python files to lint: files given by name always (unless excluded and
    `force_exclude`), directories walked, skipping what .gitignore and extend-exclude exclude.
    Special files are yielded too; `lint_file` skips them with a warning."""
    for path in paths:
        if not path.is_dir():
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
                if allowed is not None and Path(os.path.realpath(candidate)) not in allowed:
                    continue
                if not settings.excluded(str(candidate)):
                    yield candidate


def _cache_path(root: Path) -> Path:
    import flytecheck

    return root / ".flytecheck_cache" / str(flytecheck.__version__)


def _cache_key(
    digest: str,
    path: str,
    settings: Settings,
    fix: bool,
    unsafe: bool,
    factories: Mapping[str, str] | None = None,
) -> str:
    """The cache key of a file: the SHA-256 of its content (`digest`), path and settings, and
    of the project factories it was linted with."""
    known = sorted((factories or {}).items())
    text = f"{digest}\0{path}\0{settings.key()}\0{fix}{unsafe}\0{known}"
    return hashlib.sha256(text.encode()).hexdigest()


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class _Skipped(Exception):
    """A path that is not a regular file: skipped, with a warning naming what it is."""


def read_source(path: str) -> bytes:
    """A file's bytes, refusing anything but a regular file (a FIFO would block the run, a link
    to /dev/zero would never end). Raises _Skipped or OSError."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOENT) and os.path.islink(path):
            what = "a symbolic link loop" if e.errno == errno.ELOOP else "a broken symbolic link"
            raise _Skipped(what) from e
        raise
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _Skipped(next((what for test, what in _KINDS if test(mode)), "not a file"))
        return fh.read()


def _skipped(path: str, why: _Skipped) -> FileResult:
    return FileResult(path, (), warning=f"skipped: it is {why}, not a regular file")


def lint_file(
    path: str,
    settings: Settings,
    fix: bool = False,
    unsafe_fixes: bool = False,
    source: bytes | None = None,
    factories: Mapping[str, str] | None = None,
    force: bool = False,
) -> FileResult:
    """Lint one file (or `source` given for it), with per-file ignores applied. `factories`:
    the project's decorators, environments and classes this file uses (a second pass);
    `force`: read it even if it mentions no SDK (a module whose classes another one uses)."""
    try:
        data = read_source(path) if source is None else source
    except _Skipped as e:
        return _skipped(path, e)
    except OSError as e:
        return FileResult(path, (), error=f"cannot be read: {e.strerror or e}")
    digest = hashlib.sha256(data).hexdigest()
    if b"\0" in data:
        message = (
            "the file holds NUL bytes (binary content?), which Python refuses to load: "
            "restore its source or rename it from .py"
        )
        return FileResult(path, (Violation(path, 1, 1, PARSE_ERROR, message),), digest=digest)
    markers = (*_MARKERS, *(m.encode() for m in settings.sdk_modules))
    if not (factories or force) and not any(marker in data for marker in markers):
        return FileResult(path, (), digest=digest)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        message = f"the file is not UTF-8 ({e.reason} at byte {e.start}); save it as UTF-8"
        return FileResult(path, (Violation(path, line, 1, PARSE_ERROR, message),), digest=digest)
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
            sdk_modules=settings.sdk_modules,
            factories=factories,
            default_cache_policy=settings.union_project,
        )
    except Exception as e:  # a crash on one file is reported, the run goes on
        return FileResult(path, (), error=f"internal error: {type(e).__name__}: {e}", digest=digest)
    kept = tuple(v for v in result.violations if not settings.ignored_in(path, v.code))
    return FileResult(
        path, kept, result.fixed_source, result.error, digest=digest, summary=result.summary
    )


class ChangedSinceLinted(OSError):
    """The file changed while it was being linted: its fixes are not written over the edit."""


def write_source(path: str, text: str, digest: str | None = None) -> None:
    """Write a fixed file back in one step, keeping the UTF-8 BOM it had. A read-only file (no
    write bit, or not writable by this user) is refused: the rename would replace it anyway.
    With `digest` (the SHA-256 of the bytes the fixes were computed from), a file that has
    changed since is refused too. Raises OSError."""
    target = Path(path)
    if not target.stat().st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    current = target.read_bytes()
    if digest is not None and hashlib.sha256(current).hexdigest() != digest:
        raise ChangedSinceLinted(errno.EAGAIN, "it changed while it was being linted", path)
    bom = codecs.BOM_UTF8 if current.startswith(codecs.BOM_UTF8) else b""
    replace_file(target, bom + text.encode("utf-8"))


def _to_json(result: FileResult) -> dict[str, object]:
    rows = [[v.path, v.line, v.col, v.code, v.message, v.fixable] for v in result.violations]
    summary = dataclasses.asdict(result.summary) if result.summary is not None else None
    return {"v": rows, "s": summary}


def _from_json(path: str, data: object, digest: str) -> FileResult | None:
    """A cached result; None for an entry that is not one (damaged, or written by hand)."""
    rows = data.get("v") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return None
    try:
        violations = tuple(Violation(*row) for row in rows)
    except TypeError:
        return None
    shapes = (str, int, int, str, str, bool)
    for v in violations:
        values = (v.path, v.line, v.col, v.code, v.message, v.fixable)
        if not all(isinstance(x, t) for x, t in zip(values, shapes, strict=True)):
            return None
    raw = data.get("s") if isinstance(data, dict) else None
    try:
        summary = summary_from_json(raw) if raw is not None else None
    except (TypeError, KeyError, ValueError):
        return None
    return FileResult(path, violations, digest=digest, summary=summary)


class _Cache:
    """Results by content, settings and version under `.flytecheck_cache/`. A cache that cannot
    be read or written is a warning, once, never a failed run: it only saves time."""

    def __init__(self, root: Path, enabled: bool, warn: Callable[[str], None]) -> None:
        self.folder = _cache_path(root)
        self.enabled = enabled
        self._warn = warn

    def get(self, key: str, path: str, digest: str) -> FileResult | None:
        if not self.enabled:
            return None
        try:
            data = (self.folder / key[:2] / key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            self._disable(f"cannot read {self.folder} ({e.strerror or e})")
            return None
        try:
            return _from_json(path, json.loads(data), digest)
        except ValueError:
            return None

    def put(self, key: str, result: FileResult) -> None:
        if not self.enabled:
            return
        try:
            entry = json.dumps(_to_json(result)).encode()
            replace_file(self.folder / key[:2] / key, entry, durable=False)
        except OSError as e:
            self._disable(f"cannot write {self.folder} ({e.strerror or e})")

    def _disable(self, why: str) -> None:
        self.enabled = False
        self._warn(
            f"warning: the cache is off for this run: {why}; fix its permissions or delete "
            "it (or pass --no-cache)"
        )


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
    warn: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
) -> list[FileResult]:
    """Lint every file under `paths`; results in path order. `progress(done, total)` is called
    as files finish, for a terminal's progress indicator; `warn` gets what the run could not
    do but went on without (an unusable cache)."""
    files = [str(p) for p in discover(paths, settings, force_exclude)]
    cache = _Cache(Path(settings.root), use_cache and not fix, warn)
    results: dict[str, FileResult] = {}
    todo: list[str] = []
    keys: dict[str, tuple[str, str]] = {}
    for path in files:
        if cache.enabled:
            try:
                data = read_source(path)
            except _Skipped as e:
                results[path] = _skipped(path, e)
                continue
            except OSError:
                data = None
            if data is not None:
                digest = hashlib.sha256(data).hexdigest()
                key = _cache_key(digest, path, settings, fix, unsafe_fixes)
                cached = cache.get(key, path, digest)
                if cached is not None:
                    results[path] = cached
                    continue
                keys[path] = key, digest
        todo.append(path)
    done = len(results)
    for path, result in zip(todo, _run(todo, settings, fix, unsafe_fixes, jobs), strict=True):
        results[path] = result
        done += 1
        if progress is not None:
            progress(done, len(files))
        key, digest = keys.get(path, ("", ""))
        if key and result.digest == digest and result.error is None and result.warning is None:
            cache.put(key, result)  # not when the file changed between the two reads
    _with_project_factories(results, settings, cache, fix, unsafe_fixes)
    return with_project_calls([results[p] for p in files], settings)


def _with_project_factories(
    results: dict[str, FileResult], settings: Settings, cache: _Cache, fix: bool, unsafe: bool
) -> None:
    """Lint again, in place, the files that use a decorator or environment another module of
    the project defines (`from .envs import actor`, then `@actor.task`), now that the first
    pass has found what each module defines. A file that names such a module but mentions no
    SDK was passed over by the prefilter: it is read here too."""
    _read_named_modules(results, settings, cache, fix, unsafe)
    known = project_factories(r.summary for r in results.values() if r.summary is not None)
    if not known:
        return
    for path, result in results.items():
        if result.error is not None or result.warning is not None:
            continue
        if result.summary is not None:
            wanted = factories_for(result.summary, known)
        elif not result.violations:
            wanted = _mentioned(path, known)
        else:
            continue
        if not wanted:
            continue
        key = _cache_key(result.digest or "", path, settings, fix, unsafe, wanted)
        cached = cache.get(key, path, result.digest or "") if result.digest else None
        if cached is not None:
            results[path] = cached
            continue
        again = lint_file(path, settings, fix, unsafe, factories=wanted)
        results[path] = again
        if again.digest == result.digest and again.error is None and again.warning is None:
            cache.put(key, again)


def _read_named_modules(
    results: dict[str, FileResult], settings: Settings, cache: _Cache, fix: bool, unsafe: bool
) -> None:
    """Read the modules that files' signatures name a class of (`from pkg.models import
    Blob`) but that the prefilter passed over (they mention no SDK), for their classes'
    verdicts. A module that the run did not include is not read."""
    from flytecheck._modules import import_name

    named = {
        name.rsplit(".", 1)[0]
        for r in results.values()
        if r.summary is not None
        for name in r.summary.unresolved
    }
    if not named:
        return
    for path, result in results.items():
        passed_over = result.summary is None and not result.violations
        clean = result.error is None and result.warning is None
        if not (passed_over and clean and import_name(path)[0] in named):
            continue
        key = _cache_key(result.digest or "", path, settings, fix, unsafe, _FORCED)
        read = cache.get(key, path, result.digest or "") if result.digest else None
        if read is None:
            read = lint_file(path, settings, fix, unsafe, force=True)
            if read.digest == result.digest and read.error is None:
                cache.put(key, read)
        results[path] = read


_FORCED = {"": "read for its classes"}
"""What the cache key of a module read past the prefilter holds besides its content."""


def _mentioned(path: str, known: Mapping[str, str]) -> dict[str, str]:
    """The project factories whose module and name a file's text both mention."""
    try:
        data = read_source(path)
    except (OSError, _Skipped):
        return {}
    return {
        qualified: kind
        for qualified, kind in known.items()
        if not kind.startswith("type:")
        and all(part.encode() in data for part in qualified.rsplit(".", 2)[-2:])
    }


def with_project_calls(results: list[FileResult], settings: Settings) -> list[FileResult]:
    """The results with the findings of calls of entities defined in other modules of the
    project (FC306-FC309), checked against the project index the files' summaries make."""
    summaries = [r.summary for r in results if r.summary is not None]
    wanted = {site.facts.callee for s in summaries for site in s.calls}
    if not wanted:
        return results
    index = index_of(summaries, wanted)
    out: list[FileResult] = []
    for result in results:
        found = [
            Violation(result.path, site.line, site.col, code, message)
            for site in (result.summary.calls if result.summary is not None else ())
            if site.facts.callee in index
            for code, message in problems(site.facts, index[site.facts.callee])
            if settings.enabled(code)
            and not settings.ignored_in(result.path, code)
            and not (site.noqa is not None and (not site.noqa or code in site.noqa))
        ]
        if found:
            merged = sorted((*result.violations, *found), key=lambda v: (v.line, v.col, v.code))
            result = dataclasses.replace(result, violations=tuple(merged))
        out.append(result)
    return out


def _run(
    paths: list[str], settings: Settings, fix: bool, unsafe: bool, jobs: int | None
) -> Iterator[FileResult]:
    """Results in order, as they finish: in this process for a few files, else over a process
    pool of all cores. A worker that dies (a crash in native code) loses nothing: the files it
    had not finished are linted again, one process each, and the file that kills its process
    is reported as an internal error."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(paths) < _PARALLEL_FROM:
        for path in paths:
            yield lint_file(path, settings, fix, unsafe)
        return
    from concurrent.futures.process import BrokenProcessPool

    import flytecheck.lint.engine  # noqa: F401 - loaded once here, inherited by forked workers

    pending = paths
    while pending:
        n, done = len(pending), 0
        with _pool(workers) as pool:
            chunk = max(1, n // (workers * 8))
            flags = [settings] * n, [fix] * n, [unsafe] * n
            try:
                for result in pool.map(lint_file, pending, *flags, chunksize=chunk):
                    yield result
                    done += 1
                return
            except BrokenProcessPool:
                pending = pending[done:]
        while pending:  # one process a file until the one that kills its process is found
            result, crashed = _isolated(pending.pop(0), settings, fix, unsafe)
            yield result
            if crashed:
                break


def _pool(workers: int) -> Any:
    import concurrent.futures
    import multiprocessing

    # fork on Linux even where a later Python defaults to forkserver: a worker started afresh
    # would import libcst again (~150 ms each run); other platforms keep their default.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    return concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _isolated(path: str, settings: Settings, fix: bool, unsafe: bool) -> tuple[FileResult, bool]:
    """Lint one file in a process of its own; True when that process died on it."""
    from concurrent.futures.process import BrokenProcessPool

    with _pool(1) as pool:
        try:
            return pool.submit(lint_file, path, settings, fix, unsafe).result(), False
        except BrokenProcessPool:
            message = (
                "internal error: the linting process died on this file (a crash in native "
                "code); the other files were linted: please report it with the file attached"
            )
            return FileResult(path, (), error=message), True
