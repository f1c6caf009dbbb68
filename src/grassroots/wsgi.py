"""WSGI entry point used by ``grassroots serve`` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings.base")
application = get_wsgi_application()
