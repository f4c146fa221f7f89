"""`flytekit.extras.tasks`: ShellTask."""
