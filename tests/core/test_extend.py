"""Writing a type transformer as for flytekit: the literal models are flyteidl's messages under
flytekit's names, and the context a transformer gets has a file access provider with
flytekit's method names, also in a local run."""

from __future__ import annotations

from pathlib import Path

from flyteidl.core import literals_pb2, types_pb2

import flytecheck.core as core
from tests.authoring import load_core

SOURCE = """
import tempfile
from pathlib import Path
from typing import Type

from flytekit import Blob, BlobMetadata, BlobType, FlyteContext, Literal, LiteralType, Scalar
from flytekit import task, workflow
from flytekit.extend import TypeEngine, TypeTransformer


class Bundle:
    def __init__(self, base_dir: str) -> None:
        self.base_dir = base_dir


class BundleTransformer(TypeTransformer[Bundle]):
    _TYPE = BlobType(format="bundle", dimensionality=BlobType.BlobDimensionality.MULTIPART)

    def __init__(self):
        super().__init__(name="bundle", t=Bundle)

    def get_literal_type(self, t: Type[Bundle]) -> LiteralType:
        return LiteralType(blob=self._TYPE)

    def to_literal(self, ctx: FlyteContext, python_val, python_type, expected) -> Literal:
        remote = ctx.file_access.get_random_remote_directory()
        ctx.file_access.upload_directory(python_val.base_dir, remote)
        return Literal(scalar=Scalar(blob=Blob(uri=remote, metadata=BlobMetadata(type=self._TYPE))))

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type) -> Bundle:
        local = ctx.file_access.get_random_local_directory()
        ctx.file_access.download_directory(lv.scalar.blob.uri, local)
        return Bundle(local)


TypeEngine.register(BundleTransformer())


@task
def make() -> Bundle:
    d = tempfile.mkdtemp()
    (Path(d) / "a.txt").write_text("hello")
    return Bundle(d)


@task
def read(b: Bundle) -> str:
    return (Path(b.base_dir) / "a.txt").read_text()


@workflow
def wf() -> str:
    return read(b=make())
"""


def test_a_flytekit_style_transformer_runs_in_a_workflow(tmp_path: Path) -> None:
    module = load_core(tmp_path, SOURCE)
    assert module.wf() == "hello"
    lt = core.TypeEngine.to_literal_type(module.Bundle)
    assert lt.blob.format == "bundle"


def test_the_model_names_are_flyteidls_messages() -> None:
    assert core.Literal is literals_pb2.Literal
    assert core.Blob is literals_pb2.Blob
    assert core.LiteralType is types_pb2.LiteralType
    assert core.BlobType.BlobDimensionality.MULTIPART == types_pb2.BlobType.MULTIPART
