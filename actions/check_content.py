"""`python -m actions.check_content`: validate every content file and exit non-zero on the first problem."""

import sys

from actions import runtime

if __name__ == "__main__":
    try:
        runtime.load_all()
    except Exception as exc:
        print(f"Content error: {exc}", file=sys.stderr)
        sys.exit(1)
    print("Content OK")
