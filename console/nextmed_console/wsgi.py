"""WSGI entry point (e.g. `gunicorn nextmed_console.wsgi` from console/)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nextmed_console.settings")
application = get_wsgi_application()
