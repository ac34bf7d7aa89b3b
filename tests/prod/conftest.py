"""The production layout (`make prod`, launcher/prod.py) started once for the fault tests, on free
ports, with its own PostgreSQL cluster in a temporary directory."""

import shutil

import pytest

from launcher.config import free_port
from launcher.prod import start_prod, temporary_home


@pytest.fixture(scope="session")
def prod_stack():
    home = temporary_home()
    stack = start_prod(
        {
            "SUMMARY_SYNC_SECONDS": "5",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            # the load is one machine sending far faster than people (channels/rate_limit.py)
            "RATE_LIMIT_PER_SENDER": "1000000",
            "RATE_LIMIT_PER_IP": "1000000",
        },
        home=home,
        public_port=free_port(),
    )
    yield stack
    stack.stop()
    shutil.rmtree(home, ignore_errors=True)
