"""S3 access: one client for the app's own calls and one for presigning URLs that clients use.

Locally the S3 API is moto on loopback; URLs handed to clients must name the host they can reach
(DJANGO_S3_PUBLIC_ENDPOINT_URL) and use path-style addressing, since the bucket name is no DNS name there.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings

EMBARGO_TAG = {"Key": "embargoed", "Value": "true"}


def _client(endpoint_url: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        retries={"max_attempts": 5, "mode": "standard"},
        max_pool_connections=20,
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=settings.AWS_DEFAULT_REGION,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID or None,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY or None,
        config=config,
    )


@lru_cache(maxsize=1)
def client() -> Any:
    return _client(settings.DANDI_S3_ENDPOINT_URL)


@lru_cache(maxsize=1)
def presign_client() -> Any:
    return _client(settings.DANDI_S3_PUBLIC_ENDPOINT_URL)


def bucket() -> str:
    return settings.DANDI_STORAGE_BUCKET_NAME


def create_multipart_upload(*, key: str, embargoed: bool) -> str:
    extra = {"Tagging": "embargoed=true"} if embargoed else {}
    response = client().create_multipart_upload(Bucket=bucket(), Key=key, **extra)
    return response["UploadId"]


def presign_part_url(*, key: str, multipart_upload_id: str, part_number: int) -> str:
    return presign_client().generate_presigned_url(
        "upload_part",
        Params={"Bucket": bucket(), "Key": key, "UploadId": multipart_upload_id, "PartNumber": part_number},
        ExpiresIn=settings.DANDI_PART_URL_EXPIRY_SECONDS,
    )


def presign_complete_url(*, key: str, multipart_upload_id: str) -> str:
    return presign_client().generate_presigned_url(
        "complete_multipart_upload",
        Params={"Bucket": bucket(), "Key": key, "UploadId": multipart_upload_id},
        ExpiresIn=settings.DANDI_PART_URL_EXPIRY_SECONDS,
        HttpMethod="POST",
    )


def presign_download_url(*, key: str, filename: str) -> str:
    disposition = 'attachment; filename="{}"'.format(filename.replace('"', ""))
    return presign_client().generate_presigned_url(
        "get_object",
        Params={"Bucket": bucket(), "Key": key, "ResponseContentDisposition": disposition},
        ExpiresIn=settings.DANDI_DOWNLOAD_URL_EXPIRY_SECONDS,
    )


def presign_put_url(*, key: str, content_md5: str, embargoed: bool) -> str:
    """A PUT with Content-MD5 (and the embargo tag) signed, so S3 checks what the client sends."""
    params = {"Bucket": bucket(), "Key": key, "ContentMD5": content_md5}
    if embargoed:
        params["Tagging"] = "embargoed=true"
    return presign_client().generate_presigned_url(
        "put_object", Params=params, ExpiresIn=settings.DANDI_PART_URL_EXPIRY_SECONDS
    )


def list_objects(*, prefix: str) -> Iterator[dict[str, Any]]:
    """Every object under a prefix, in key order: Key, Size, ETag, LastModified as S3 gives them."""
    for page in client().get_paginator("list_objects_v2").paginate(Bucket=bucket(), Prefix=prefix):
        yield from page.get("Contents", [])


class DeleteObjectsError(RuntimeError):
    """S3 answered a DeleteObjects call with per-key errors (HTTP 200 all the same); `code` is the first."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def delete_objects(*, keys: list[str]) -> None:
    """S3 reports a key it could not delete (e.g. AccessDenied) inside a successful response, so the
    errors are raised here rather than silently leaving the objects behind."""
    for start in range(0, len(keys), 1000):  # S3's limit per DeleteObjects call
        batch = [{"Key": key} for key in keys[start : start + 1000]]
        response = client().delete_objects(Bucket=bucket(), Delete={"Objects": batch, "Quiet": True})
        errors = response.get("Errors") or []
        if errors:
            first = errors[0]
            raise DeleteObjectsError(
                f"S3 did not delete {len(errors)} of {len(batch)} objects; first {first.get('Key')!r}: "
                f"{first.get('Code')} {first.get('Message')}",
                str(first.get("Code")),
            )


def public_object_url(*, key: str) -> str:
    if settings.DANDI_S3_PUBLIC_ENDPOINT_URL:
        return f"{settings.DANDI_S3_PUBLIC_ENDPOINT_URL.rstrip('/')}/{bucket()}/{key}"
    return f"https://{bucket()}.s3.amazonaws.com/{key}"


def head_object(*, key: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        return client().head_object(Bucket=bucket(), Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise


def tag_embargoed(*, key: str) -> None:
    client().put_object_tagging(Bucket=bucket(), Key=key, Tagging={"TagSet": [EMBARGO_TAG]})


def untag_embargoed(*, key: str) -> None:
    """The app sets no other tag, so dropping the object's tag set drops exactly the embargo."""
    client().delete_object_tagging(Bucket=bucket(), Key=key)


def open_object(*, key: str) -> Any:
    """The object's streaming body (file-like: readinto, close); the caller closes it."""
    return client().get_object(Bucket=bucket(), Key=key)["Body"]


def abort_multipart_upload(*, key: str, multipart_upload_id: str) -> None:
    from botocore.exceptions import ClientError

    try:
        client().abort_multipart_upload(Bucket=bucket(), Key=key, UploadId=multipart_upload_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in {"NoSuchUpload", "404"}:
            raise


def delete_object(*, key: str) -> None:
    client().delete_object(Bucket=bucket(), Key=key)


def put_text(*, key: str, text: str, content_type: str, embargoed: bool) -> None:
    extra = {"Tagging": "embargoed=true"} if embargoed else {}
    client().put_object(Bucket=bucket(), Key=key, Body=text.encode(), ContentType=content_type, **extra)


def check_bucket() -> None:
    client().head_bucket(Bucket=bucket())
