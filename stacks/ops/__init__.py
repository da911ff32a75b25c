"""Engine operations: the Automation API, its events, credentials, sandboxes, stack files, preview reports."""
