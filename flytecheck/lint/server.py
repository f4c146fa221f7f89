"""`flytecheck server`: the linter as a Language Server over stdio, for any editor that speaks
LSP (VS Code, Neovim, Helix, Zed, ...).

Diagnostics come on open and on change (debounced: a burst of keystrokes is linted once, when
it stops), from the same engine and the same configuration discovery as `flytecheck lint` (the
closest pyproject.toml of each file), and are cleared when the mistake is gone or the file is
closed. Each finding offers code actions: its fix when the rule has one, and `# noqa: FCxxx`.
A file whose lint fails is reported in that file and in the log; the server keeps serving.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

import flytecheck
from flytecheck.lint import api
from flytecheck.lint._codes import PARSE_ERROR, UNUSED_NOQA
from flytecheck.lint._model import FileResult, Violation
from flytecheck.lint.config import ConfigError, Settings, load_settings

__all__ = ["DEBOUNCE_SECONDS", "FlytecheckServer", "main"]

DEBOUNCE_SECONDS = 0.15
_WORD = re.compile(r"[\w.]+")


class FlytecheckServer(LanguageServer):
    """The server: the open documents' last results (by content digest, so an unchanged file is
    not linted again) and the pending debounced lints."""

    def __init__(self) -> None:
        super().__init__("flytecheck", flytecheck.__version__)
        self.results: dict[str, tuple[str, FileResult]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def settings_for(self, path: str) -> Settings:
        """The CLI's configuration for this file; a broken pyproject.toml is reported and the
        defaults used, so the editor still gets diagnostics."""
        try:
            return load_settings(Path(path).resolve())
        except ConfigError as e:
            self.window_show_message(
                lsp.ShowMessageParams(
                    type=lsp.MessageType.Warning,
                    message=f"flytecheck: {e}; linting with the default settings",
                )
            )
            return Settings(root=str(Path(path).parent))

    def lint(self, uri: str, text: str) -> FileResult:
        """The document's findings, from the last run when its text has not changed."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        known = self.results.get(uri)
        if known is not None and known[0] == digest:
            return known[1]
        path = to_fs_path(uri) or uri
        try:
            settings = self.settings_for(path)
            result = api.lint_file(path, settings, unsafe_fixes=True, source=text.encode("utf-8"))
        except Exception as e:  # never let one file take the server down
            result = FileResult(path, (), error=f"internal error: {type(e).__name__}: {e}")
        self.results[uri] = (digest, result)
        return result

    def publish(self, uri: str, text: str, version: int | None) -> None:
        result = self.lint(uri, text)
        lines = text.splitlines()
        diagnostics = [diagnostic(v, lines) for v in result.violations]
        if result.error:
            self.window_log_message(
                lsp.LogMessageParams(
                    type=lsp.MessageType.Error, message=f"flytecheck: {uri}: {result.error}"
                )
            )
            diagnostics.append(
                lsp.Diagnostic(
                    range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                    message=f"flytecheck could not lint this file: {result.error}",
                    severity=lsp.DiagnosticSeverity.Error,
                    source="flytecheck",
                )
            )
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )


def _span(v: Violation, lines: list[str]) -> lsp.Range:
    """From the reported column to the end of the name or dotted name there (or one
    character): what an editor underlines."""
    line = max(v.line - 1, 0)
    start = max(v.col - 1, 0)
    text = lines[line] if line < len(lines) else ""
    word = _WORD.match(text, start)
    end = word.end() if word else min(start + 1, len(text))
    return lsp.Range(lsp.Position(line, start), lsp.Position(line, max(end, start)))


def diagnostic(v: Violation, lines: list[str]) -> lsp.Diagnostic:
    severity = (
        lsp.DiagnosticSeverity.Error if v.code == PARSE_ERROR else lsp.DiagnosticSeverity.Warning
    )
    return lsp.Diagnostic(
        range=_span(v, lines),
        message=v.message,
        severity=severity,
        code=v.code,
        source="flytecheck",
        data={"fixable": v.fixable, "line": v.line, "col": v.col},
    )


server = FlytecheckServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FlytecheckServer, params: lsp.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    ls.publish(doc.uri, doc.text, doc.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: FlytecheckServer, params: lsp.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    ls.pending[uri] = asyncio.ensure_future(_lint_later(ls, uri))


async def _lint_later(ls: FlytecheckServer, uri: str) -> None:
    await asyncio.sleep(DEBOUNCE_SECONDS)
    doc = ls.workspace.get_text_document(uri)
    ls.pending.pop(uri, None)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, ls.lint, uri, doc.source)
    ls.publish(uri, doc.source, doc.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FlytecheckServer, params: lsp.DidSaveTextDocumentParams) -> None:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    ls.results.pop(doc.uri, None)  # the configuration may have changed with it
    ls.publish(doc.uri, doc.source, doc.version)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FlytecheckServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.results.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
def code_actions(ls: FlytecheckServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """For each flytecheck diagnostic in range: its fix (safe, or marked unsafe) and a
    `# noqa` for its code."""
    doc = ls.workspace.get_text_document(params.text_document.uri)
    path = to_fs_path(doc.uri) or doc.uri
    actions: list[lsp.CodeAction] = []
    for diag in params.context.diagnostics:
        if diag.source != "flytecheck" or not isinstance(diag.code, str):
            continue
        data: dict[str, Any] = diag.data if isinstance(diag.data, dict) else {}
        line = int(data.get("line", diag.range.start.line + 1))
        col = int(data.get("col", diag.range.start.character + 1))
        violation = Violation(path, line, col, diag.code, diag.message, bool(data.get("fixable")))
        if violation.fixable:
            fixed = _fixed(ls, path, doc.source, diag.code)
            if fixed is not None and fixed != doc.source:
                actions.append(_action(f"Fix {diag.code}: {diag.message}", doc, fixed, diag))
        if diag.code not in (PARSE_ERROR, UNUSED_NOQA):
            noqa = _with_noqa(doc.source, violation)
            if noqa is not None:
                title = f"Ignore {diag.code} on this line (# noqa: {diag.code})"
                actions.append(_action(title, doc, noqa, diag))
    return actions


def _fixed(ls: FlytecheckServer, path: str, source: str, code: str) -> str | None:
    """The document with the fixes of `code` applied (unsafe ones too: the user asked)."""
    settings = dataclasses.replace(ls.settings_for(path), select=(code,), extend_select=())
    result = api.lint_file(path, settings, fix=True, unsafe_fixes=True, source=source.encode())
    return result.fixed_source


def _with_noqa(source: str, violation: Violation) -> str | None:
    from flytecheck.lint.engine import add_noqa

    try:
        return add_noqa(source, [violation])
    except Exception:  # the document does not parse: no noqa to add
        return None


def _action(title: str, doc: Any, new_text: str, diag: lsp.Diagnostic) -> lsp.CodeAction:
    """An edit that replaces the document's text with `new_text` (one edit, so the editor
    applies it whole)."""
    lines = doc.source.splitlines(keepends=True)
    end = lsp.Position(len(lines), 0)
    edit = lsp.TextEdit(range=lsp.Range(lsp.Position(0, 0), end), new_text=new_text)
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=lsp.WorkspaceEdit(changes={doc.uri: [edit]}),
    )


def main() -> None:
    """Serve over stdin and stdout until the editor says exit."""
    server.start_io()
