"""Publishing: a Valid draft whose assets are all Valid becomes an immutable version 0.YYMMDD.HHMM.

The request only marks the draft Publishing (edits then get 423). The worker snapshots the draft's metadata
and asset list under its row lock, checks the result against dandischema's published-Dandiset rules and
leaves the draft Published until it changes again: the state the dandi client polls for.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from archive import dispatch
from archive.models import Asset, AssetStatus, Dandiset, Version, VersionStatus
from archive.services import locks, permissions
from archive.services import metadata as md
from archive.services.exceptions import InvalidInputError, NotFoundError, NotModifiableError

if TYPE_CHECKING:
    from archive.services.permissions import User

NOT_VALID = "Dandiset metadata or asset metadata is not valid."


def version_id(when: datetime) -> str:
    return f"0.{when:%y%m%d}.{when:%H%M}"


def next_version_id(dandiset: Dandiset, when: datetime) -> str:
    """The publish time's version id; a minute later per collision, as two publishes may share a minute."""
    candidate = version_id(when)
    while dandiset.versions.filter(version=candidate).exists():
        when += timedelta(minutes=1)
        candidate = version_id(when)
    return candidate


def publish(*, user: User, version: Version) -> Version:
    permissions.require_owner(user=user, dandiset=version.dandiset)
    if version.version != "draft":
        raise NotModifiableError("Only draft versions can be published.")
    if version.dandiset.embargoed:
        raise InvalidInputError("Embargoed dandisets cannot be published.")
    with transaction.atomic():
        draft = Version.objects.select_for_update().select_related("dandiset").get(pk=version.pk)
        locks.require_unlocked(dandiset=draft.dandiset, draft=draft)
        if draft.status == VersionStatus.PUBLISHED:
            raise InvalidInputError("No changes since the last publish.")
        if draft.status != VersionStatus.VALID:
            raise InvalidInputError(NOT_VALID)
        if not draft.assets.exists():
            raise InvalidInputError("Cannot publish a dandiset that has no assets.")
        if draft.assets.exclude(status=AssetStatus.VALID).exists():
            raise InvalidInputError(NOT_VALID)
        Version.objects.filter(pk=draft.pk).update(status=VersionStatus.PUBLISHING, modified=timezone.now())
        dispatch.publish(version_pk=draft.pk)
    draft.refresh_from_db()
    return draft


def publish_activity(when: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().urn,
        "name": "DANDI publish",
        "startDate": when.isoformat(),
        "endDate": when.isoformat(),
        "wasAssociatedWith": [
            {
                "id": uuid.uuid4().urn,
                "identifier": "RRID:SCR_017571",
                "name": "DANDI API",
                "version": "0.1.0",
                "schemaKey": "Software",
            }
        ],
        "schemaKey": "PublishActivity",
    }


def _publish_assets(version: Version, *, activity: dict[str, Any], when: datetime) -> None:
    """Stamp the assets this publish is the first to include, checked by dandischema's published-asset rules.

    Asset rows are shared by the draft and its releases; a later change in the draft makes a new asset, so a
    stamped one stays as it was published."""
    from dandischema.models import Asset as AssetModel
    from pydantic import ValidationError

    for asset in version.assets.select_related("blob", "zarr"):
        if "datePublished" in asset.metadata:
            continue
        asset.metadata = {**asset.metadata, "datePublished": when.isoformat(), "publishedBy": activity}
        try:
            AssetModel.model_validate(md.asset_metadata(asset, embargoed=False))
        except ValidationError as exc:
            raise _Rejected(md.pydantic_errors(exc, path=asset.path)) from exc
        Asset.objects.filter(pk=asset.pk).update(metadata=asset.metadata)


class _Rejected(Exception):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("published metadata is not valid")
        self.errors = errors


def publish_version(*, version_pk: int) -> str | None:
    """The worker's half: the new version's id, or None when there was nothing to do. Idempotent."""
    from dandischema.models import Dandiset as DandisetModel
    from pydantic import ValidationError

    with transaction.atomic():
        try:
            draft = Version.objects.select_for_update().select_related("dandiset").get(pk=version_pk)
        except Version.DoesNotExist:
            raise NotFoundError(f"version {version_pk} does not exist") from None
        if draft.status != VersionStatus.PUBLISHING:
            return None
        now = timezone.now()
        try:
            with transaction.atomic():
                published = Version.objects.create(
                    dandiset=draft.dandiset,
                    version=next_version_id(draft.dandiset, now),
                    name=draft.name,
                    metadata={
                        **draft.metadata,
                        "datePublished": now.isoformat(),
                        "publishedBy": publish_activity(now),
                    },
                    status=VersionStatus.PUBLISHED,
                )
                published.assets.set(draft.assets.all())
                try:
                    DandisetModel.model_validate(md.version_metadata(published))
                except ValidationError as exc:
                    raise _Rejected(md.pydantic_errors(exc)) from exc
                _publish_assets(published, activity=published.metadata["publishedBy"], when=now)
        except _Rejected as rejected:
            Version.objects.filter(pk=draft.pk).update(
                status=VersionStatus.INVALID, validation_errors=rejected.errors
            )
            return None
        Version.objects.filter(pk=draft.pk).update(status=VersionStatus.PUBLISHED)
        draft.dandiset.save(update_fields=["modified"])
        dispatch.write_manifests(version_pk=published.pk)
    return published.version
