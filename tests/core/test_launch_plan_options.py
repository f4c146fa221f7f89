"""Launch plans as flytekit declares them: the default plan, schedules, notifications, labels,
annotations, raw output location, parallelism, cache overwriting; serialized as flytekit
serializes them, and refused where flytekit or the backend would refuse them."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core import CronSchedule, Email, FixedRate, WorkflowExecutionPhase
from flytecheck.core.exceptions.user import (
    FlyteEntityAlreadyExistsException,
    FlyteValidationException,
)
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from datetime import datetime, timedelta
from flytekit import (Annotations, CronSchedule, Email, FixedRate, Labels, LaunchPlan, PagerDuty,
                      Secret, Slack, WorkflowExecutionPhase, current_context, task, workflow)
from flytekit.models.common import AuthRole
from flytekit.models.concurrency import ConcurrencyPolicy
from flytekit.models.security import Identity, SecurityContext

@task
def t(a: int, when: datetime) -> int:
    return a

@workflow
def wf(a: int, when: datetime) -> int:
    return t(a=a, when=when)

everything = LaunchPlan.get_or_create(
    wf, "everything", default_inputs={"a": 4},
    schedule=CronSchedule(schedule="*/1 * * * *", kickoff_time_input_arg="when"),
    notifications=[
        Email(phases=[WorkflowExecutionPhase.SUCCEEDED], recipients_email=["a@b.c"]),
        PagerDuty(phases=[WorkflowExecutionPhase.FAILED, WorkflowExecutionPhase.TIMED_OUT],
                  recipients_email=["p@d.e"]),
        Slack(phases=[WorkflowExecutionPhase.ABORTED], recipients_email=["s@l.k"]),
    ],
    labels=Labels({"team": "data"}), annotations=Annotations({"owner": "me"}),
    max_parallelism=7, overwrite_cache=True,
)
every_ten_minutes = LaunchPlan.get_or_create(
    wf, "every_ten_minutes", fixed_inputs={"a": 1},
    schedule=FixedRate(duration=timedelta(minutes=10)),
)
daily_offset = LaunchPlan.get_or_create(
    wf, "daily_offset", schedule=CronSchedule(schedule="@daily", offset="P1D")
)
every_two_hours = LaunchPlan.get_or_create(
    wf, "every_two_hours",
    schedule=FixedRate(duration=timedelta(hours=2), kickoff_time_input_arg="when"),
)
every_day = LaunchPlan.get_or_create(
    wf, "every_day", schedule=FixedRate(duration=timedelta(days=1))
)
default = LaunchPlan.get_default_launch_plan(current_context(), wf)
secured = LaunchPlan.get_or_create(
    wf, "secured",
    security_context=SecurityContext(
        run_as=Identity(k8s_service_account="runner", iam_role="arn:aws:iam::1:role/r"),
        secrets=[Secret(group="g", key="k")],
    ),
    concurrency=ConcurrencyPolicy(max_concurrency=2),
)
with_auth_role = LaunchPlan.get_or_create(
    wf, "with_auth_role",
    auth_role=AuthRole(assumable_iam_role="arn:aws:iam::1:role/r", kubernetes_service_account="sa"),
)
"""

PLANS = [
    "everything",
    "every_ten_minutes",
    "daily_offset",
    "every_two_hours",
    "every_day",
    "default",
    "secured",
    "with_auth_role",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("plans"), SOURCE)


