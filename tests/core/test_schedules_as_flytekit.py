"""CronSchedule accepts and refuses what flytekit does (its aliases, field ranges, dates that
never occur), compared case by case with the installed flytekit, and offers flytekit's
`cron_schedule` and FixedRate's `rate`."""

from __future__ import annotations

import datetime

import pytest

from flytecheck.core import CronSchedule, FixedRate

pytest.importorskip(
    "flytekit", reason="flytekit is not installed: pip install 'flytecheck[flytekit]'"
)

SCHEDULES = [
    *("hourly", "hours", "@hourly", "daily", "days", "@daily", "weekly", "weeks", "@weekly"),
    *("monthly", "months", "@monthly", "annually", "@annually", "yearly", "years", "@yearly"),
    *("@midnight", "@reboot", "*/5 * * * *", "0 12 * * MON-FRI", "0 0 * * SUN-SAT"),
    *("0 0 30 2 *", "0 0 31 4 *", "0 0 29 2 *", "0 0 30 FEB *", "0 0 31 2,4 *", "0 0 31 1,2 *"),
    *("0 0 31 */2 *", "0 0 31 APR-JUN *", "0 0 30 2 MON", "0 0 L 2 *", "0 0 1W * *"),
    *("0 0 * * 1#2", "0 0 * * 5L", "0 0 * * 8", "0 0 * * 7", "0 0 * * 0-7", "61 * * * *"),
    *("*/61 * * * *", "*/0 * * * *", "0-59/15 * * * *", "0 24 * * *", "0 0 0 * *"),
    *("0 0 32 * *", "0 0 * 13 *", "0 0 * 0 *", "0 0 * * * *", "0 0 * * * * *"),
    *("0 0 * * * 2025", "* * * * * * * *", "a b c d e", "0 0 ? * MON", "5,10 * * * *"),
    *("0 0 1 JAN *", "0 0 15-20 * *", "0 0 * * MON,WED"),
]


def _accepts(make: type, schedule: str) -> bool:
    try:
        make(schedule=schedule)
    except (ValueError, AssertionError):
        return False
    return True


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_accepts_what_flytekit_accepts(schedule: str) -> None:
    from flytekit import CronSchedule as FkCronSchedule

    assert _accepts(CronSchedule, schedule) == _accepts(FkCronSchedule, schedule)


def test_the_refusal_says_why() -> None:
    with pytest.raises(ValueError, match="no month has that day"):
        CronSchedule(schedule="0 0 30 2 *")
    with pytest.raises(ValueError, match="'24' is not a value that field takes"):
        CronSchedule(schedule="0 24 * * *")


def test_flytekits_properties() -> None:
    from flytekit import CronSchedule as FkCronSchedule
    from flytekit import FixedRate as FkFixedRate

    ours, theirs = (
        CronSchedule(schedule="0 1 * * *", offset="PT5M"),
        FkCronSchedule(schedule="0 1 * * *", offset="PT5M"),
    )
    assert ours.cron_schedule == theirs.cron_schedule.to_flyte_idl()
    rate = datetime.timedelta(hours=2)
    assert FixedRate(rate).rate == FkFixedRate(rate).rate.to_flyte_idl()
