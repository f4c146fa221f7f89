"""The `flytecheck` command. It only parses arguments; the work is done by the core and the graph
package, imported inside each command so `flytecheck --help` starts fast."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["main"]


def load_entity(ref: str) -> Any:
    """The object `module:name` refers to, importing the module from the current directory."""
    module_name, sep, attr = ref.partition(":")
    if not sep or not module_name or not attr:
        msg = f"{ref!r} is not of the form module:entity (for example workflows.orders:pipeline)"
        raise click.UsageError(msg)
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        module = importlib.import_module(module_name)
    except Exception as e:  # the user's module may raise anything while importing
        msg = f"cannot import module {module_name!r}: {type(e).__name__}: {e}"
        raise click.ClickException(msg) from e
    try:
        return getattr(module, attr)
    except AttributeError:
        msg = f"module {module_name!r} ({module.__file__}) has no {attr!r}"
        raise click.ClickException(msg) from None


def _entity_kinds() -> tuple[type, ...]:
    from flytecheck.core.launch_plan import LaunchPlan
    from flytecheck.core.task import Task
    from flytecheck.core.workflow import WorkflowBase

    return (Task, WorkflowBase, LaunchPlan)


def _checked_entity(ref: str) -> Any:
    entity = load_entity(ref)
    if not isinstance(entity, _entity_kinds()):
        msg = f"{ref} is a {type(entity).__name__}, not a task, workflow or launch plan"
        raise click.ClickException(msg)
    return entity


def parse_inputs(entity: Any, args: list[str]) -> dict[str, Any]:
    """`--name value` pairs as Python values of the entity's input types. A str input takes the
    text as it is; every other type takes JSON (numbers, true/false, lists, objects for
    dataclasses, ISO strings for datetimes)."""
    from flytecheck.core.exceptions import TypeTransformerFailedError
    from flytecheck.core.exceptions.user import type_name
    from flytecheck.core.types import TypeEngine

    inputs = entity.interface.inputs
    values: dict[str, Any] = {}
    it = iter(args)
    for flag in it:
        if not flag.startswith("--"):
            raise click.UsageError(f"expected --input-name before {flag!r}")
        name, eq, text = flag[2:].partition("=")
        name = name.replace("-", "_")
        if not eq:
            text = next(it, None)  # type: ignore[assignment]
            if text is None:
                raise click.UsageError(f"--{name} needs a value")
        if name not in inputs:
            known = ", ".join(f"--{n}" for n in inputs) or "none"
            raise click.UsageError(f"{entity.name} has no input {name!r}; its inputs: {known}")
        python_type = inputs[name]
        codec = TypeEngine.codec(python_type)
        try:
            raw = text if codec.exact is str else json.loads(text)
            values[name] = codec.from_plain(raw)
        except (json.JSONDecodeError, TypeTransformerFailedError) as e:
            expected = type_name(python_type)
            raise click.UsageError(f"--{name}: {text!r} is not a valid {expected} ({e})") from e
    return values


_OUTPUT_FORMAT = click.option(
    "--output-format",
    type=click.Choice(["text", "json", "github", "sarif", "junit"]),
    default="text",
    show_default=True,
    help="How findings are printed (the same formats for lint and check).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flytecheck")
def main() -> None:
    """Testing and static analysis for Flyte workflows."""


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("entity_ref", metavar="MODULE:ENTITY")
@click.pass_context
def run(ctx: click.Context, entity_ref: str) -> None:
    """Run a task, workflow or launch plan locally: `flytecheck run mod:wf --x 1`."""
    from flytecheck.core.exceptions import FlyteException

    entity = _checked_entity(entity_ref)
    kwargs = parse_inputs(entity, list(ctx.args))
    try:
        result = entity(**kwargs)
    except FlyteException as e:
        raise click.ClickException(str(e)) from e
    names = list(entity.interface.outputs)
    values = [result] if len(names) == 1 else list(result or ())
    for name, value in zip(names, values, strict=False):
        click.echo(f"{name} = {value!r}")


@main.command()
@click.argument("entity_ref", metavar="MODULE:ENTITY")
@click.option("--project", default="flytesnacks", show_default=True)
@click.option("--domain", default="development", show_default=True)
@click.option("--version", "version_", default="v1", show_default=True)
@click.option("--image", default="ghcr.io/flyteorg/flytekit:latest", show_default=True)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write .pb files of the entity and everything it uses, instead of printing JSON.",
)
def serialize(
    entity_ref: str, project: str, domain: str, version_: str, image: str, output_dir: Path | None
) -> None:
    """Print an entity's Flyte IDL as JSON, or write it and its dependencies as .pb files."""
    from google.protobuf import json_format

    from flytecheck.core.backend import dependencies
    from flytecheck.core.exceptions import FlyteException
    from flytecheck.core.serialize import SerializationSettings, get_serializable

    entity = _checked_entity(entity_ref)
    settings = SerializationSettings(project, domain, version_, image)
    try:
        if output_dir is None:
            click.echo(json_format.MessageToJson(get_serializable(entity, settings)))
            return
        output_dir.mkdir(parents=True, exist_ok=True)
        for i, dep in enumerate(dependencies(entity), start=1):
            kind = type(get_serializable(dep, settings)).__name__
            path = output_dir / f"{i:02d}_{dep.name}_{kind}.pb"
            path.write_bytes(get_serializable(dep, settings).SerializeToString())
            click.echo(f"wrote {path}")
    except FlyteException as e:
        raise click.ClickException(str(e)) from e