@pytest.mark.parametrize("name", PLANS)
def test_serializes_as_flytekit(name: str, both: tuple[object, object]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_the_default_plan_is_the_workflows_own(both: tuple[object, object]) -> None:
    """Named after the workflow, the same object each time, and it runs the workflow."""
    import datetime

    _, core = both
    plan = core.LaunchPlan.get_default_launch_plan(None, core.wf)  # type: ignore[attr-defined]
    assert plan is core.default  # type: ignore[attr-defined]
    assert plan.name == core.wf.name  # type: ignore[attr-defined]
    assert plan(a=3, when=datetime.datetime(2026, 1, 1)) == 3


def _plan_source(schedule: str, extra: str = "") -> str:
    return f"""
        from datetime import date, datetime, timedelta
        from flytekit import CronSchedule, FixedRate, LaunchPlan, task, workflow
        from flytekit.models.common import AuthRole
        from flytekit.models.security import SecurityContext

        @task
        def t(a: int, day: date, when: datetime) -> int:
            return a

        @workflow
        def wf(a: int, day: date, when: datetime) -> int:
            return t(a=a, day=day, when=when)

        lp = LaunchPlan.get_or_create(wf, "lp", schedule={schedule}{extra})
    """


@pytest.mark.parametrize(
    ("schedule", "extra", "message"),
    [
        (
            'CronSchedule(schedule="* * *", kickoff_time_input_arg="when")',
            "",
            "not a cron expression",
        ),
        ('CronSchedule(schedule="@every")', "", "not a cron expression"),
        ('CronSchedule(cron_expression="0 10 * * ? *")', "", "deprecated form"),
        ("FixedRate(duration=timedelta(seconds=30))", "", "whole number of minutes"),
        (
            'FixedRate(duration=timedelta(hours=1), kickoff_time_input_arg="whn")',
            "",
            r"kickoff_time_input_arg 'whn' is not an input",
        ),
        (
            'FixedRate(duration=timedelta(hours=1), kickoff_time_input_arg="day")',
            "",
            r"input 'day', which takes date, not datetime",
        ),
        (
            'FixedRate(duration=timedelta(hours=1), kickoff_time_input_arg="when")',
            ', fixed_inputs={"when": datetime(2026, 1, 1)}',
            "not an input of workflow .* the schedule can set",
        ),
        ('"*/5 * * * *"', "", r"schedule takes CronSchedule\(...\) or FixedRate"),
        ("None", ", max_parallelism=0", "max_parallelism must be a whole number >= 1"),
        ("None", ", trigger=object()", "does not serialize trigger yet"),
        ("None", ", security_context=object()", r"is not a SecurityContext; write Secur"),
        ("None", ", concurrency=2", r"concurrency=2 is not a ConcurrencyPolicy; write"),
        (
            "None",
            ", auth_role=AuthRole('r'), security_context=SecurityContext()",
            "give security_context or auth_role, not both",
        ),
        ("None", ", auto_activated=True", "has no option auto_activated"),
    ],
)
def test_bad_plans_are_refused_naming_what_to_change(
    tmp_path: Path, schedule: str, extra: str, message: str
) -> None:
    with pytest.raises((FlyteValidationException, ValueError), match=message):
        load_core(tmp_path, _plan_source(schedule, extra))


def test_a_notification_needs_a_terminal_phase_and_recipients() -> None:
    with pytest.raises(ValueError, match="on phase RUNNING: notifications are sent only when"):
        Email(phases=[WorkflowExecutionPhase.RUNNING], recipients_email=["a@b.c"])
    with pytest.raises(ValueError, match="has no recipients"):
        Email(phases=[WorkflowExecutionPhase.FAILED], recipients_email=[])


def test_the_same_name_with_another_schedule_is_refused(tmp_path: Path) -> None:
    """Declaring the same plan again is fine; the same name with other settings is not."""
    module = load_core(tmp_path, _plan_source('CronSchedule(schedule="@daily")'))
    again = module.LaunchPlan.get_or_create(
        module.wf, "lp", schedule=CronSchedule(schedule="@daily")
    )
    assert again is module.lp
    with pytest.raises(FlyteEntityAlreadyExistsException, match="'lp' already exists"):
        module.LaunchPlan.create("lp", module.wf, schedule=CronSchedule(schedule="@hourly"))


def test_fixed_rate_units() -> None:
    """Whole days and hours are counted in those units, as flytekit writes them."""
    import datetime

    from flyteidl.admin import schedule_pb2

    assert FixedRate(datetime.timedelta(minutes=90)).to_idl().rate.unit == schedule_pb2.MINUTE
    assert FixedRate(datetime.timedelta(hours=36)).to_idl().rate.value == 36
    assert FixedRate(datetime.timedelta(days=2)).to_idl().rate.unit == schedule_pb2.DAY
