"""pydantic models as flytekit stores them: the same literal type (JSON schema, field types,
msgpack annotation) and the same payload, read both ways; file and dataset fields as flytekit
stores them; pydantic imported only when a model is converted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

from flytecheck.core import TypeEngine, current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError

pydantic = pytest.importorskip("pydantic")


class Inner(pydantic.BaseModel):
    a: int


class Datum(pydantic.BaseModel):
    x: int
    y: str
    z: dict[int, str]
    inner: Inner
    maybe: Optional[int] = None


def _flytekit() -> Any:
    pytest.importorskip("flytekit")
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine as FlytekitEngine

    return FlytekitEngine, FlyteContextManager.current_context()


VALUE = Datum(x=1, y="a", z={1: "b"}, inner=Inner(a=2))


def test_the_literal_type_is_flytekits() -> None:
    engine, _ = _flytekit()
    assert TypeEngine.to_literal_type(Datum) == engine.to_literal_type(Datum).to_flyte_idl()


def test_the_literal_is_flytekits_and_both_read_both() -> None:
    engine, fk_ctx = _flytekit()
    from flytekit.models.literals import Literal as TheirLiteral

    ours = TypeEngine.to_literal(current_context(), VALUE, Datum)
    theirs = engine.to_literal(fk_ctx, VALUE, Datum, engine.to_literal_type(Datum)).to_flyte_idl()
    assert ours == theirs
    assert engine.to_python_value(fk_ctx, TheirLiteral.from_flyte_idl(ours), Datum) == VALUE
    assert TypeEngine.to_python_value(current_context(), theirs, Datum) == VALUE


def test_a_file_field_is_stored_as_flytekit_stores_it(tmp_path: Path) -> None:
    import msgpack

    from flytecheck.core import FlyteFile

    class WithFile(pydantic.BaseModel):
        f: FlyteFile

    src = tmp_path / "f.txt"
    src.write_text("hi")
    lit = TypeEngine.to_literal(current_context(), WithFile(f=FlyteFile(str(src))), WithFile)
    assert msgpack.unpackb(lit.scalar.binary.value) == {"f": {"path": str(src)}}
    back = TypeEngine.to_python_value(current_context(), lit, WithFile)
    assert Path(back.f.download()).read_text() == "hi"


def test_a_payload_that_does_not_validate_names_the_model() -> None:
    import msgpack
    from flyteidl.core.literals_pb2 import Literal

    lit = Literal()
    lit.scalar.binary.value = msgpack.packb({"x": "not a number"})
    lit.scalar.binary.tag = "msgpack"
    with pytest.raises(TypeTransformerFailedError, match=r"Datum.*does not validate"):
        TypeEngine.to_python_value(current_context(), lit, Datum)


def test_importing_the_core_does_not_import_pydantic() -> None:
    code = (
        "import sys, flytecheck.core as c; c.TypeEngine.to_literal_type(int); "
        "print('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
