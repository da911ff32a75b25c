from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """Dandisets, versions, assets, blobs and uploads: the archive's domain."""

    name = "archive"
    default_auto_field = "django.db.models.BigAutoField"
