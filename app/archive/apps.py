from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_broker_tables(**_: object) -> None:
    """With kombu's SQLAlchemy broker, create its tables at release time (`migrate`), not concurrently on
    first use by web and worker processes, where simultaneous CREATE TABLEs can fail."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL.startswith("sqla+"):
        return
    from kombu import Connection

    with Connection(
        settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
    ) as conn:
        conn.default_channel.session  # noqa: B018 - opening the session creates kombu_queue and kombu_message


class ArchiveConfig(AppConfig):
    """Dandisets, versions, assets, blobs and uploads: the archive's domain."""

    name = "archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(create_broker_tables, sender=self)
