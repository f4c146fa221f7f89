"""Shared fixtures: where the golden vectors live, and a fresh context per test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from flytecheck.core.context import FlyteContext, FlyteContextManager

pytest_plugins = ["pytester"]


def _import_all_of_flytecheck() -> None:
    """pytester's in-process runs drop modules first imported inside them; flytecheck imports
    lazily, so load all of it now, or runs would mix classes from two imports of a module."""
    import importlib
    import pkgutil

    import flytecheck

    for info in pkgutil.walk_packages(flytecheck.__path__, "flytecheck."):
        importlib.import_module(info.name)


_import_all_of_flytecheck()

settings.register_profile("default", deadline=None)
settings.register_profile(
    "heavy", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
VECTORS = Path(os.environ.get("FLYTECHECK_VECTORS", REPO.parent / "shared" / "vectors"))


def vectors_dir() -> Path:
    """The golden vectors folder; CI must have it, so its absence there is a failure."""
    if not (VECTORS / "literals.jsonl").exists():
        msg = f"golden vectors not found at {VECTORS}; set FLYTECHECK_VECTORS"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    if str(VECTORS) not in sys.path:
        sys.path.insert(0, str(VECTORS))
    return VECTORS


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """pytester, whose sessions (which have no ini of ours) get the one setting pytest-asyncio
    (installed with pytest-lsp) otherwise warns about in every run."""
    monkeypatch.setenv("PYTEST_ADDOPTS", "-o asyncio_default_fixture_loop_scope=function")
    return pytester


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[FlyteContext]:
    """An isolated context whose scratch files go to this test's tmp_path."""
    context = FlyteContext(sandbox_dir=tmp_path)
    with FlyteContextManager.with_context(context):
        yield context


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server (moto's standalone server) on loopback, for the session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh bucket on the loopback S3 server; returns its s3:// URI. Sets the environment
    the entrypoint reads (credentials and FLYTE_AWS_ENDPOINT), also for subprocesses."""
    import uuid

    import s3fs

    for key, value in {**S3_ENV, "FLYTE_AWS_ENDPOINT": s3_endpoint}.items():
        monkeypatch.setenv(key, value)
    name = f"bucket-{uuid.uuid4().hex[:12]}"
    fs = s3fs.S3FileSystem(client_kwargs={"endpoint_url": s3_endpoint}, skip_instance_cache=True)
    fs.mkdir(name)
    return f"s3://{name}"


def pytest_configure(config: pytest.Config) -> None:
    """pytest-mypy-plugins' YAML cases (tests/mypy_plugin/test-*.yml) with the set-up
    docs/typing.md gives. mypy runs as a process of its own (run in this one, the plugin
    drops every module first imported during a case, half-imported lazy ones too, which breaks
    later tests), the script beside this interpreter."""
    if hasattr(config.option, "mypy_ini_file"):
        if config.option.mypy_ini_file is None:
            config.option.mypy_ini_file = str(REPO / "tests" / "mypy_plugin" / "mypy.ini")
        scripts = str(Path(sys.executable).parent)
        os.environ["PATH"] = f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest-lsp's call wrapper returns without yielding for an item with no `funcargs` (a
    YAML case is one), which pytest reports as an error: give such items an empty one."""
    for item in items:
        if not hasattr(item, "funcargs"):
            item.funcargs = {}  # type: ignore[attr-defined]
