"""`python -m cli` runs the same command as the `dandi-stack` script."""

from cli.main import main

main()
