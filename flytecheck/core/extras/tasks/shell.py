"""ShellTask: a shell script as a task, its inputs and outputs files named in the script.

`{inputs.x}` in the script (or in an output's location) is the input's value, a file's or a
directory's local path; `{outputs.y}` is where output `y` is written (its OutputLocation,
itself interpolated with the inputs). The script runs in a real `/bin/sh` subprocess, its
standard output printed as it is in flytekit; a script that exits non-zero fails the task with
a recoverable error that shows its output and errors, as flytekit's does. Names in the script
that are neither inputs nor outputs are errors when the task is declared, not when it runs.
"""

from __future__ import annotations

import datetime
import re
import string
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flytecheck.core.exceptions.user import FlyteRecoverableException, FlyteValidationException
from flytecheck.core.task import PythonInstanceTask
from flytecheck.core.types.files import FlyteDirectory, FlyteFile

__all__ = ["OutputLocation", "ShellTask"]

_SEPARATOR = "\n==============================================\n"
_NAME = re.compile(r"\{(inputs|outputs)\.(\w+)")


@dataclass(frozen=True)
class OutputLocation:
    """Output `var`, a FlyteFile or FlyteDirectory, found at `location` after the script."""

    var: str
    var_type: Any
    location: str


class _Names(dict[str, Any]):
    """`inputs.x` in a format string."""

    def __getattr__(self, name: str) -> Any:
        return self[name]


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, (FlyteFile, FlyteDirectory)):
            return str(value.download())
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        formatted: str = super().format_field(value, format_spec)
        return formatted


def _interpolate(template: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> str:
    return _Formatter().format(template, inputs=_Names(inputs), outputs=_Names(outputs))


class ShellTask(PythonInstanceTask):
    """`ShellTask(name=..., script="...", inputs=kwtypes(...), output_locs=[...])`."""

    def __init__(
        self,
        name: str,
        debug: bool = False,
        script: str | None = None,
        script_file: str | None = None,
        task_config: Any = None,
        shell: str = "/bin/sh",
        inputs: dict[str, Any] | None = None,
        output_locs: list[OutputLocation] | None = None,
        **kwargs: Any,
    ) -> None:
        if (script is None) == (script_file is None):
            msg = f"shell task {name!r}: give the script or a script_file (one of them)"
            raise FlyteValidationException(msg)
        locations = list(output_locs or [])
        for loc in locations:
            kind = loc.var_type
            if not (isinstance(kind, type) and issubclass(kind, (FlyteFile, FlyteDirectory))):
                msg = (
                    f"shell task {name!r}: output {loc.var!r} is a {kind!r}; a shell task's "
                    "outputs are files its script writes: FlyteFile or FlyteDirectory"
                )
                raise FlyteValidationException(msg)
        outputs = {loc.var: loc.var_type for loc in locations}
        super().__init__(name, task_config, inputs=dict(inputs or {}), outputs=outputs, **kwargs)
        self.debug = debug
        self.script = script
        self.script_file = script_file
        self.shell = shell
        self.output_locs = locations
        if script is not None:
            self._check_names(script, "script")
        for loc in locations:
            self._check_names(loc.location, f"output {loc.var!r}'s location", outputs=False)

    def _check_names(self, template: str, where: str, *, outputs: bool = True) -> None:
        known = {"inputs": self.interface.inputs, "outputs": self.interface.outputs}
        for kind, name in _NAME.findall(template):
            if kind == "outputs" and not outputs:
                msg = (
                    f"shell task {self.name!r}: {where} names {{outputs.{name}}}; a location "
                    "can name inputs only"
                )
                raise FlyteValidationException(msg)
            if name not in known[kind]:
                msg = (
                    f"shell task {self.name!r}: the {where} names {{{kind}.{name}}}, but the "
                    f"task has no such {kind[:-1]} ({', '.join(known[kind]) or 'none'})"
                )
                raise FlyteValidationException(msg)

    def execute(self, **kwargs: Any) -> Any:
        script = self.script
        if script is None:
            with open(self.script_file or "") as f:
                script = f.read()
        where = {loc.var: _interpolate(loc.location, kwargs, {}) for loc in self.output_locs}
        text = _interpolate(script, kwargs, where)
        if self.debug:
            print(_SEPARATOR)
            print(text)
            print(_SEPARATOR)
        done = subprocess.run(
            text, shell=True, executable=self.shell, capture_output=True, text=True, check=False
        )
        for line in done.stdout.splitlines():
            print(line)
        if done.returncode != 0:
            msg = (
                f"shell task {self.name!r}: the script exited with {done.returncode}\n"
                f"StdOut: {done.stdout}\nStdErr: {done.stderr}"
            )
            raise FlyteRecoverableException(msg)
        results = [loc.var_type(where[loc.var]) for loc in self.output_locs]
        if not results:
            return None
        return results[0] if len(results) == 1 else tuple(results)
