"""One module per command group. Each defines `register(app)` and an `ORDER` (its place in `--help`);
cli/main.py registers every module found here, so a new group is a new file, no edit elsewhere.
"""
