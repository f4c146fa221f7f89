"""TypeEngine: lookup order, caching, flytekit's entry points, custom transformers, plugins."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import sys
import textwrap
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Dict, List, Optional

import pytest
from flyteidl.core.literals_pb2 import Literal, LiteralMap, Scalar
from flyteidl.core.types_pb2 import LiteralType, SimpleType
from google.protobuf.struct_pb2 import Struct

from flytecheck.core import TypeEngine, TypeTransformer
from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions import TypeTransformerFailedError, UnsupportedTypeError


class Celsius(float):
    """A float subclass: found through the MRO."""


@dataclasses.dataclass
class Reading:
    at: datetime.datetime
    value: float
    tags: Dict[str, str] = dataclasses.field(default_factory=dict)
    note: Optional[str] = None


def test_codecs_are_built_once_and_cached() -> None:
    """Per-type work happens once: the same codec object comes back."""
    assert TypeEngine.codec(List[Reading]) is TypeEngine.codec(List[Reading])


def test_to_literal_type_returns_a_copy_the_caller_may_change() -> None:
    """Changing the returned LiteralType does not corrupt the cache."""
    lt = TypeEngine.to_literal_type(int)
    lt.simple = SimpleType.STRING
    assert TypeEngine.to_literal_type(int).simple == SimpleType.INTEGER


def test_naive_datetimes_are_taken_as_utc(ctx: FlyteContext) -> None:
    """A naive datetime is stored as UTC and comes back aware."""
    naive = datetime.datetime(2024, 5, 1, 12, 30)
    lit = TypeEngine.to_literal(ctx, naive, datetime.datetime)
    back = TypeEngine.to_python_value(ctx, lit, datetime.datetime)
    assert back == naive.replace(tzinfo=datetime.timezone.utc)


def test_aware_datetimes_are_converted_to_utc(ctx: FlyteContext) -> None:
    """An aware datetime in another zone is the same instant in UTC."""
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    when = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=plus2)
    back = TypeEngine.to_python_value(
        ctx, TypeEngine.to_literal(ctx, when, datetime.datetime), datetime.datetime
    )
    assert back == when
    assert back.tzinfo == datetime.timezone.utc


def test_pep604_unions_and_builtin_generics(ctx: FlyteContext) -> None:
    """`int | None`, `list[int]` and `dict[str, int]` equal their typing spellings."""
    assert TypeEngine.to_literal_type(int | None) == TypeEngine.to_literal_type(Optional[int])
    assert TypeEngine.to_literal_type(list[int]) == TypeEngine.to_literal_type(List[int])
    assert TypeEngine.to_literal_type(dict[str, int]) == TypeEngine.to_literal_type(Dict[str, int])
    lit = TypeEngine.to_literal(ctx, None, int | None)
    assert TypeEngine.to_python_value(ctx, lit, int | None) is None


def test_subclasses_are_found_through_the_mro(ctx: FlyteContext) -> None:
    """A float subclass converts as float."""
    assert TypeEngine.get_transformer(Celsius).name == "float"
    lit = TypeEngine.to_literal(ctx, Celsius(21.5), Celsius)
    assert lit.scalar.primitive.float_value == 21.5


def test_annotated_is_its_inner_type() -> None:
    """Annotated[T, ...] is T, also when its metadata is unhashable."""
    assert TypeEngine.to_literal_type(Annotated[int, "meta"]) == TypeEngine.to_literal_type(int)
    unhashable = Annotated[List[int], {"unit": "m"}]
    assert TypeEngine.codec(unhashable).literal_type == TypeEngine.to_literal_type(List[int])


class Upper(TypeTransformer[str]):
    """A flytekit-style transformer: the four methods, nothing else."""

    def __init__(self) -> None:
        super().__init__("upper", str)

    def get_literal_type(self, t: Any) -> LiteralType:
        return LiteralType(simple=SimpleType.STRING)

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        lit = Literal()
        lit.scalar.primitive.string_value = python_val.upper()
        return lit

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> str:
        return lv.scalar.primitive.string_value.lower()


def test_an_annotated_transformer_overrides_the_default(ctx: FlyteContext) -> None:
    """A TypeTransformer inside Annotated wins, and its four methods are used."""
    shouting = Annotated[str, Upper()]
    lit = TypeEngine.to_literal(ctx, "hi", shouting)
    assert lit.scalar.primitive.string_value == "HI"
    assert TypeEngine.to_python_value(ctx, lit, shouting) == "hi"


def test_a_flytekit_style_transformer_type_checks_values(ctx: FlyteContext) -> None:
    """A four-method transformer still refuses values of another type (assert_type)."""
    with pytest.raises(TypeTransformerFailedError):
        TypeEngine.to_literal(ctx, 3, Annotated[str, Upper()])


def test_a_flytekit_style_type_cannot_sit_in_a_dataclass() -> None:
    """A transformer with no msgpack form says so when used as a dataclass field."""

    @dataclasses.dataclass
    class Holder:
        s: Annotated[str, Upper()]

    with pytest.raises(TypeTransformerFailedError, match="no msgpack form"):
        TypeEngine.codec(Holder).to_literal(Holder("x"))


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and other.cents == self.cents


class MoneyTransformer(TypeTransformer[Money]):
    def __init__(self) -> None:
        super().__init__("money", Money)

    def get_literal_type(self, t: Any) -> LiteralType:
        return LiteralType(simple=SimpleType.INTEGER)

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        return Literal(scalar=Scalar(primitive={"integer": python_val.cents}))

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> Money:
        return Money(lv.scalar.primitive.integer)


@pytest.fixture
def registry_snapshot() -> Iterator[None]:
    """Restore the engine's registry after a test registers transformers."""
    saved = dict(TypeEngine._registry)
    yield
    TypeEngine._registry.clear()
    TypeEngine._registry.update(saved)
    TypeEngine._codecs = ({}, {})


