"""`python -m rasa_speedups <rasa arguments>`: see rasa_speedups/cli.py."""

import sys

from rasa_speedups.cli import main

if __name__ == "__main__":
    sys.exit(main())
