"""Versions: draft metadata updates and metadata validation against dandischema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from archive import dispatch
from archive.models import Asset, AssetStatus, Dandiset, Version, VersionStatus
from archive.services import locks, permissions
from archive.services import metadata as md
from archive.services.exceptions import InvalidInputError, NotFoundError, NotModifiableError

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from archive.services.permissions import User


def get_version(*, user: User, dandiset: Dandiset, version: str) -> Version:
    permissions.require_read(user=user, dandiset=dandiset)
    try:
        return dandiset.versions.get(version=version)
    except Version.DoesNotExist:
        raise NotFoundError("No Version matches the given query.") from None


def list_versions(*, user: User, dandiset: Dandiset, order: str = "created") -> QuerySet[Version]:
    permissions.require_read(user=user, dandiset=dandiset)
    if order not in {"created", "-created"}:
        raise InvalidInputError("order must be created or -created")
    return dandiset.versions.order_by(order, "id")


def update_draft(*, user: User, version: Version, name: str, metadata: dict[str, Any]) -> Version:
    permissions.require_owner(user=user, dandiset=version.dandiset)
    if version.version != "draft":
        raise NotModifiableError("Only draft versions can be modified.")
    if not name.strip():
        raise InvalidInputError("name must not be empty")
    server_owned = {
        "@context",
        "manifestLocation",
        "identifier",
        "version",
        "id",
        "repository",
        "url",
        "dateCreated",
        "access",
        "assetsSummary",
        "citation",
        "doi",
    }
    cleaned = {k: v for k, v in metadata.items() if k not in server_owned}
    cleaned["name"] = name
    cleaned["schemaVersion"] = cleaned.get("schemaVersion") or md.schema_version()
    with transaction.atomic():
        locked = Version.objects.select_for_update().get(pk=version.pk)
        locks.require_unlocked(dandiset=locked.dandiset, draft=locked)
        locked.name = name
        locked.metadata = cleaned
        locked.status = VersionStatus.PENDING
        locked.validation_errors = []
        locked.save()
        locked.dandiset.save(update_fields=["modified"])
        dispatch.validate_version(version_pk=locked.pk)
        dispatch.write_manifests(version_pk=locked.pk)
    return locked


def mark_pending(*, version: Version) -> None:
    """Asset changes alter the assets summary, so the version is validated again."""
    from django.utils import timezone

    Version.objects.filter(pk=version.pk).update(status=VersionStatus.PENDING, modified=timezone.now())
    dispatch.validate_version(version_pk=version.pk)
    dispatch.write_manifests(version_pk=version.pk)


VALIDATING_MESSAGE = "asset is currently being validated, please wait."


def asset_validation_errors(*, version: Version) -> list[dict[str, Any]]:
    """DANDI's list: each error of an Invalid asset, and one entry per asset not validated yet, so that a
    client waiting for an empty list (dandi's wait_until_valid) also waits for those."""
    errors: list[dict[str, Any]] = []
    for status, path, asset_errors in (
        version.assets.exclude(status=AssetStatus.VALID)
        .order_by("path")
        .values_list("status", "path", "validation_errors")
    ):
        if status == AssetStatus.INVALID:
            errors.extend({**error, "path": path} for error in asset_errors)
        else:
            errors.append({"field": "", "message": VALIDATING_MESSAGE, "path": path})
    return errors


def has_unvalidated_assets(*, version_pk: int) -> bool:
    return Asset.objects.filter(
        versions__pk=version_pk, status__in=[AssetStatus.PENDING, AssetStatus.VALIDATING]
    ).exists()


def validate_version(*, version_pk: int) -> str:
    """Pending -> Valid/Invalid with errors, by dandischema's Dandiset model. Idempotent.

    A draft with assets still unvalidated stays Pending (its assets summary is not final, and it cannot be
    published yet); the validation of its last asset queues this again."""
    from dandischema.models import Dandiset as DandisetModel
    from pydantic import ValidationError

    try:
        version = Version.objects.select_related("dandiset").get(pk=version_pk)
    except Version.DoesNotExist:
        raise NotFoundError(f"version {version_pk} does not exist") from None
    if version.status not in {VersionStatus.PENDING, VersionStatus.VALIDATING}:
        return version.status
    if has_unvalidated_assets(version_pk=version.pk):
        return version.status
    document = md.version_metadata(version)
    try:
        DandisetModel.model_validate(document)
        status, errors = VersionStatus.VALID, []
    except ValidationError as exc:
        status, errors = VersionStatus.INVALID, md.pydantic_errors(exc)
    # Only move a version that nobody changed meanwhile (a newer edit re-queued its own validation).
    Version.objects.filter(pk=version.pk, modified=version.modified).update(
        status=status, validation_errors=errors
    )
    return status
