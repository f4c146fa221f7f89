"""Launch-plan schedules: `CronSchedule` and `FixedRate`, checked when declared as flytekit and
the backend check them (a cron of 5 to 7 fields or an @-alias; no rate under a minute)."""

from __future__ import annotations

import datetime
import re

from flyteidl.admin import schedule_pb2

__all__ = ["CronSchedule", "FixedRate", "Schedule"]

_ALIASES = frozenset(
    {
        *("hourly", "hours", "daily", "days", "weekly", "weeks", "monthly"),
        *("months", "annually", "yearly", "years"),
        *("@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@annually", "@yearly"),
    }
)
"""flytekit's cron aliases (the bare words too), and the @-forms croniter knows."""
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7), (0, 59))
"""minute, hour, day of month, month, day of week, and croniter's sixth field: seconds."""
_NAMES: tuple[dict[str, int], ...] = (
    {},
    {},
    {},
    {m: i for i, m in enumerate(_MONTHS, 1)},
    {d: i for i, d in enumerate(_WEEKDAYS)},
    {},
)
_DAYS_IN = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_ITEM = re.compile(r"^(?P<range>\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/(?P<step>[0-9]+))?$")


def _values(field: str, index: int) -> set[int] | None:
    """The values a cron field allows (None: any), or ValueError for one croniter refuses."""
    low, high = _RANGES[index]
    names = _NAMES[index]
    if index == 2 and (field == "L" or re.fullmatch(r"[0-9]{1,2}W", field)):
        return None if field == "L" else _values(field[:-1], index)
    if index == 4 and re.fullmatch(r"[0-7]#[1-5]", field):
        return {int(field[0])}
    found: set[int] = set()
    for item in field.upper().split(","):
        match = _ITEM.match(item)
        if match is None:
            raise ValueError(item)
        step = int(match.group("step")) if match.group("step") else 1
        if step == 0:
            raise ValueError(item)
        bounds = match.group("range")
        if bounds in ("*", "?"):
            if step == 1:
                return None
            start, end = low, high
        else:
            first, _, last = bounds.partition("-")
            start = names.get(first, int(first) if first.isdigit() else -1)
            end = names.get(last, int(last) if last.isdigit() else -1) if last else start
            if match.group("step") and not last:
                end = high
        if not (low <= start <= high and low <= end <= high):
            raise ValueError(item)
        found.update(range(start, end + 1, step))
    return found


def _invalid(schedule: str) -> str | None:
    """Why croniter (flytekit's check) refuses the schedule; None when it accepts it."""
    fields = schedule.split()
    if not 5 <= len(fields) <= 7:
        return "a cron expression has 5 fields (6 with seconds)"
    try:
        values = [_values(f, i) for i, f in enumerate(fields[:6])]
    except ValueError as e:
        return f"{e.args[0]!r} is not a value that field takes"
    days, months, weekdays = values[2], values[3], values[4]
    possible = days is None or any(d <= _DAYS_IN[m] for d in days for m in months or range(1, 13))
    if weekdays is None and not possible:
        return "no month has that day, so it never runs"
    return None


class Schedule:
    """What a launch plan's `schedule=` takes."""

    kickoff_time_input_arg: str | None

    def to_idl(self) -> schedule_pb2.Schedule:
        raise NotImplementedError


class CronSchedule(Schedule):
    """Run on a cron expression (`"*/5 * * * *"`, `"@daily"`), optionally offset (ISO 8601)."""

    def __init__(
        self,
        cron_expression: str | None = None,
        schedule: str | None = None,
        offset: str | None = None,
        kickoff_time_input_arg: str | None = None,
    ) -> None:
        if cron_expression is not None:
            msg = (
                f"CronSchedule(cron_expression={cron_expression!r}) is flytekit's deprecated "
                "form, which flytekit refuses: write CronSchedule(schedule='*/5 * * * *')"
            )
            raise ValueError(msg)
        if not schedule:
            msg = "CronSchedule needs a schedule: CronSchedule(schedule='0 * * * *')"
            raise ValueError(msg)
        why = None if schedule in _ALIASES else _invalid(schedule)
        if why is not None:
            msg = (
                f"CronSchedule: {schedule!r} is not a cron expression flytekit accepts ({why}); "
                "write 5 fields (minute hour day-of-month month day-of-week, e.g. '*/5 * * * *') "
                f"or an alias ({', '.join(sorted(_ALIASES))})"
            )
            raise ValueError(msg)
        self.schedule = schedule
        self.offset = offset
        self.kickoff_time_input_arg = kickoff_time_input_arg

    @property
    def cron_schedule(self) -> schedule_pb2.CronSchedule:
        """The schedule and its offset, as flytekit's `cron_schedule` gives them."""
        return schedule_pb2.CronSchedule(schedule=self.schedule, offset=self.offset or "")

    def to_idl(self) -> schedule_pb2.Schedule:
        return schedule_pb2.Schedule(
            kickoff_time_input_arg=self.kickoff_time_input_arg or "",
            cron_schedule=self.cron_schedule,
        )


class FixedRate(Schedule):
    """Run every `duration` (whole minutes, hours or days)."""

    def __init__(
        self, duration: datetime.timedelta, kickoff_time_input_arg: str | None = None
    ) -> None:
        if duration < datetime.timedelta(minutes=1) or duration % datetime.timedelta(minutes=1):
            msg = (
                f"FixedRate: a rate of {duration} is not a whole number of minutes; Flyte "
                "schedules by the minute at the finest"
            )
            raise ValueError(msg)
        self.duration = duration
        self.kickoff_time_input_arg = kickoff_time_input_arg

    @property
    def rate(self) -> schedule_pb2.FixedRate:
        """The rate in the largest whole unit, as flytekit's `rate` gives it."""
        minutes = int(self.duration.total_seconds()) // 60
        unit, value = schedule_pb2.MINUTE, minutes
        if minutes % (24 * 60) == 0:
            unit, value = schedule_pb2.DAY, minutes // (24 * 60)
        elif minutes % 60 == 0:
            unit, value = schedule_pb2.HOUR, minutes // 60
        return schedule_pb2.FixedRate(value=value, unit=unit)

    def to_idl(self) -> schedule_pb2.Schedule:
        return schedule_pb2.Schedule(
            kickoff_time_input_arg=self.kickoff_time_input_arg or "", rate=self.rate
        )
