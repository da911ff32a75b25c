"""Dandisets: creation (with the embargo flag), listing, deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from archive import dispatch
from archive.models import Dandiset, EmbargoStatus, Upload, Version
from archive.services import metadata as md
from archive.services import permissions
from archive.services.exceptions import InvalidInputError, NotAuthenticatedError, NotModifiableError

if TYPE_CHECKING:
    from archive.services.permissions import User

ORDERINGS = {"id", "-id", "name", "-name", "modified", "-modified", "created", "-created"}


def create_dandiset(*, user: User, name: str, metadata: dict[str, Any], embargo: bool) -> Dandiset:
    permissions.require_approved(user)
    if not name.strip():
        raise InvalidInputError("name must not be empty")
    metadata = dict(metadata)
    metadata["name"] = name
    metadata.setdefault("schemaKey", "Dandiset")
    metadata["schemaVersion"] = md.schema_version()
    if not metadata.get("contributor"):
        metadata["contributor"] = [md.contributor_for(user)]
    with transaction.atomic():
        dandiset = Dandiset.objects.create(
            embargo_status=EmbargoStatus.EMBARGOED if embargo else EmbargoStatus.OPEN
        )
        dandiset.owners.add(user)
        version = Version.objects.create(dandiset=dandiset, version="draft", name=name, metadata=metadata)
        dispatch.validate_version(version_pk=version.pk)
    return dandiset


def list_dandisets(
    *,
    user: User,
    draft: bool = True,
    empty: bool = True,
    embargoed: bool = False,
    mine: bool = False,
    search: str = "",
    ordering: str = "id",
) -> QuerySet[Dandiset]:
    if ordering not in ORDERINGS:
        raise InvalidInputError(f"ordering must be one of {', '.join(sorted(ORDERINGS))}")
    qs = permissions.readable_dandisets(user=user)
    if mine:
        if not user.is_authenticated:
            raise NotAuthenticatedError("user=me needs authentication.")
        qs = qs.filter(owners=user)
    if not embargoed:
        qs = qs.filter(embargo_status=EmbargoStatus.OPEN)
    if not draft:
        qs = qs.filter(versions__status="Published").distinct()
    qs = qs.annotate(
        asset_count=Count("versions__assets", filter=Q(versions__version="draft"), distinct=True),
    )
    if not empty:
        qs = qs.filter(asset_count__gt=0)
    if search.strip():
        term = search.strip()
        query = Q(versions__name__icontains=term) | Q(versions__metadata__description__icontains=term)
        if term.isdigit():
            query |= Q(pk=int(term))
        qs = qs.filter(query).distinct()
    field = ordering.lstrip("-")
    if field == "name":
        draft_name = Version.objects.filter(dandiset=OuterRef("pk"), version="draft").values("name")[:1]
        qs = qs.annotate(draft_name=Subquery(draft_name))
    key = {"id": "id", "name": "draft_name", "modified": "modified", "created": "created"}[field]
    return qs.order_by(("-" if ordering.startswith("-") else "") + key, "id")


def draft_version(dandiset: Dandiset) -> Version:
    return dandiset.versions.get(version="draft")


def most_recent_published_version(dandiset: Dandiset) -> Version | None:
    return dandiset.versions.exclude(version="draft").order_by("-created").first()


def delete_dandiset(*, user: User, dandiset: Dandiset) -> None:
    permissions.require_owner(user=user, dandiset=dandiset)
    if dandiset.versions.exclude(version="draft").exists():
        raise NotModifiableError("Cannot delete dandisets with published versions.")
    with transaction.atomic():
        for upload in Upload.objects.filter(dandiset=dandiset):
            from archive.services import storage

            transaction.on_commit(
                lambda u=upload: storage.abort_multipart_upload(
                    key=u.s3_key, multipart_upload_id=u.multipart_upload_id
                )
            )
        dandiset.delete()
