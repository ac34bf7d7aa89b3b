"""`python -m rasa_speedups <rasa arguments>`: Rasa's own CLI with the speed-ups applied."""
import sys

from rasa_hardening import apply_all as apply_hardening
from rasa_speedups import apply_all

if __name__ == "__main__":
    apply_hardening()  # safety behaviour (rasa_hardening/): always on
    apply_all()
    from rasa.__main__ import main

    sys.exit(main())
