"""How the official `dandi` client addresses this environment: instance URL and its API-key variable."""

from __future__ import annotations

from urllib.parse import urlsplit


def instance_url(web_root: str) -> str:
    return f"{web_root.rstrip('/')}/api"


def api_key_env_var(api_url: str) -> str:
    """The variable dandi-cli reads for an instance it does not know by name.

    dandi-cli names such an instance after the host:port of the API URL in /server-info and reads
    `<NAME upper, '-' -> '_'>_API_KEY`, e.g. `127.0.0.1:8000_API_KEY`
    (not a shell identifier: set it with env).
    """
    parts = urlsplit(api_url)
    name = parts.hostname or api_url
    if parts.port is not None:
        name = f"{name}:{parts.port}"
    return f"{name.upper().replace('-', '_')}_API_KEY"


def commands(api_url: str, token: str) -> list[str]:
    var = api_key_env_var(api_url)
    return [
        f"export DANDI_INSTANCE={api_url}",
        # dandi offers --allow-any-path (files that are not NWB/BIDS) only with DANDI_DEVEL=1 set
        f"env '{var}={token}' DANDI_DEVEL=1 dandi upload --allow-any-path  # inside a dandiset directory",
        f"env '{var}={token}' dandi download {api_url}/dandisets/000001/versions/draft/",
    ]
