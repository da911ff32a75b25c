from archive.services.exceptions import ConflictError, InvalidInputError, NotFoundError


class BlobExistsError(ConflictError):
    """A blob with this content already exists; `location` is its blob_id."""


class UploadNotFoundError(NotFoundError):
    pass


class UploadIncompleteError(InvalidInputError):
    """The object in S3 is missing or does not match what initialize promised."""


__all__ = ["BlobExistsError", "UploadIncompleteError", "UploadNotFoundError"]
