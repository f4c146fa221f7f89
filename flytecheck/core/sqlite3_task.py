"""SQLite3Task: a SQL query over a SQLite database file, its rows returned as a FlyteSchema.

The database (a plain file, or a zip or tar archive holding exactly one) is downloaded through
the FileAccessProvider, `{{ .inputs.name }}` placeholders in the query are filled with the
task's inputs, and the query runs on the standard library's sqlite3. Reading the rows into the
table needs pandas (extra `pandas`).
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import tarfile
import zipfile
from pathlib import Path
from typing import Any

from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import FlyteValidationException, FlyteValueException
from flytecheck.core.task import PythonInstanceTask
from flytecheck.core.types.schema import FlyteSchema

__all__ = ["SQLite3Config", "SQLite3Task"]

_PLACEHOLDER = re.compile(r"\{\{\s*\.inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclasses.dataclass(frozen=True)
class SQLite3Config:
    """Where the database is (any URI the FileAccessProvider reads) and whether it is an
    archive (zip or tar, optionally gzipped) holding one database file."""

    uri: str
    compressed: bool = False


class SQLite3Task(PythonInstanceTask):
    """Run `query_template` on the database of `task_config`; output `results`, a FlyteSchema."""

    def __init__(
        self,
        name: str,
        query_template: str,
        task_config: SQLite3Config,
        inputs: dict[str, Any] | None = None,
        output_schema_type: type[FlyteSchema] | None = None,
        **kwargs: Any,
    ) -> None:
        inputs = dict(inputs or {})
        unknown = [n for n in _PLACEHOLDER.findall(query_template) if n not in inputs]
        if unknown:
            msg = (
                f"SQLite3Task {name!r}: the query uses {{{{ .inputs.{unknown[0]} }}}} but the task "
                f"has no input {unknown[0]!r}; declare it in inputs=kwtypes(...)"
            )
            raise FlyteValidationException(msg)
        outputs = {"results": output_schema_type or FlyteSchema}
        super().__init__(
            name, task_config, task_type="sqlite", inputs=inputs, outputs=outputs, **kwargs
        )
        self.query_template = query_template
        self.task_config: SQLite3Config = task_config

    @property
    def custom(self) -> dict[str, Any]:
        """What the serialized template carries for the executor."""
        return {
            "query_template": self.query_template,
            "uri": self.task_config.uri,
            "compressed": self.task_config.compressed,
        }

    def interpolate(self, **kwargs: Any) -> str:
        """The query with each `{{ .inputs.x }}` replaced by the value of input x."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in kwargs:
                msg = f"SQLite3Task {self.name!r}: the query needs input {name!r}, not given"
                raise FlyteValueException(msg)
            return str(kwargs[name])

        return _PLACEHOLDER.sub(value, self.query_template)

    def _database(self) -> Path:
        ctx = current_context()
        fa = ctx.file_access
        if fa is None:
            from flytecheck.core.types.files import _default_access

            fa = _default_access()
        local = Path(fa.get_random_local_path(Path(self.task_config.uri).name or "db"))
        fa.get(self.task_config.uri, str(local))
        if not self.task_config.compressed:
            return local
        return _unpack_one(self.name, self.task_config.uri, local)

    def execute(self, **kwargs: Any) -> Any:
        from flytecheck.core.types.schema import _pandas

        pandas = _pandas()
        query = self.interpolate(**kwargs)
        with sqlite3.connect(self._database()) as connection:
            return pandas.read_sql_query(query, connection)


def _unpack_one(task: str, uri: str, archive: Path) -> Path:
    target = archive.parent / "unpacked"
    target.mkdir(exist_ok=True)
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            _exactly_one(task, uri, names)
            return Path(zf.extract(names[0], target))
    if tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tf:
            members = [m for m in tf.getmembers() if m.isfile()]
            _exactly_one(task, uri, [m.name for m in members])
            tf.extract(members[0], target, filter="data")
            return target / members[0].name
    msg = f"SQLite3Task {task!r}: {uri} is marked compressed but is neither a zip nor a tar archive"
    raise FlyteValueException(msg)


def _exactly_one(task: str, uri: str, names: list[str]) -> None:
    if len(names) != 1:
        msg = (
            f"SQLite3Task {task!r}: the archive {uri} holds {len(names)} files "
            f"({', '.join(names[:5])}); it must hold exactly one database file"
        )
        raise FlyteValueException(msg)