@main.command(
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],
    },
    add_help_option=False,
)
@click.pass_context
def execute(ctx: click.Context) -> None:
    """Run one task as its container does (the same as flytecheck-execute; with --map, one
    element of a map task, as flytecheck-map-execute)."""
    from flytecheck.core.entrypoint import main as execute_main

    args = list(ctx.args)
    as_map = "--map" in args[: args.index("--")] if "--" in args else "--map" in args
    if as_map:
        args.remove("--map")
    ctx.exit(execute_main(args, map_element=as_map))


@main.command()
@click.argument("entity_ref", metavar="MODULE:WORKFLOW")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "mermaid", "dot"]),
    default="text",
    show_default=True,
)
def graph(entity_ref: str, fmt: str) -> None:
    """Print a workflow's graph as text, JSON, Mermaid or DOT."""
    from flytecheck.core.exceptions import FlyteException
    from flytecheck.core.workflow import WorkflowBase
    from flytecheck.graph import graph_of, render

    entity = _checked_entity(entity_ref)
    if not isinstance(entity, WorkflowBase):
        raise click.ClickException(
            f"{entity_ref} is a {type(entity).__name__}; graphs are drawn for workflows"
        )
    try:
        click.echo(render(graph_of(entity), fmt), nl=False)
    except FlyteException as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--select", help="Rule codes or prefixes to check (comma separated).")
