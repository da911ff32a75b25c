"""The published contracts the tests read, from the npm packages ./dev installs into tests/contracts/npm.

- @netlify/open-api: Netlify's OpenAPI (Swagger 2.0) document of its REST API, dist/swagger.json.
- @heroku-cli/schema: the Heroku Platform API's JSON schema as TypeScript types, lib/index.d.ts; the schema's
  patterns survive there only as `patternProperty` comments, which is what heroku_schema_pattern reads.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

NODE_MODULES = Path(__file__).resolve().parent / "npm" / "node_modules"


def _package_file(package: str, relative: str) -> Path:
    path = NODE_MODULES / package / relative
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: run the tests with ./dev test, which installs {package} "
            "(or run `npm ci` in tests/contracts/npm)"
        )
    return path


@cache
def netlify_openapi() -> dict[str, Any]:
    return json.loads(_package_file("@netlify/open-api", "dist/swagger.json").read_text())


@cache
def _heroku_types() -> str:
    return _package_file("@heroku-cli/schema", "lib/index.d.ts").read_text()


def heroku_schema_pattern(interface: str) -> str:
    """The patternProperty of `interface` (e.g. ConfigVars, ProcessTypes) in Heroku's Platform API schema."""
    match = re.search(
        rf"export interface {interface} \{{\s*/\*\*.*?`patternProperty` \"([^\"]+)\"", _heroku_types(), re.S
    )
    if match is None:
        raise LookupError(f"@heroku-cli/schema defines no patternProperty for {interface}")
    return match.group(1).replace("\\\\", "\\")
