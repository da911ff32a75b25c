"""Long operations (publishing a draft, unembargoing a dandiset) lock the draft against edits until the worker
has finished: such edits get 423 and can be retried."""

from __future__ import annotations

from archive.models import Dandiset, EmbargoStatus, Version, VersionStatus
from archive.services.exceptions import LockedError


def require_unlocked(*, dandiset: Dandiset, draft: Version | None = None) -> None:
    if draft is not None and draft.status == VersionStatus.PUBLISHING:
        raise LockedError("Dandiset is currently being published.")
    if dandiset.embargo_status == EmbargoStatus.UNEMBARGOING:
        raise LockedError("Dandiset is currently being unembargoed.")
