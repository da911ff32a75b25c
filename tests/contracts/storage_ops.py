"""Every S3 call of the app's storage module (app/archive/services/storage.py), each as the app makes it.

Run by tests/contracts/test_iam_enforced.py as `python -m tests.contracts.storage_ops` in a process of its
own, with the app's settings pointing at moto (IAM enforced) and the API identity's keys; prints one JSON
object: operation name -> "ok" or the S3 error code. Objects an operation needs are put there first with the
admin keys (TEST_ADMIN_KEY_ID / TEST_ADMIN_SECRET), so each operation is judged on its own.

Operations a client performs through a presigned URL (part PUTs, the complete POST, Zarr file PUTs,
downloads) are sent as the very request the URL encodes, signed in the Authorization header by the same
identity that signed the URL: moto answers 500 to presigned URLs while enforcing IAM, and a presigned URL
carries exactly its signer's permissions.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

APP_DIR = Path(__file__).resolve().parents[2] / "app"
SIGNATURE_PARAMS = {
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
}


def send_as_identity(
    method: str, url: str, *, body: bytes = b"", headers: dict[str, str] | None = None
) -> Any:
    """The request a presigned URL encodes, signed with SigV4 in the header by the app's identity."""
    import requests
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    from django.conf import settings

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in SIGNATURE_PARAMS]
    plain_url = urlunsplit(parts._replace(query=urlencode(query)))
    request = AWSRequest(method=method, url=plain_url, data=body, headers=headers or {})
    credentials = Credentials(settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY)
    S3SigV4Auth(credentials, "s3", settings.AWS_DEFAULT_REGION).add_auth(request)
    prepared = request.prepare()
    response = requests.request(method, prepared.url, data=body, headers=dict(prepared.headers), timeout=30)
    if response.status_code >= 300:
        code = response.text.split("<Code>", 1)[1].split("</Code>", 1)[0] if "<Code>" in response.text else ""
        raise OperationFailed(code or str(response.status_code))
    return response


class OperationFailed(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_code(exc: Exception) -> str:
    from botocore.exceptions import ClientError

    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        return "AccessDenied" if code == "403" else code
    if isinstance(exc, OperationFailed):
        return "AccessDenied" if exc.code == "403" else exc.code
    code = getattr(exc, "code", None)
    if code:
        return str(code)
    return f"{type(exc).__name__}: {exc}"


def operations(storage: Any, admin: Any) -> dict[str, Callable[[], None]]:
    bucket = storage.bucket()
    run = uuid.uuid4().hex[:8]

    def existing(key: str, body: bytes = b"0123456789", *, tagged: bool = False) -> str:
        extra = {"Tagging": "embargoed=true"} if tagged else {}
        admin.put_object(Bucket=bucket, Key=key, Body=body, **extra)
        return key

    def upload(key: str) -> str:
        return admin.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]

    def multipart_initialize() -> None:
        storage.create_multipart_upload(key=f"blobs/{run}/init", embargoed=True)

    def part_put() -> None:
        key = f"blobs/{run}/part"
        url = storage.presign_part_url(key=key, multipart_upload_id=upload(key), part_number=1)
        send_as_identity("PUT", url, body=b"x" * 1024)

    def multipart_complete() -> None:
        key = f"blobs/{run}/complete"
        upload_id = upload(key)
        etag = admin.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=b"y" * 64)[
            "ETag"
        ]
        url = storage.presign_complete_url(key=key, multipart_upload_id=upload_id)
        body = (
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
            f"<ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
        ).encode()
        send_as_identity("POST", url, body=body)

    def blob_head() -> None:
        assert storage.head_object(key=existing(f"blobs/{run}/head")) is not None

    def sha256_read() -> None:
        body = storage.open_object(key=existing(f"blobs/{run}/sha"))
        try:
            hashlib.sha256(body.read()).hexdigest()
        finally:
            body.close()

    def download() -> None:
        key = existing(f"blobs/{run}/download")
        send_as_identity("GET", storage.presign_download_url(key=key, filename="a.nwb"))

    def listing() -> None:
        existing(f"zarr/{run}/listed/0")
        assert list(storage.list_objects(prefix=f"zarr/{run}/listed/"))

    def manifest_put() -> None:
        storage.put_text(
            key=f"dandisets/{run}/draft/assets.yaml", text="[]\n", content_type="text/yaml", embargoed=False
        )

    def embargoed_manifest_put() -> None:
        storage.put_text(
            key=f"dandisets/{run}/draft/dandiset.yaml", text="{}\n", content_type="text/yaml", embargoed=True
        )

    def zarr_file_put() -> None:
        content = b"zarr chunk"
        md5 = base64.b64encode(hashlib.md5(content, usedforsecurity=False).digest()).decode()
        url = storage.presign_put_url(key=f"zarr/{run}/file/0.0", content_md5=md5, embargoed=True)
        send_as_identity(
            "PUT", url, body=content, headers={"Content-MD5": md5, "x-amz-tagging": "embargoed=true"}
        )

    def embargo_tag() -> None:
        storage.tag_embargoed(key=existing(f"blobs/{run}/tag"))

    def unembargo_untag() -> None:
        storage.untag_embargoed(key=existing(f"blobs/{run}/untag", tagged=True))

    def stale_upload_abort() -> None:
        key = f"blobs/{run}/stale"
        storage.abort_multipart_upload(key=key, multipart_upload_id=upload(key))

    def blob_delete() -> None:
        storage.delete_object(key=existing(f"blobs/{run}/delete"))

    def zarr_files_delete() -> None:
        keys = [existing(f"zarr/{run}/gone/{i}") for i in range(3)]
        storage.delete_objects(keys=keys)

    def bucket_check() -> None:
        storage.check_bucket()

    return {
        "bucket_check": bucket_check,
        "multipart_initialize": multipart_initialize,
        "part_put": part_put,
        "multipart_complete": multipart_complete,
        "blob_head": blob_head,
        "sha256_read": sha256_read,
        "download": download,
        "listing": listing,
        "manifest_put": manifest_put,
        "embargoed_manifest_put": embargoed_manifest_put,
        "zarr_file_put": zarr_file_put,
        "embargo_tag": embargo_tag,
        "unembargo_untag": unembargo_untag,
        "stale_upload_abort": stale_upload_abort,
        "blob_delete": blob_delete,
        "zarr_files_delete": zarr_files_delete,
    }


def main() -> None:
    sys.path.insert(0, str(APP_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dandiapp.settings")
    import boto3
    import django
    from botocore.config import Config

    django.setup()
    from archive.services import storage
    from django.conf import settings

    admin = boto3.client(
        "s3",
        endpoint_url=settings.DANDI_S3_ENDPOINT_URL,
        region_name=settings.AWS_DEFAULT_REGION,
        aws_access_key_id=os.environ["TEST_ADMIN_KEY_ID"],
        aws_secret_access_key=os.environ["TEST_ADMIN_SECRET"],
        config=Config(s3={"addressing_style": "path"}),
    )
    results: dict[str, str] = {}
    for name, operation in operations(storage, admin).items():
        try:
            operation()
            results[name] = "ok"
        except Exception as exc:  # every failure is reported by name and judged by the test
            results[name] = error_code(exc)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
