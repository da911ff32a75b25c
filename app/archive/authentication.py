"""`Authorization: token KEY` (the dandi client's spelling; DRF compares the keyword case-insensitively)."""

from rest_framework.authentication import TokenAuthentication as DRFTokenAuthentication


class TokenAuthentication(DRFTokenAuthentication):
    keyword = "token"
