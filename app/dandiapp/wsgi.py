"""WSGI entry point for gunicorn (`gunicorn dandiapp.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dandiapp.settings")
application = get_wsgi_application()

from dandiapp.warmup import warm_up  # noqa: E402 - needs the settings configured above

warm_up()
