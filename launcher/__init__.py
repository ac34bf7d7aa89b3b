"""The product's process launcher: starts, health-checks and stops the processes of a layout, each
writing to its own log file.

- `python -m launcher dev`  (`make run`): Rasa, the action server, the demo page, the staff console
  and the summary sync job, on the embedded defaults (SQLite in var/).
- `python -m launcher prod` (`make prod`): nginx in front of 2+ Rasa servers, 2+ action servers, the
  console under gunicorn, PostgreSQL, the Redis lock store and one summary sync job.

The tests (tests/support/stack.py) and the benchmarks use the same functions with free ports.
Nothing happens at import time."""
