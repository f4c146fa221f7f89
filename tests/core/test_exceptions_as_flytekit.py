"""The exceptions flytekit users raise or catch, under flytekit's names and paths: the same error
codes as flytekit's, the same built-in bases (so `except ValueError` catches the same), and
messages that name their subject."""

from __future__ import annotations

import importlib

import pytest

pytest.importorskip(
    "flytekit", reason="flytekit is not installed: pip install 'flytecheck[flytekit]'"
)

ADDED = [
    ("exceptions.user", "FlyteDisapprovalException", ()),
    ("exceptions.user", "FlyteEntityNotExistException", ("gone",)),
    ("exceptions.user", "FlytePromiseAttributeResolveException", ("out.x",)),
    ("exceptions.user", "FlyteDataNotFoundException", ("s3://b/k",)),
    ("exceptions.user", "FlyteEntityNotFoundException", ("pkg.flows", "wf")),
    ("exceptions.user", "FlyteInvalidInputException", ({"bad": 1},)),
    ("exceptions.user", "FlyteUserRuntimeException", (ValueError("boom"),)),
    ("exceptions.system", "FlyteSystemUnavailableException", ("down",)),
    ("exceptions.system", "FlyteNotImplementedException", ("later",)),
    ("exceptions.system", "FlyteSystemAssertion", ("no",)),
    ("exceptions.system", "FlyteConnectorNotFound", ("none",)),
    ("exceptions.system", "FlyteAgentNotFound", ("none",)),
]
_BUILTINS = (ValueError, TypeError, AssertionError, NotImplementedError, RuntimeError)


@pytest.mark.parametrize(("module", "name", "args"), ADDED, ids=[n for _, n, _ in ADDED])
def test_codes_and_bases_are_flytekits(module: str, name: str, args: tuple[object, ...]) -> None:
    ours = getattr(importlib.import_module(f"flytecheck.core.{module}"), name)
    theirs = getattr(importlib.import_module(f"flytekit.{module}"), name)
    raised, theirs_raised = ours(*args), theirs(*args)
    assert raised.error_code == type(theirs_raised)._ERROR_CODE
    assert [b for b in _BUILTINS if isinstance(raised, b)] == [
        b for b in _BUILTINS if isinstance(theirs_raised, b)
    ]


def test_messages_name_their_subject() -> None:
    from flytecheck.core.exceptions.user import (
        FlyteDataNotFoundException,
        FlyteEntityNotFoundException,
        FlyteUserRuntimeException,
    )

    assert "s3://b/k" in str(FlyteDataNotFoundException("s3://b/k"))
    assert str(FlyteEntityNotFoundException("pkg.flows", "wf")) == (
        "Task/Workflow 'wf' not found in module 'pkg.flows'"
    )
    error = ValueError("boom")
    assert FlyteUserRuntimeException(error).value is error


def test_recoverable_is_where_flytekit_keeps_it() -> None:
    from flytecheck.core.exceptions.base import FlyteRecoverableException
    from flytecheck.core.exceptions.user import FlyteRecoverableException as InUser

    assert FlyteRecoverableException is InUser
