"""Lint settings: `[tool.flytecheck.lint]` in the closest pyproject.toml, then the command line.

    [tool.flytecheck.lint]
    select = ["FC"]                 # codes or prefixes
    ignore = ["FC202"]
    extend-select = []
    per-file-ignores = { "tests/*" = ["FC104"] }
    extend-exclude = ["generated/"]
    extra-types = ["Money"]         # classes a registered TypeTransformer handles
    sdk-modules = ["mycompany.flyte"]  # SDKs that re-export flytekit's task, workflow, ...

An unknown key is an error naming it, so a typo never silently disables a setting.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["ConfigError", "Settings", "find_pyproject", "load_settings"]

KEYS = {
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "extend-exclude",
    "extra-types",
    "sdk-modules",
}


class ConfigError(ValueError):
    """The configuration is wrong; the message names the file and the key."""


@dataclasses.dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("FC",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    extend_exclude: tuple[str, ...] = ()
    extra_types: tuple[str, ...] = ()
    sdk_modules: tuple[str, ...] = ()
    union_project: bool = False
    """The project depends on Union's SDK (its pyproject says so), whose plugin gives every
    task a default cache policy: `cache=True` needs no version there."""
    root: str = "."

    def enabled(self, code: str) -> bool:
        chosen = any(code.startswith(p) for p in (*self.select, *self.extend_select))
        return chosen and not any(code.startswith(p) for p in self.ignore)

    def ignored_in(self, path: str, code: str) -> bool:
        rel = _relative(path, self.root)
        return any(
            fnmatch.fnmatch(rel, pattern) and any(code.startswith(c) for c in codes)
            for pattern, codes in self.per_file_ignores
        )

    def excluded(self, path: str) -> bool:
        rel = _relative(path, self.root)
        return any(
            fnmatch.fnmatch(rel, p) or rel.startswith(p.rstrip("/") + "/")
            for p in self.extend_exclude
        )

    def key(self) -> str:
        """What the cache keys on, besides the file's content and flytecheck's version."""
        return repr(dataclasses.replace(self, root=""))


def _relative(path: str, root: str) -> str:
    try:
        real = Path(os.path.realpath(path))  # never raises, unlike resolve() on a symlink loop
        return real.relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def find_pyproject(start: Path) -> Path | None:
    """The closest pyproject.toml at or above `start`."""
    here = Path(os.path.realpath(start))
    for folder in (here, *here.parents) if here.is_dir() else here.parents:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f'{where} must be a list of rule codes or prefixes, like ["FC1", "FC202"]'
        )
    return tuple(v.upper() for v in value)


def load_settings(start: Path) -> Settings:
    """Settings from the closest pyproject.toml (defaults when there is none or no section)."""
    path = find_pyproject(start)
    if path is None:
        return Settings(root=str(Path.cwd()))
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    section = data
    for depth, key in enumerate(("tool", "flytecheck", "lint"), start=1):
        section = section.get(key, {})
        if not isinstance(section, dict):
            table = ".".join(("tool", "flytecheck", "lint")[:depth])
            raise ConfigError(
                f"{path}: `{table}` is {type(section).__name__} {section!r}, not a table; "
                f"write it as [{table}] with keys under it"
            )
    unknown = sorted(set(section) - KEYS)
    if unknown:
        known = ", ".join(sorted(KEYS))
        raise ConfigError(
            f"{path}: [tool.flytecheck.lint] has unknown key(s) {', '.join(unknown)}; "
            f"known: {known}"
        )
    where = f"{path}: [tool.flytecheck.lint]"
    per_file = section.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where} per-file-ignores must be a table of glob = [codes]")
    return Settings(
        select=_codes(section.get("select", ["FC"]), f"{where} select"),
        ignore=_codes(section.get("ignore", []), f"{where} ignore"),
        extend_select=_codes(section.get("extend-select", []), f"{where} extend-select"),
        per_file_ignores=tuple(
            (glob, _codes(codes, f"{where} per-file-ignores[{glob!r}]"))
            for glob, codes in per_file.items()
        ),
        extend_exclude=tuple(
            _codes_or_paths(section.get("extend-exclude", []), f"{where} extend-exclude")
        ),
        extra_types=tuple(_codes_or_paths(section.get("extra-types", []), f"{where} extra-types")),
        sdk_modules=tuple(_codes_or_paths(section.get("sdk-modules", []), f"{where} sdk-modules")),
        union_project=_depends_on_union(data),
        root=str(path.parent),
    )


def _depends_on_union(data: dict[str, Any]) -> bool:
    """Whether the pyproject's dependencies (PEP 621 or Poetry) name Union's SDK."""
    project = data.get("project", {})
    declared = project.get("dependencies", []) if isinstance(project, dict) else []
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    deps = poetry.get("dependencies", {}) if isinstance(poetry, dict) else {}
    names = [d for d in declared if isinstance(d, str)] + [str(k) for k in deps]
    return any(
        re.split(r"[\s\[<>=!~;]", name.strip(), maxsplit=1)[0].lower() == "union" for name in names
    )


def _codes_or_paths(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return list(value)
