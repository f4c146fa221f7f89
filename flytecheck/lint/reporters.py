"""Output formats, each a function from results to text: text, json, github, sarif, junit."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from flytecheck.lint._model import FileResult, Violation

__all__ = ["FORMATS", "statistics", "summary"]


def _violations(results: Sequence[FileResult]) -> list[Violation]:
    return [v for r in results for v in r.violations]


def _notices(results: Sequence[FileResult]) -> list[tuple[str, str, str]]:
    """(path, "error" or "warning", message) for each file that could not be checked (an
    error: the run exits 2) or was skipped (a warning). Every format reports them: a file left
    out is never shown as passing."""
    out = [(r.path, "error", r.error) for r in results if r.error]
    out += [(r.path, "warning", r.warning) for r in results if r.warning]
    return out


def text(results: Sequence[FileResult]) -> str:
    lines = [v.text() + (" [*]" if v.fixable else "") for v in _violations(results)]
    lines += [f"{path}: {level}: {message}" for path, level, message in _notices(results)]
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(results: Sequence[FileResult]) -> str:
    """A list of findings; a file that could not be checked or was skipped is a row with
    `"code": null` and `"level": "error"` or `"warning"`."""
    rows: list[dict[str, object]] = [
        {
            "filename": v.path,
            "line": v.line,
            "column": v.col,
            "code": v.code,
            "message": v.message,
            "fixable": v.fixable,
            "level": "error",
        }
        for v in _violations(results)
    ]
    rows += [
        {
            "filename": path,
            "line": None,
            "column": None,
            "code": None,
            "message": message,
            "fixable": False,
            "level": level,
        }
        for path, level, message in _notices(results)
    ]
    return json.dumps(rows, indent=2) + "\n"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github(results: Sequence[FileResult]) -> str:
    lines = [
        f"::error title=flytecheck ({v.code}),file={v.path},line={v.line},col={v.col}"
        f"::{v.code} {_github_escape(v.message)}"
        for v in _violations(results)
    ]
    lines += [
        f"::{level} title=flytecheck,file={path}::{_github_escape(message)}"
        for path, level, message in _notices(results)
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(
    results: Sequence[FileResult], catalogue: Sequence[tuple[str, str, str, str]] | None = None
) -> str:
    """SARIF 2.1.0; `catalogue` lists the rules as (code, name, short, full) text, the lint
    rules' when not given."""
    import flytecheck

    if catalogue is None:
        from flytecheck.lint.rules import ALL_RULES

        catalogue = [(r.CODE, r.NAME, r.MESSAGE, (r.__doc__ or "").strip()) for r in ALL_RULES]
    rules = [
        {
            "id": code,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
        }
        for code, name, short, full in catalogue
    ]
    report = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flytecheck",
                        "version": str(flytecheck.__version__),
                        "rules": rules,
                    }
                },
                "results": [
                    {
                        "ruleId": v.code,
                        "level": "error",
                        "message": {"text": v.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": v.path},
                                    "region": {"startLine": v.line, "startColumn": v.col},
                                }
                            }
                        ],
                    }
                    for v in _violations(results)
                ],
                "invocations": [
                    {
                        "executionSuccessful": not any(r.error for r in results),
                        "toolExecutionNotifications": [
                            {
                                "level": level,
                                "message": {"text": message},
                                "locations": [
                                    {"physicalLocation": {"artifactLocation": {"uri": path}}}
                                ],
                            }
                            for path, level, message in _notices(results)
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(report, indent=2) + "\n"


def junit(results: Sequence[FileResult]) -> str:
    from xml.etree import ElementTree as ET

    violations = _violations(results)
    suite = ET.Element(
        "testsuite",
        name="flytecheck",
        tests=str(max(len(results), 1)),
        failures=str(len(violations)),
        errors=str(sum(1 for r in results if r.error)),
        skipped=str(sum(1 for r in results if r.warning)),
    )
    for result in results:
        case = ET.SubElement(suite, "testcase", name=result.path, classname="flytecheck.lint")
        for v in result.violations:
            failure = ET.SubElement(case, "failure", message=f"{v.code} {v.message}", type=v.code)
            failure.text = v.text()
        if result.error:
            ET.SubElement(case, "error", message=result.error, type="flytecheck.error")
        if result.warning:
            ET.SubElement(case, "skipped", message=result.warning)
    suites = ET.Element("testsuites")
    suites.append(suite)
    return ET.tostring(suites, encoding="unicode") + "\n"


FORMATS: dict[str, Callable[[Sequence[FileResult]], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
}


def summary(results: Sequence[FileResult], fixed: int = 0) -> str:
    found = len(_violations(results))
    fixable = sum(v.fixable for v in _violations(results))
    errors = f"{found} error{'s' if found != 1 else ''}"
    files = f"{len(results)} file{'s' if len(results) != 1 else ''}"
    failed = sum(1 for r in results if r.error)
    skipped = sum(1 for r in results if r.warning)
    left_out = f" {skipped} skipped: see the warnings above." if skipped else ""
    if not found and not failed:
        return f"All checks passed ({files}).{left_out}"
    with_findings = sum(1 for r in results if r.violations)
    where = f"{with_findings} file{'s' if with_findings != 1 else ''}"
    parts = [f"Found {errors} in {where} ({files} checked)."]
    if failed:
        parts.append(f"{failed} file{'s' if failed != 1 else ''} failed: see the errors above.")
    if skipped:
        parts.append(left_out.strip())
    if fixed:
        parts.append(f"Fixed {fixed}.")
    if fixable:
        parts.append(f"[*] {fixable} fixable with --fix.")
    return " ".join(parts)


def statistics(results: Sequence[FileResult]) -> str:
    from flytecheck.lint.rules import by_code

    counts = Counter(v.code for v in _violations(results))
    names = by_code()
    return "".join(
        f"{n:5d}  {code}  {names[code].NAME if code in names else 'syntax-error'}\n"
        for code, n in counts.most_common()
    )
