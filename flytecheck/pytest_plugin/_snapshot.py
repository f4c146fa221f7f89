"""Graph snapshots in `__flyte_snapshots__/` beside the test file, one file per assertion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["EXTENSIONS", "SNAPSHOT_DIR", "FlyteSnapshot", "SnapshotSession"]

# Not syrupy's `__snapshots__`: syrupy claims every file there, and deletes unknown ones on update.
SNAPSHOT_DIR = "__flyte_snapshots__"

EXTENSIONS = {"mermaid": "mmd", "text": "txt", "dot": "dot", "json": "json"}


class SnapshotSession:
    """What the session's snapshot assertions read and wrote, to report unused files."""

    def __init__(self, update: bool, fmt: str) -> None:
        self.update = update
        self.fmt = fmt
        self.read: set[Path] = set()
        self.written: list[Path] = []
        self.directories: set[Path] = set()

    def unused(self) -> list[Path]:
        ext = f".{EXTENSIONS[self.fmt]}"
        files = {p for d in self.directories if d.exists() for p in d.rglob(f"*{ext}")}
        return sorted(files - self.read)


class FlyteSnapshot:
    """`flyte_snapshot`: `assert flyte_graph(wf) == flyte_snapshot` compares the graph with its
    stored rendering; `--flyte-snapshot-update` writes it instead."""

    def __init__(self, session: SnapshotSession, test_file: Path, test_name: str) -> None:
        self._session = session
        self._dir = test_file.parent / SNAPSHOT_DIR / test_file.stem
        self._name = "".join(c if c.isalnum() or c in "-_." else "_" for c in test_name)
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
        if self._session.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text() != actual:
                path.write_text(actual)
                self._session.written.append(path)
            self.last_expected = actual
            return True
        self.last_expected = path.read_text() if path.exists() else None
        return self.last_expected == actual

    def __eq__(self, other: object) -> bool:
        return self.matches(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<snapshot {self.last_path or self._path()}>"
