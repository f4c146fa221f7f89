"""`flytecheck server`, driven over stdio by an LSP client the way an editor drives it
(pytest-lsp starts the real server in a subprocess)."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

BROKEN = textwrap.dedent(
    """\
    from flytekit import task


    @task
    def double(x) -> int:
        return 2 * x
    """
)
FIXED = BROKEN.replace("def double(x)", "def double(x: int)")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "flytecheck.cli", "server"])
)
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    (tmp_path / "pyproject.toml").write_text('[tool.flytecheck.lint]\nignore = ["FC402"]\n')
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        )
    )
    return uri


def _replace(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest.mark.asyncio
async def test_a_finding_appears_on_open_and_clears_when_fixed(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = _open(client, tmp_path / "flows.py", BROKEN)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (found,) = client.diagnostics[uri]
    assert found.code == "FC101"
    assert found.source == "flytecheck"
    assert found.range.start == lsp.Position(line=4, character=11)
    assert found.range.end == lsp.Position(line=4, character=12)
    assert "parameter 'x' has no type annotation" in found.message

    _replace(client, uri, FIXED, version=2)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_a_finding_offers_a_noqa_and_its_fix(client: LanguageClient, tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        from typing import List
        from flytekit import task, workflow


        @task
        def total(xs: List[int] = []) -> int:
            return sum(xs or [])


        @workflow
        def w() -> int:
            return total()
        """
    )
    uri = _open(client, tmp_path / "defaults.py", source)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (found,) = client.diagnostics[uri]
    assert found.code == "FC401"
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=found.range,
            context=lsp.CodeActionContext(diagnostics=[found]),
        )
    )
    assert actions is not None
    by_title = {a.title: a for a in actions if isinstance(a, lsp.CodeAction)}
    noqa = by_title["Ignore FC401 on this line (# noqa: FC401)"]
    fix = next(a for t, a in by_title.items() if t.startswith("Fix FC401"))
    for action, expected in (
        (noqa, "    return total()  # noqa: FC401"),
        (fix, "    return total(xs=[])"),
    ):
        assert action.edit is not None
        assert action.edit.changes is not None
        (edit,) = action.edit.changes[uri]
        assert expected in edit.new_text.splitlines()


@pytest.mark.asyncio
async def test_the_projects_configuration_applies_and_bad_files_do_not_stop_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    """FC402 is ignored by the project's pyproject.toml, as the CLI would; a file that does
    not parse is a diagnostic, and the server goes on answering."""
    cached = _open(
        client,
        tmp_path / "cached.py",
        "from flytekit import task\n\n@task(cache=True)\ndef t() -> None:\n    pass\n",
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[cached]) == []
    broken = _open(client, tmp_path / "broken.py", "from flytekit import task\ndef (:\n")
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (syntax,) = client.diagnostics[broken]
    assert syntax.code == "FC001"
    assert syntax.severity == lsp.DiagnosticSeverity.Error
    uri = _open(client, tmp_path / "after.py", BROKEN)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["FC101"]


def test_a_crash_in_one_files_lint_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The guard around each lint: an exception inside it becomes that file's error (shown as a
    diagnostic and in the log), and the next file is linted as usual."""
    from flytecheck.lint import api
    from flytecheck.lint.server import FlytecheckServer

    server = FlytecheckServer()
    real = api.lint_file

    def exploding(path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("boom.py"):
            raise RuntimeError("a rule crashed")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "lint_file", exploding)
    failed = server.lint((tmp_path / "boom.py").as_uri(), BROKEN)
    assert failed.error == "internal error: RuntimeError: a rule crashed"
    fine = server.lint((tmp_path / "fine.py").as_uri(), BROKEN)
    assert [v.code for v in fine.violations] == ["FC101"]
