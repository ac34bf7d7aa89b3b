"""WSGI entry point (e.g. `gunicorn nextmed_console.wsgi` from console/)."""

import os
import sys
from pathlib import Path

# The repository root (storage/, channels/), after console/ (gunicorn's --chdir) on the path.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nextmed_console.settings")
application = get_wsgi_application()
