"""Django project of the reference DANDI API app; importing it loads the Celery app (`celery --app
dandiapp`)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
