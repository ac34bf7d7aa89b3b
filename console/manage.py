#!/usr/bin/env python
"""Django's command-line utility for the NextMed staff console."""

import os
import sys
from pathlib import Path

# The repository root (storage/, channels/) after console/ itself, as pytest.ini's pythonpath has it.
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nextmed_console.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
