"""`flytekit.extras.sqlite3` under flytekit's path: SQLite queries as tasks (see task.py)."""
