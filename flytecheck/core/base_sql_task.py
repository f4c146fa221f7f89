"""SQLTask: a query a backend plugin runs (Hive, BigQuery, Snowflake, ...). flytecheck has no
database behind it, so a local run of one needs a stub; its query template is checked and
interpolated as flytekit does (`{{ .Inputs.name }}` and `{{ .RawOutputDataPrefix }}`)."""

from __future__ import annotations

import re
from typing import Any

from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.interface import Interface
from flytecheck.core.task import PythonTask, TaskMetadata

__all__ = ["SQLTask"]

_PLACEHOLDER = re.compile(r"\{\{\s*\.[Ii]nputs\.(\w+)\s*\}\}")


class SQLTask(PythonTask):
    """A query template with typed inputs and outputs."""

    def __init__(
        self,
        name: str,
        query_template: str,
        task_config: Any = None,
        task_type: str = "sql_task",
        inputs: dict[str, Any] | None = None,
        metadata: TaskMetadata | None = None,
        outputs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        interface = Interface(dict(inputs or {}), dict(outputs or {}))
        unknown = [n for n in _PLACEHOLDER.findall(query_template) if n not in interface.inputs]
        if unknown:
            msg = (
                f"task {name!r}: the query names input {unknown[0]!r} ({{{{ .Inputs.{unknown[0]} "
                f"}}}}), which the task does not have (its inputs: "
                f"{', '.join(interface.inputs) or 'none'})"
            )
            raise FlyteValidationException(msg)
        super().__init__(task_type, name, task_config, interface, metadata=metadata, **kwargs)
        self.query_template = re.sub(r"\s+", " ", query_template.replace("\n", " ")).strip()

    def get_query(self, **kwargs: Any) -> str:
        """The query with its input placeholders filled in."""
        return _PLACEHOLDER.sub(lambda m: str(kwargs[m.group(1)]), self.query_template)

    def unstubbed(self) -> Exception:
        return self.needs_stub(f"runs its query on a {self.task_type} backend, not here")

    def execute(self, **kwargs: Any) -> Any:
        raise self.unstubbed()
