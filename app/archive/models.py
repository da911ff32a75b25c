"""The archive's tables. Behaviour lives in services/; these classes hold data and derived names only."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class EmbargoStatus(models.TextChoices):
    OPEN = "OPEN"
    EMBARGOED = "EMBARGOED"
    UNEMBARGOING = "UNEMBARGOING"


class VersionStatus(models.TextChoices):
    PENDING = "Pending"
    VALIDATING = "Validating"
    VALID = "Valid"
    INVALID = "Invalid"
    PUBLISHING = "Publishing"
    PUBLISHED = "Published"


class AssetStatus(models.TextChoices):
    PENDING = "Pending"
    VALIDATING = "Validating"
    VALID = "Valid"
    INVALID = "Invalid"


class Dandiset(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    embargo_status = models.CharField(
        max_length=16, choices=EmbargoStatus.choices, default=EmbargoStatus.OPEN
    )
    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="owned_dandisets")

    class Meta:
        ordering = ["id"]

    @property
    def identifier(self) -> str:
        return f"{self.id:06d}"

    @property
    def embargoed(self) -> bool:
        return self.embargo_status != EmbargoStatus.OPEN

    def __str__(self) -> str:
        return self.identifier


class AssetBlob(models.Model):
    """An uploaded object under blobs/; shared by every asset with the same content (dedup by etag + size)."""

    blob_id = models.UUIDField(unique=True, default=uuid.uuid4)
    etag = models.CharField(max_length=40, db_index=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, null=True, blank=True)
    # Set when uploaded into an embargoed dandiset: the object is tagged and reusable only by that dandiset.
    embargoed_dandiset = models.ForeignKey(Dandiset, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    @property
    def s3_key(self) -> str:
        return blob_key(self.blob_id)

    def __str__(self) -> str:
        return str(self.blob_id)


def blob_key(blob_id: uuid.UUID) -> str:
    """DANDI's layout: blobs/{id[0:3]}/{id[3:6]}/{id}."""
    text = str(blob_id)
    return f"blobs/{text[0:3]}/{text[3:6]}/{text}"


class ZarrStatus(models.TextChoices):
    PENDING = "Pending"
    UPLOADED = "Uploaded"
    INGESTING = "Ingesting"
    COMPLETE = "Complete"


class ZarrArchive(models.Model):
    """A Zarr tree under zarr/{zarr_id}/, uploaded file by file; its checksum is DANDI's tree of md5s."""

    zarr_id = models.UUIDField(unique=True, default=uuid.uuid4)
    name = models.CharField(max_length=512)
    dandiset = models.ForeignKey(Dandiset, on_delete=models.CASCADE, related_name="zarr_archives")
    status = models.CharField(max_length=16, choices=ZarrStatus.choices, default=ZarrStatus.PENDING)
    checksum = models.CharField(max_length=128, null=True, blank=True)
    file_count = models.PositiveBigIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dandiset", "name"], name="unique_zarr_name")]
        ordering = ["id"]

    @property
    def s3_prefix(self) -> str:
        return f"zarr/{self.zarr_id}/"

    def __str__(self) -> str:
        return f"{self.zarr_id} {self.name}"


class Asset(models.Model):
    """A path in a version, backed by exactly one blob or one Zarr archive.

    A Zarr belongs to one dandiset and only its assets use it, so they go when it goes (dandiset deletion)."""

    asset_id = models.UUIDField(unique=True, default=uuid.uuid4)
    path = models.CharField(max_length=512)
    blob = models.ForeignKey(
        AssetBlob, null=True, blank=True, on_delete=models.PROTECT, related_name="assets"
    )
    zarr = models.ForeignKey(
        ZarrArchive, null=True, blank=True, on_delete=models.CASCADE, related_name="assets"
    )
    metadata = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=AssetStatus.choices, default=AssetStatus.PENDING)
    validation_errors = models.JSONField(default=list)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(blob__isnull=False, zarr__isnull=True)
                | models.Q(blob__isnull=True, zarr__isnull=False),
                name="asset_has_blob_or_zarr",
            )
        ]

    @property
    def size(self) -> int:
        return self.blob.size if self.blob is not None else self.zarr.size

    def __str__(self) -> str:
        return f"{self.asset_id} {self.path}"


class Version(models.Model):
    dandiset = models.ForeignKey(Dandiset, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=32, default="draft")
    name = models.CharField(max_length=300)
    metadata = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=VersionStatus.choices, default=VersionStatus.PENDING)
    validation_errors = models.JSONField(default=list)
    assets = models.ManyToManyField(Asset, related_name="versions")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dandiset", "version"], name="unique_dandiset_version")
        ]
        ordering = ["dandiset_id", "created"]

    def __str__(self) -> str:
        return f"{self.dandiset.identifier}/{self.version}"


class Upload(models.Model):
    """A multipart upload in flight; becomes an AssetBlob on validate, or is garbage-collected."""

    upload_id = models.UUIDField(unique=True, default=uuid.uuid4)
    blob_id = models.UUIDField(unique=True, default=uuid.uuid4)
    multipart_upload_id = models.CharField(max_length=512)
    etag = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    dandiset = models.ForeignKey(Dandiset, on_delete=models.CASCADE, related_name="uploads")
    created = models.DateTimeField(auto_now_add=True)

    @property
    def s3_key(self) -> str:
        return blob_key(self.blob_id)

    def __str__(self) -> str:
        return str(self.upload_id)


class TaskState(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


class BackgroundTask(models.Model):
    """The ledger of background work: one row per (task, object), saying whether its message waits in the
    queue, runs (where, since when) or has finished. Dispatch skips an object whose task already waits, and
    reconciliation re-queues only what the ledger shows lost (see services/reconcile)."""

    task = models.CharField(max_length=100)
    object_pk = models.BigIntegerField()
    queue = models.CharField(max_length=100)
    state = models.CharField(max_length=16, choices=TaskState.choices, default=TaskState.QUEUED)
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Re-queues by reconciliation since the last ordinary dispatch: each one doubles the wait before the next.
    attempts = models.PositiveIntegerField(default=0)
    # host:pid of the process running it, so a reconcile on the same host can tell a dead worker at once.
    worker = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "object_pk"], name="unique_task_object")]
        indexes = [models.Index(fields=["queue", "state"], name="task_queue_state")]

    def __str__(self) -> str:
        return f"{self.task}({self.object_pk}) {self.state}"
