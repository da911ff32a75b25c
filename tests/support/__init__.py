"""Helpers shared by the tests and benches: launchers of real services, the live app, fakes, doubles."""
