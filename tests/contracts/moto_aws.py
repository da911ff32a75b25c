"""The contract tests' moto server: stacks/local/moto_server.py with every request checked (presigned ones
included, which moto answers with 500 while enforcing).

Run as `python -m tests.contracts.moto_aws -H 127.0.0.1 -p PORT`.
"""

from __future__ import annotations

import sys

from stacks.local.moto_server import main

if __name__ == "__main__":
    main(sys.argv[1:])
