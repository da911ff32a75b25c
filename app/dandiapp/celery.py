"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in the archive app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dandiapp.settings")

app = Celery("dandiapp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_periodic_tasks(sender: Celery, **_: object) -> None:
    """Beat runs reconciliation (re-queues lost work) and upload garbage collection."""
    from django.conf import settings

    sender.add_periodic_task(
        float(settings.DANDI_RECONCILE_INTERVAL_SECONDS),
        sender.signature("archive.tasks.reconcile"),
        name="reconcile",
    )
    sender.add_periodic_task(
        3600.0, sender.signature("archive.tasks.garbage_collect_uploads"), name="gc-uploads"
    )
