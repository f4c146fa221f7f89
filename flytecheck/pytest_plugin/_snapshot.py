"""Graph snapshots in `__flyte_snapshots__/` beside the test file, one file per assertion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flytecheck._atomic import replace_file

__all__ = ["EXTENSIONS", "SNAPSHOT_DIR", "FlyteSnapshot", "SnapshotSession"]

# Not syrupy's `__snapshots__`: syrupy claims every file there, and deletes unknown ones on update.
SNAPSHOT_DIR = "__flyte_snapshots__"

EXTENSIONS = {"mermaid": "mmd", "text": "txt", "dot": "dot", "json": "json"}


def snapshot_name(test_name: str) -> str:
    """A test's name as it appears in its snapshot files' names."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in test_name)


def _owner(snapshot: Path) -> str:
    """The snapshot name of the test a file belongs to: `test_x.2.mmd` -> `test_x`."""
    stem = snapshot.name[: -len(snapshot.suffix)] if snapshot.suffix else snapshot.name
    head, dot, count = stem.rpartition(".")
    return head if dot and count.isdigit() else stem


class SnapshotSession:
    """What the session's snapshot assertions read and wrote, and which tests ran, to report
    unused files. A file is unused only when that can be known: its test passed this session
    without reading it, or its test no longer exists in a module collected in full. So
    `--flyte-snapshot-update -k ...` never deletes the snapshots of tests it did not run."""

    def __init__(self, update: bool, fmt: str) -> None:
        self.update = update
        self.fmt = fmt
        self.read: set[Path] = set()
        self.written: list[Path] = []
        self.directories: set[Path] = set()
        self.passed: set[tuple[Path, str]] = set()
        self.collected: dict[Path, set[str]] = {}
        self.narrowed: set[Path] = set()

    def record_collected(self, module: Path, test_name: str) -> None:
        self.collected.setdefault(module, set()).add(snapshot_name(test_name))

    def record_passed(self, module: Path, test_name: str) -> None:
        self.passed.add((module, snapshot_name(test_name)))

    def unused(self) -> list[Path]:
        ext = f".{EXTENSIONS[self.fmt]}"
        found = []
        for folder in self.directories:
            if not folder.exists():
                continue
            module = folder.parent.parent / f"{folder.name}.py"
            for path in folder.rglob(f"*{ext}"):
                if path in self.read:
                    continue
                owner = _owner(path)
                gone = module not in self.narrowed and owner not in self.collected.get(module, ())
                if gone or (module, owner) in self.passed:
                    found.append(path)
        return sorted(found)

    def dump(self) -> dict[str, object]:
        """What a pytest-xdist worker sends to the controller, which reports for all."""
        return {
            "read": sorted(map(str, self.read)),
            "written": [str(p) for p in self.written],
            "directories": sorted(map(str, self.directories)),
            "passed": sorted((str(m), n) for m, n in self.passed),
            "collected": {str(m): sorted(n) for m, n in self.collected.items()},
            "narrowed": sorted(map(str, self.narrowed)),
        }

    def merge(self, data: dict[str, object]) -> None:
        self.read.update(map(Path, data["read"]))  # type: ignore[call-overload]
        self.written.extend(map(Path, data["written"]))  # type: ignore[call-overload]
        self.directories.update(map(Path, data["directories"]))  # type: ignore[call-overload]
        self.passed.update((Path(m), n) for m, n in data["passed"])  # type: ignore[attr-defined]
        for module, names in data["collected"].items():  # type: ignore[attr-defined]
            self.collected.setdefault(Path(module), set()).update(names)
        self.narrowed.update(map(Path, data["narrowed"]))  # type: ignore[call-overload]


class SnapshotUnreadable(Exception):
    """A stored snapshot that is not text: named, with how to repair it."""


def _read(path: Path, repairing: bool) -> str | None:
    """The stored text; None when there is none, or when an unreadable one is being replaced."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        msg = (
            f"graph snapshot {path} is not UTF-8 text ({e.reason} at byte {e.start}): run "
            "pytest with --flyte-snapshot-update to write it again"
        )
        if repairing:
            return None
        raise SnapshotUnreadable(msg) from None


class FlyteSnapshot:
    """`flyte_snapshot`: `assert flyte_graph(wf) == flyte_snapshot` compares the graph with its
    stored rendering; `--flyte-snapshot-update` writes it instead."""

    def __init__(self, session: SnapshotSession, test_file: Path, test_name: str) -> None:
        self._session = session
        self._dir = test_file.parent / SNAPSHOT_DIR / test_file.stem
        self._name = snapshot_name(test_name)
        self._count = 0
        session.directories.add(self._dir)
        self.last_path: Path | None = None
        self.last_expected: str | None = None
        self.last_actual: str | None = None

    def _path(self) -> Path:
        suffix = f".{self._count}" if self._count else ""
        return self._dir / f"{self._name}{suffix}.{EXTENSIONS[self._session.fmt]}"

    def matches(self, graph: Any) -> bool:
        from flytecheck.graph import render

        path = self._path()
        self._count += 1
        actual = render(graph, self._session.fmt)
        self._session.read.add(path)
        self.last_path, self.last_actual = path, actual
        stored = _read(path, repairing=self._session.update)
        if self._session.update:
            if stored != actual:
                replace_file(path, actual.encode("utf-8"), durable=False)
                self._session.written.append(path)
            self.last_expected = actual
            return True
        self.last_expected = stored
        return self.last_expected == actual

    def __eq__(self, other: object) -> bool:
        return self.matches(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<snapshot {self.last_path or self._path()}>"
