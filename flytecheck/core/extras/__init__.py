"""`flytekit.extras`: task classes beyond @task (the shell task)."""
