"""Offline plans: the stack program rendered under Pulumi mocks, snapshots, diffs and their reports."""
