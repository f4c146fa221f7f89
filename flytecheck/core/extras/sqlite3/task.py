"""`flytekit.extras.sqlite3.task` under flytekit's path: SQLite3Task and its config, kept in
`flytecheck.core.sqlite3_task`."""

from __future__ import annotations

from flytecheck.core.sqlite3_task import SQLite3Config, SQLite3Task

__all__ = ["SQLite3Config", "SQLite3Task"]
