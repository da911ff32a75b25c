from archive.services.exceptions import ConflictError, InvalidInputError, NotFoundError


class AssetPathConflictError(ConflictError):
    pass


class AssetNotFoundError(NotFoundError):
    pass


class InvalidAssetPathError(InvalidInputError):
    pass


__all__ = ["AssetNotFoundError", "AssetPathConflictError", "InvalidAssetPathError"]