@pytest.mark.usefixtures("registry_snapshot")
def test_register_adds_a_type_usable_inside_containers(ctx: FlyteContext) -> None:
    """A registered transformer's type works alone and inside List and Optional."""
    with pytest.raises(UnsupportedTypeError):
        TypeEngine.to_literal_type(Money)
    TypeEngine.register(MoneyTransformer())
    wallet = [Money(5), Money(7)]
    lit = TypeEngine.to_literal(ctx, wallet, List[Money])
    assert TypeEngine.to_python_value(ctx, lit, List[Money]) == wallet
    union = TypeEngine.to_literal_type(Optional[Money])
    assert [v.structure.tag for v in union.union_type.variants] == ["money", "none"]


def test_plugins_register_transformers_through_the_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A distribution announcing a `flytecheck` entry point gets its transformers registered."""
    (tmp_path / "money_plugin.py").write_text(
        textwrap.dedent(
            """
            from flytecheck.hookspecs import hookimpl
            from tests.core.types.test_engine import MoneyTransformer

            @hookimpl
            def flytecheck_type_transformers():
                return [MoneyTransformer()]
            """
        )
    )
    dist = tmp_path / "money_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: money-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[flytecheck]\nmoney = money_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    from flytecheck import _plugins

    _plugins.plugin_manager.cache_clear()
    saved = dict(TypeEngine._registry)
    monkeypatch.setattr(TypeEngine, "_plugins_loaded", False)
    try:
        assert TypeEngine.get_transformer(Money).name == "money"
        assert "money" in [t.name for t in _plugins.plugin_transformers()]
    finally:
        TypeEngine._registry.clear()
        TypeEngine._registry.update(saved)
        TypeEngine._codecs = ({}, {})
        _plugins.plugin_manager.cache_clear()
        sys.modules.pop("money_plugin", None)


def test_pickle_fallback_only_when_asked(ctx: FlyteContext) -> None:
    """An unsupported type is refused by default and pickled with pickle_untyped=True."""
    with pytest.raises(UnsupportedTypeError):
        TypeEngine.to_literal(ctx, {1, 2}, typing.Set[int])
    lit = TypeEngine.to_literal(ctx, {1, 2}, typing.Set[int], pickle_untyped=True)
    assert lit.scalar.blob.metadata.type.format == "PythonPickle"
    assert Path(lit.scalar.blob.uri).parent == ctx.sandbox
    assert TypeEngine.to_python_value(ctx, lit, typing.Set[int], pickle_untyped=True) == {1, 2}


def test_pickle_is_never_used_for_tuples() -> None:
    """Tuples stay refused even with pickle_untyped (flytekit's RestrictedTypeError)."""
    with pytest.raises(UnsupportedTypeError, match="tuple"):
        TypeEngine.to_literal_type(typing.Tuple[int, int], pickle_untyped=True)


def test_literal_map_round_trip(ctx: FlyteContext) -> None:
    """dict_to_literal_map and literal_map_to_kwargs are inverses."""
    hints = {"n": int, "readings": List[Reading]}
    values = {
        "n": 3,
        "readings": [Reading(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc), 1.5)],
    }
    lm = TypeEngine.dict_to_literal_map(ctx, values, hints)
    assert TypeEngine.literal_map_to_kwargs(ctx, lm, hints) == values


def test_literal_map_to_kwargs_guesses_from_literal_types(ctx: FlyteContext) -> None:
    """Without Python types, the LiteralTypes are enough."""
    lm = TypeEngine.dict_to_literal_map(ctx, {"xs": [1, 2]}, {"xs": List[int]})
    kwargs = TypeEngine.literal_map_to_kwargs(
        ctx, lm, literal_types={"xs": TypeEngine.to_literal_type(List[int])}
    )
    assert kwargs == {"xs": [1, 2]}
    with pytest.raises(ValueError, match="needs python_types or literal_types"):
        TypeEngine.literal_map_to_kwargs(ctx, lm)


