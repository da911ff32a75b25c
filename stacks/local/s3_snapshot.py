"""Keeping the objects of the local buckets across `down --keep` / `up`.

moto holds objects in memory only. `down --keep` copies the current version of every object (with its tags and
content type) into the state dir after the app has stopped writing; the next `up` puts them back before the
app starts. The copy is written beside the old one and swapped in: an interrupted save never loses the last.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from stacks.local import s3

MANIFEST = "objects.jsonl"


def save(port: int, region: str, buckets: list[str], directory: Path) -> int:
    """Copy every current object of `buckets` into `directory`; returns how many."""
    client = s3._client("s3", port, region)
    tmp = directory.with_name(directory.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    count = 0
    with (tmp / MANIFEST).open("w") as manifest:
        for bucket in buckets:
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for item in page.get("Contents", []):
                    key = item["Key"]
                    obj = client.get_object(Bucket=bucket, Key=key)
                    data_file = f"{count:08d}"
                    with (tmp / data_file).open("wb") as out:
                        shutil.copyfileobj(obj["Body"], out)
                    tags = client.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]
                    manifest.write(
                        json.dumps(
                            {
                                "bucket": bucket,
                                "key": key,
                                "file": data_file,
                                "tags": tags,
                                "content_type": obj.get("ContentType"),
                            }
                        )
                        + "\n"
                    )
                    count += 1
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)
    return count


def restore(port: int, region: str, directory: Path) -> int:
    """Put back the objects saved in `directory` (if any); returns how many."""
    manifest = directory / MANIFEST
    if not manifest.exists():
        return 0
    client = s3._client("s3", port, region)
    count = 0
    for line in manifest.read_text().splitlines():
        entry = json.loads(line)
        extra = {"ContentType": entry["content_type"]} if entry.get("content_type") else {}
        if entry["tags"]:
            extra["Tagging"] = "&".join(f"{t['Key']}={t['Value']}" for t in entry["tags"])
        with (directory / entry["file"]).open("rb") as body:
            client.put_object(Bucket=entry["bucket"], Key=entry["key"], Body=body, **extra)
        count += 1
    return count
