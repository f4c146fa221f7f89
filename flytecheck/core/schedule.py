"""Launch-plan schedules: `CronSchedule` and `FixedRate`, checked when declared as flytekit and
the backend check them (a cron of 5 to 7 fields or an @-alias; no rate under a minute)."""

from __future__ import annotations

import datetime
import re

from flyteidl.admin import schedule_pb2

__all__ = ["CronSchedule", "FixedRate", "Schedule"]

_ALIASES = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
_FIELD = re.compile(r"^[0-9A-Za-z*/,\-?#]+$")


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
        fields = schedule.split()
        valid = schedule in _ALIASES or (
            5 <= len(fields) <= 7 and all(_FIELD.match(f) for f in fields)
        )
        if not valid:
            msg = (
                f"CronSchedule: {schedule!r} is not a cron expression; write 5 fields "
                "(minute hour day-of-month month day-of-week, e.g. '*/5 * * * *') or an alias "
                f"({', '.join(sorted(_ALIASES))})"
            )
            raise ValueError(msg)
        self.schedule = schedule
        self.offset = offset
        self.kickoff_time_input_arg = kickoff_time_input_arg

    def to_idl(self) -> schedule_pb2.Schedule:
        return schedule_pb2.Schedule(
            kickoff_time_input_arg=self.kickoff_time_input_arg or "",
            cron_schedule=schedule_pb2.CronSchedule(
                schedule=self.schedule, offset=self.offset or ""
            ),
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

    def to_idl(self) -> schedule_pb2.Schedule:
        minutes = int(self.duration.total_seconds()) // 60
        unit, value = schedule_pb2.MINUTE, minutes
        if minutes % (24 * 60) == 0:
            unit, value = schedule_pb2.DAY, minutes // (24 * 60)
        elif minutes % 60 == 0:
            unit, value = schedule_pb2.HOUR, minutes // 60
        return schedule_pb2.Schedule(
            kickoff_time_input_arg=self.kickoff_time_input_arg or "",
            rate=schedule_pb2.FixedRate(value=value, unit=unit),
        )