@click.option("--ignore", help="Rule codes or prefixes to skip (comma separated).")
@click.option("--extend-select", help="Codes or prefixes to add to the selection.")
@_OUTPUT_FORMAT
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change behaviour.")
@click.option("--diff", is_flag=True, help="Show the fixes as a diff; write nothing.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings.")
@click.option("--no-cache", is_flag=True, help="Do not read or write .flytecheck_cache/.")
@click.option(
    "--force-exclude", is_flag=True, help="Apply excludes to files named on the command line too."
)
@click.option("--stdin-filename", help="Lint standard input as this file.")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` to every line with a finding.")
def lint(
    paths: tuple[Path, ...],
    select: str | None,
    ignore: str | None,
    extend_select: str | None,
    output_format: str,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    exit_zero: bool,
    no_cache: bool,
    force_exclude: bool,
    stdin_filename: str | None,
    add_noqa: bool,
) -> None:
    """Find Flyte mistakes in source, without importing it. Exit 0 clean, 1 findings, 2 errors."""
    import dataclasses
    import difflib

    from flytecheck.lint import api, reporters
    from flytecheck.lint._codes import unknown_codes
    from flytecheck.lint.config import ConfigError, load_settings

    targets = list(paths) or [Path(".")]
    try:
        settings = load_settings(Path(os.path.realpath(stdin_filename or targets[0])))
    except ConfigError as e:
        click.echo(f"flytecheck lint: {e}", err=True)
        sys.exit(2)

    def codes(value: str | None) -> tuple[str, ...]:
        return tuple(c.strip().upper() for c in value.split(",") if c.strip()) if value else ()

    configured = {
        "select": settings.select,
        "ignore": settings.ignore,
        "extend-select": settings.extend_select,
        **{f"per-file-ignores[{glob!r}]": c for glob, c in settings.per_file_ignores},
    }
    given = {"--select": codes(select), "--ignore": codes(ignore)}
    given["--extend-select"] = codes(extend_select)
    where = f"[tool.flytecheck.lint] in {settings.root}/pyproject.toml"
    origins = [(f"{key} of {where}", c) for key, c in configured.items()]
    for origin, chosen in [*origins, *given.items()]:
        unknown = unknown_codes(chosen)
        if unknown:
            click.echo(
                f"flytecheck lint: unknown rule code or prefix {', '.join(map(repr, unknown))} "
                f"in {origin}: `flytecheck rules` lists the codes",
                err=True,
            )
            sys.exit(2)
    if select:
        settings = dataclasses.replace(settings, select=given["--select"])
    if ignore:
        settings = dataclasses.replace(settings, ignore=(*settings.ignore, *given["--ignore"]))
    if extend_select:
        settings = dataclasses.replace(
            settings, extend_select=(*settings.extend_select, *given["--extend-select"])
        )
    want_fix = fix or diff
    stdin = sys.stdin.buffer.read() if stdin_filename else b""
    if stdin_filename:
        results = [api.lint_file(stdin_filename, settings, want_fix, unsafe_fixes, source=stdin)]
    else:
        missing = [str(p) for p in targets if not p.exists()]
        if missing:
            click.echo(
                f"flytecheck lint: no such file or directory: {', '.join(missing)}", err=True
            )
            sys.exit(2)
        results = api.lint_paths(
            targets,
            settings,
            fix=want_fix,
            unsafe_fixes=unsafe_fixes,
            use_cache=not no_cache and not add_noqa,
            force_exclude=force_exclude,
            progress=_progress(),
            warn=lambda message: click.echo(f"flytecheck lint: {message}", err=True),
        )
        if not results:
            named = ", ".join(str(p) for p in targets)
            click.echo(
                f"flytecheck lint: warning: no Python files found under {named}: check the "
                "paths, .gitignore and extend-exclude",
                err=True,
            )
    if add_noqa and not stdin_filename:
        from flytecheck.lint.engine import add_noqa as with_noqa

        added = 0
        for result in results:
            if result.violations:
                source = Path(result.path).read_text(encoding="utf-8-sig")
                noqa = with_noqa(source, result.violations)
                if _write_back(result.path, noqa, result.digest):
                    added += len(result.violations)
        click.echo(f"Added {added} noqa directive(s).", err=True)
        sys.exit(0 if added == sum(len(r.violations) for r in results) else 2)
    fixed = 0
    for i, result in enumerate(results):
        if result.fixed_source is None:
            continue
        if diff:
            original = (
                stdin.decode("utf-8-sig")
                if stdin_filename
                else Path(result.path).read_text(encoding="utf-8-sig")
            )
            click.echo(
                "".join(
                    difflib.unified_diff(
                        original.splitlines(True),
                        result.fixed_source.splitlines(True),
                        result.path,
                        result.path,
                    )
                ),
                nl=False,
            )
        elif stdin_filename:
            click.echo(result.fixed_source, nl=False)
        elif _write_back(result.path, result.fixed_source, result.digest):
            fixed += 1
        else:
            unfixed = api.lint_file(result.path, settings)
            results[i] = dataclasses.replace(unfixed, error="its fixes could not be written")
    click.echo(reporters.FORMATS[output_format](results), nl=False)
    if statistics:
        click.echo(reporters.statistics(results), nl=False)
    if output_format == "text":
        click.echo(reporters.summary(results, fixed), err=True)
    errors = [r for r in results if r.error]
    if errors:
        sys.exit(2)
    found = any(r.violations for r in results)
    shown = diff and any(r.fixed_source is not None for r in results)
    sys.exit(0 if exit_zero or not (found or shown) else 1)


@main.command()
@click.argument("targets", nargs=-1, metavar="PATH_OR_MODULE...")
@_OUTPUT_FORMAT
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings.")
def check(targets: tuple[str, ...], output_format: str, exit_zero: bool) -> None:
    """Compile every workflow and launch plan with the backend's checks, as registration would.

    Imports the modules (files, folders or dotted names; flytekit or flytecheck authored) and
    reports each error under the backend compiler's code. Exit 0 clean, 1 findings, 2 errors.
    """
    from flytecheck.check import CHECK_CODES, check_targets
    from flytecheck.core.idl_check import CODES
    from flytecheck.lint import reporters

    if not targets:
        targets = (".",)
    missing = [t for t in targets if not Path(t).exists() and (t.endswith(".py") or "/" in t)]
    if missing:
        click.echo(f"flytecheck check: no such file or directory: {', '.join(missing)}", err=True)
        sys.exit(2)
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    results, summary = check_targets(targets)
    catalogue = [(code, code, text, text) for code, text in {**CODES, **CHECK_CODES}.items()]
    if output_format == "sarif":
        click.echo(reporters.sarif(results, catalogue), nl=False)
    else:
        click.echo(reporters.FORMATS[output_format](results), nl=False)
    found = sum(len(r.violations) for r in results)
    checked = (
        f"{summary.workflows} workflow{'s' if summary.workflows != 1 else ''} and "
        f"{summary.launch_plans} launch plan{'s' if summary.launch_plans != 1 else ''} in "
        f"{summary.modules} module{'s' if summary.modules != 1 else ''}"
    )
    if not results:
        click.echo(f"flytecheck check: no Python modules found in {', '.join(targets)}", err=True)
        sys.exit(2)
    if output_format == "text":
        if found:
            with_findings = sum(1 for r in results if r.violations)
            click.echo(
                f"Found {found} error{'s' if found != 1 else ''} in {with_findings} of "
                f"{len(results)} module{'s' if len(results) != 1 else ''} ({checked} checked).",
                err=True,
            )
        else:
            click.echo(f"All checks passed ({checked}).", err=True)
    sys.exit(0 if exit_zero or not found else 1)


@main.command()
def server() -> None:
    """Serve lint diagnostics and fixes to an editor: a Language Server over stdio.

    Point the editor's LSP client at `flytecheck server` for Python files (docs/lint.md shows
    VS Code, Neovim and Helix set-ups). Needs the `server` extra: pip install 'flytecheck[server]'.
    """
    try:
        from flytecheck.lint.server import main as serve
    except ImportError as e:
        msg = (
            f"flytecheck server needs pygls and lsprotocol ({e}): pip install 'flytecheck[server]'"
        )
        raise click.ClickException(msg) from e
    serve()


def _write_back(path: str, source: str, digest: str | None = None) -> bool:
    """Replace a source file with its fixed text; False (and a message) if it cannot be."""
    from flytecheck.lint.api import ChangedSinceLinted, write_source

    try:
        write_source(path, source, digest)
    except ChangedSinceLinted:
        click.echo(
            f"flytecheck lint: {path}: it changed while it was being linted; its fixes were not "
            "written over the change: run again",
            err=True,
        )
        return False
    except OSError as e:
        reason = e.strerror or str(e)
        click.echo(
            f"flytecheck lint: {path}: cannot write it ({reason}); the file is unchanged: "
            "check that it and its folder are writable, then run again",
            err=True,
        )
        return False
    return True


def _progress() -> Any:
    """A progress indicator for long runs on a terminal; none when piped or in CI."""
    import os

    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        if total >= 50:
            end = "\n" if done == total else ""
            click.echo(f"\rflytecheck: {done}/{total} files", nl=False, err=True)
            if end:
                click.echo("\r" + " " * 40 + "\r", nl=False, err=True)

    return show


@main.command()
def rules() -> None:
    """List every lint rule."""
    from flytecheck.lint.rules import ALL_RULES

    for rule in ALL_RULES:
        click.echo(f"{rule.CODE}  {rule.NAME:<28} {rule.MESSAGE}")


@main.command()
@click.argument("code")
def rule(code: str) -> None:
    """Explain one rule, with an example of bad and good code."""
    from flytecheck.lint.rules import by_code

    found = by_code().get(code.upper())
    if found is None:
        raise click.UsageError(f"no rule {code!r}; `flytecheck rules` lists them")
    import inspect

    click.echo(f"{found.CODE} ({found.NAME})\n\n{inspect.cleandoc(found.__doc__ or '')}\n")
    click.echo("Bad:\n\n" + _indent(found.INVALID[0].code))
    click.echo("Good:\n\n" + _indent(found.VALID[0]))


def _indent(code: str) -> str:
    return "".join(f"    {line}\n" for line in code.splitlines())


if __name__ == "__main__":
    main()
