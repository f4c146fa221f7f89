"""MockRunner: the runner that answers for mocked entities and hands the rest on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flytecheck.core.task import outputs_to_literal_map
from flytecheck.core.types import TypeEngine
from flytecheck.mocks._mock import EntityMock

if TYPE_CHECKING:
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core._runner import EntityRunner
    from flytecheck.core.context import FlyteContext

__all__ = ["MockRunner"]


class MockRunner:
    """Runs mocked entities by asking their EntityMock; everything else by `fallback`."""

    def __init__(self, fallback: EntityRunner) -> None:
        self.fallback = fallback
        self.mocks: dict[int, EntityMock] = {}

    def add(self, mock: EntityMock) -> EntityMock:
        self.mocks[_key(mock.entity)] = mock
        return mock

    def mock_for(self, entity: Any) -> EntityMock | None:
        """The mock standing in for `entity` here or in a runner this one hands on to; None
        when it is not stubbed. flytekit's own executor asks it (`interop/_fk_local.py`)."""
        mock = self.mocks.get(_key(entity))
        if mock is None and isinstance(self.fallback, MockRunner):
            return self.fallback.mock_for(entity)
        return mock

    def run(self, entity: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        mock = self.mocks.get(_key(entity))
        if mock is None:
            return self.fallback.run(entity, inputs, ctx)
        subject = f"mock of {mock.kind} {entity.name!r}"
        if hasattr(entity, "stub_inputs"):  # another SDK's entity: its own conversion
            outputs: LiteralMap = entity.stub_outputs(
                mock.answer(entity.stub_inputs(inputs)), subject
            )
            return outputs
        iface = entity.interface
        given = {n: t for n, t in iface.inputs.items() if n in inputs.literals}
        kwargs = TypeEngine.literal_map_to_kwargs(
            ctx, inputs, given, where=subject, pickle_untyped=iface.pickle_untyped
        )
        for name in iface.inputs:
            if name not in kwargs and name in iface.defaults:
                kwargs[name] = iface.defaults[name]
        return outputs_to_literal_map(ctx, iface, mock.answer(kwargs), subject)


def _key(entity: Any) -> int:
    """Entities adapted from another SDK are known by the object they wrap."""
    return id(getattr(entity, "wrapped", entity))
