"""Every rule against its own examples (as fixit does): VALID cases raise nothing from it,
INVALID cases raise it, and a fix gives exactly the expected source, which parses."""

from __future__ import annotations

import libcst as cst
import pytest

from flytecheck.lint import ALL_RULES, Invalid, LintRule, lint_source

VALID = [(rule, code) for rule in ALL_RULES for code in rule.VALID]
INVALID = [(rule, case) for rule in ALL_RULES for case in rule.INVALID]


def test_every_rule_has_examples_and_a_unique_code() -> None:
    """A rule without INVALID examples is untested; codes are unique and well formed."""
    codes = [rule.CODE for rule in ALL_RULES]
    assert len(set(codes)) == len(codes)
    for rule in ALL_RULES:
        assert rule.INVALID, f"{rule.CODE} has no INVALID examples"
        assert rule.VALID, f"{rule.CODE} has no VALID examples"
        assert rule.CODE.startswith("FC")
        assert len(rule.CODE) == 5
        assert rule.__doc__, f"{rule.CODE} has no documentation"


@pytest.mark.parametrize(
    ("rule", "code"), VALID, ids=[f"{r.CODE}-valid{i}" for i, (r, _) in enumerate(VALID)]
)
def test_valid_examples_pass(rule: type[LintRule], code: str) -> None:
    """Correct code is not flagged by the rule."""
    result = lint_source(code, "example.py", [rule])
    assert [v.text() for v in result.violations] == []


@pytest.mark.parametrize(
    ("rule", "case"), INVALID, ids=[f"{r.CODE}-invalid{i}" for i, (r, _) in enumerate(INVALID)]
)
def test_invalid_examples_are_flagged(rule: type[LintRule], case: Invalid) -> None:
    """Each invalid example is flagged, and its fix (if any) gives the expected source."""
    result = lint_source(case.code, "example.py", [rule])
    assert result.violations, f"{rule.CODE} missed:\n{case.code}"
    assert {v.code for v in result.violations} == {rule.CODE}
    if case.fixed is not None:
        fixed = lint_source(case.code, "example.py", [rule], fix=True, unsafe_fixes=case.unsafe)
        assert fixed.fixed_source == case.fixed
        cst.parse_module(fixed.fixed_source)
        if case.unsafe:
            safe_only = lint_source(case.code, "example.py", [rule], fix=True)
            assert safe_only.fixed_source is None
