"""flytekit @eager bodies that forget an `await`: the call never runs on a backend."""

from flytekit import eager, task


@task
def inc(x: int) -> int:
    return x + 1


@eager
async def forgets_to_await(x: int) -> int:
    inc(x=x)
    return await inc(x=x)


@eager
async def passes_a_call_on(x: int) -> int:
    return await inc(x=inc(x=x))


@eager
async def returns_a_call(x: int) -> int:
    return inc(x=x)  # type: ignore[return-value]
