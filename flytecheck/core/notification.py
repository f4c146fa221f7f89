"""Launch-plan notifications: who hears of an execution reaching which phases."""

from __future__ import annotations

from collections.abc import Sequence

from flyteidl.admin import common_pb2

__all__ = ["Email", "Notification", "PagerDuty", "Slack", "WorkflowExecutionPhase"]


class WorkflowExecutionPhase:
    """The phases of a workflow execution, with the backend's numbers."""

    UNDEFINED = 0
    QUEUED = 1
    RUNNING = 2
    SUCCEEDING = 3
    SUCCEEDED = 4
    FAILING = 5
    FAILED = 6
    ABORTED = 7
    TIMED_OUT = 8
    ABORTING = 9

    @classmethod
    def enum_to_string(cls, value: int) -> str:
        for name, number in vars(cls).items():
            if name.isupper() and number == value:
                return name
        return str(value)


_TERMINAL = {
    WorkflowExecutionPhase.SUCCEEDED,
    WorkflowExecutionPhase.FAILED,
    WorkflowExecutionPhase.ABORTED,
    WorkflowExecutionPhase.TIMED_OUT,
}


class Notification:
    """Tell `recipients_email` when an execution ends in one of `phases`."""

    _channel = ""

    def __init__(self, phases: Sequence[int], recipients_email: Sequence[str]) -> None:
        kind = type(self).__name__
        wrong = [p for p in phases if p not in _TERMINAL]
        if wrong:
            terminal = ", ".join(
                WorkflowExecutionPhase.enum_to_string(p) for p in sorted(_TERMINAL)
            )
            msg = (
                f"{kind} notification on phase "
                f"{WorkflowExecutionPhase.enum_to_string(wrong[0])}: notifications are sent "
                f"only when an execution ends ({terminal})"
            )
            raise ValueError(msg)
        if not recipients_email:
            msg = f"{kind} notification has no recipients: pass recipients_email=[...]"
            raise ValueError(msg)
        self.phases = list(phases)
        self.recipients_email = list(recipients_email)

    def to_idl(self) -> common_pb2.Notification:
        out = common_pb2.Notification(phases=self.phases)
        getattr(out, self._channel).recipients_email.extend(self.recipients_email)
        return out


class Email(Notification):
    _channel = "email"


class Slack(Notification):
    _channel = "slack"


class PagerDuty(Notification):
    _channel = "pager_duty"
