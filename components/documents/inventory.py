"""Inventory configurations: daily CSV lists of every version under blobs/ and zarr/ (as DANDI runs them)."""

from __future__ import annotations

from typing import Any

from components.documents.arns import bucket_arn

INVENTORY_FIELDS = [
    "Size",
    "LastModifiedDate",
    "ETag",
    "IsMultipartUploaded",
    "StorageClass",
    "EncryptionStatus",
]
INVENTORIED_PREFIXES = {"Blob": "blobs/", "Zarr": "zarr/"}


def data_bucket_inventories(
    *, inventory_bucket: str, source_bucket: str, frequency: str = "Daily"
) -> list[dict[str, Any]]:
    """InventoryConfiguration dicts for put_bucket_inventory_configuration (Id is also the call's Id); the
    destination account is added once known (storage.BucketDocuments.inventories_for)."""
    configs = []
    for label, prefix in INVENTORIED_PREFIXES.items():
        destination: dict[str, Any] = {
            "Bucket": bucket_arn(inventory_bucket),
            "Format": "CSV",
            "Prefix": source_bucket,
        }
        configs.append(
            {
                "Id": f"{label}{frequency}Inventory",
                "IsEnabled": True,
                "Destination": {"S3BucketDestination": destination},
                "Filter": {"Prefix": prefix},
                "IncludedObjectVersions": "All",
                "OptionalFields": list(INVENTORY_FIELDS),
                "Schedule": {"Frequency": frequency},
            }
        )
    return configs
