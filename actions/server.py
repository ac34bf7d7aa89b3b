"""Action server entry point: validate all content first, then serve rasa-sdk's endpoint.

A content typo stops start-up with the file and key path instead of failing mid-conversation."""
import argparse
import logging
import sys

from rasa_sdk import endpoint

from actions import runtime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    try:
        runtime.load_all()
    except Exception as exc:  # ContentError or BranchesError: the message names file and key
        print(f"Content error, not starting: {exc}", file=sys.stderr)
        return 1
    endpoint.run("actions", port=args.port, cors_origins=[])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
