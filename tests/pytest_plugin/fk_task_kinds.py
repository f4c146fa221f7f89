"""flytekit task classes other than @task, in a workflow as a project writes them."""

from flytekit import task, workflow
from flytekit.core.task import Echo

echo = Echo(name="tests.echo", inputs={"a": int})


@task
def double(x: int) -> int:
    return 2 * x


@workflow
def echoed(x: int) -> int:
    return double(x=echo(a=x))