def test_dict_to_literal_map_without_hints_uses_the_value_types(ctx: FlyteContext) -> None:
    """Untyped values are converted by their own type."""
    lm = TypeEngine.dict_to_literal_map(ctx, {"a": 1, "b": "x"})
    assert lm.literals["a"].scalar.primitive.integer == 1
    assert lm.literals["b"].scalar.primitive.string_value == "x"
    assert isinstance(lm, LiteralMap)


class Size(enum.Enum):
    S = "s"
    M = "m"


@pytest.mark.parametrize(
    "python_type",
    [
        int,
        float,
        str,
        bool,
        datetime.datetime,
        datetime.timedelta,
        type(None),
        List[int],
        Dict[str, List[float]],
        dict,
        Optional[int],
    ],
)
def test_guess_python_type_inverts_to_literal_type(python_type: Any) -> None:
    """guess_python_type gives back a type with the same LiteralType."""
    lt = TypeEngine.to_literal_type(python_type)
    assert TypeEngine.to_literal_type(TypeEngine.guess_python_type(lt)) == lt


def test_guess_python_type_for_enums_and_dataclasses(ctx: FlyteContext) -> None:
    """Enums and dataclasses are rebuilt from the LiteralType and read the same literals."""
    guessed_enum = TypeEngine.guess_python_type(TypeEngine.to_literal_type(Size))
    assert [m.value for m in guessed_enum] == ["s", "m"]
    guessed = TypeEngine.guess_python_type(TypeEngine.to_literal_type(Reading))
    assert guessed.__name__ == "Reading"
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    lit = TypeEngine.to_literal(ctx, Reading(when, 2.0, {"k": "v"}), Reading)
    back = TypeEngine.to_python_value(ctx, lit, guessed)
    assert (back.at, back.value, back.tags, back.note) == (
        when.isoformat(),
        2.0,
        {"k": "v"},
        None,
    ) or (back.value == 2.0 and back.tags == {"k": "v"})


def test_guess_python_type_refuses_unknown_types() -> None:
    """A LiteralType no transformer knows is a ValueError saying so."""
    with pytest.raises(ValueError, match="no transformer knows"):
        TypeEngine.guess_python_type(LiteralType(simple=SimpleType.BINARY))


def test_dataclasses_read_older_json_structs(ctx: FlyteContext) -> None:
    """A dataclass stored as a JSON Struct by older flytekit versions still reads back."""
    struct = Struct()
    struct.update({"at": "2024-01-01T00:00:00+00:00", "value": 2, "tags": {"a": "b"}})
    lit = Literal(scalar=Scalar(generic=struct))
    back = TypeEngine.to_python_value(ctx, lit, Reading)
    assert back == Reading(
        datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc), 2.0, {"a": "b"}
    )
    assert TypeEngine.to_python_value(ctx, lit, dict)["value"] == 2


def test_dict_with_non_str_keys_checks_its_keys_and_values(ctx: FlyteContext) -> None:
    """Dict[int, str] stores as msgpack but still type-checks keys and values."""
    lit = TypeEngine.to_literal(ctx, {1: "a"}, Dict[int, str])
    assert TypeEngine.to_python_value(ctx, lit, Dict[int, str]) == {1: "a"}
    with pytest.raises(TypeTransformerFailedError, match=r"at Dict\[int, str\]\['1'\]"):
        TypeEngine.to_literal(ctx, {"1": "a"}, Dict[int, str])


def test_untyped_dict_with_unserializable_content(ctx: FlyteContext) -> None:
    """An untyped dict holding something msgpack cannot store says so."""
    with pytest.raises(TypeTransformerFailedError, match="not msgpack-serializable"):
        TypeEngine.to_literal(ctx, {"a": object()}, dict)


def test_dataclass_defaults_fill_missing_fields(ctx: FlyteContext) -> None:
    """Fields with defaults may be absent from a stored payload."""
    lit = TypeEngine.to_literal(ctx, {"at": "2024-01-01T00:00:00", "value": 1.0}, dict)
    back = TypeEngine.to_python_value(ctx, lit, Reading)
    assert back.tags == {}
    assert back.note is None


def test_builtin_transformers_serve_flytekit_style_calls(ctx: FlyteContext) -> None:
    """A built-in transformer answers flytekit's four methods like the engine does."""
    transformer = TypeEngine.get_transformer(List[int])
    lt = transformer.get_literal_type(List[int])
    lit = transformer.to_literal(ctx, [1, 2], List[int], lt)
    assert lt == TypeEngine.to_literal_type(List[int])
    assert transformer.to_python_value(ctx, lit, List[int]) == [1, 2]
    assert repr(transformer) == "ListTransformer('Typed List')"


def test_without_a_plugin_installed_no_plugin_machinery_is_imported() -> None:
    """The common case costs nothing: no distribution declares the group, so neither
    importlib.metadata nor pluggy is imported to find out (they cost ~40 ms a container)."""
    import subprocess
    import sys

    code = (
        "import sys; from flytecheck.core import TypeEngine, current_context; "
        "TypeEngine.to_literal(current_context(), 1, int); "
        "print('pluggy' in sys.modules, 'importlib.metadata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
