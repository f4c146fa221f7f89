"""The rule catalogue: one class a module, listed here in code order."""

from __future__ import annotations

from flytecheck.lint.rule import LintRule
from flytecheck.lint.rules.bad_task_options import BadTaskOptions
from flytecheck.lint.rules.cache_without_version import CacheWithoutVersion
from flytecheck.lint.rules.conditional_without_else import ConditionalWithoutElse
from flytecheck.lint.rules.entity_calls import (
    MismatchedInputType,
    MissingInput,
    UnknownInput,
    WrongUnpacking,
)
from flytecheck.lint.rules.missing_return_annotation import MissingReturnAnnotation
from flytecheck.lint.rules.mutable_default import MutableDefault
from flytecheck.lint.rules.nested_entity import NestedEntity
from flytecheck.lint.rules.non_entity_call import NonEntityCall
from flytecheck.lint.rules.non_str_keys import NonStrKeys
from flytecheck.lint.rules.pickled_type import PickledType
from flytecheck.lint.rules.positional_launch_plan import PositionalLaunchPlan
from flytecheck.lint.rules.promise_as_value import PromiseAsValue
from flytecheck.lint.rules.unawaited_call import UnawaitedEntityCall
from flytecheck.lint.rules.unsupported_type import UnsupportedType
from flytecheck.lint.rules.untyped_parameter import UntypedParameter
from flytecheck.lint.rules.variadic_parameters import VariadicParameters

__all__ = ["ALL_RULES", "by_code"]

ALL_RULES: tuple[type[LintRule], ...] = (
    UntypedParameter,
    MissingReturnAnnotation,
    VariadicParameters,
    NestedEntity,
    UnsupportedType,
    PickledType,
    NonStrKeys,
    PromiseAsValue,
    NonEntityCall,
    ConditionalWithoutElse,
    PositionalLaunchPlan,
    UnawaitedEntityCall,
    UnknownInput,
    MissingInput,
    WrongUnpacking,
    MismatchedInputType,
    MutableDefault,
    CacheWithoutVersion,
    BadTaskOptions,
)


def by_code() -> dict[str, type[LintRule]]:
    return {rule.CODE: rule for rule in ALL_RULES}
