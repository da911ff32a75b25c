"""ARN spellings used by several documents."""


def bucket_arn(bucket: str) -> str:
    return f"arn:aws:s3:::{bucket}"


def objects_arn(bucket: str) -> str:
    return f"arn:aws:s3:::{bucket}/*"
