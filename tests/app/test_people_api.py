"""People's API in process (real PostgreSQL + moto): status, search, questionnaire, owners, API key, the
notices they send (Django's in-memory mail backend) and the admin site's approvals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.test_api import create_dandiset

pytestmark = pytest.mark.integration


@pytest.fixture
def outbox(django_app: Any) -> Any:
    from django.core import mail
    from django.test import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        yield mail.outbox


ANSWERS = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "affiliation": "Navy",
    "intended_use": "Share recordings",
}


def test_users_me_reports_the_real_status(client_for: Any, make_user: Any) -> None:
    for status in ("INCOMPLETE", "PENDING", "APPROVED", "REJECTED"):
        user, token = make_user(status=status)
        me = client_for(token).get("/api/users/me/").json()
        assert me == {"username": user.username, "name": "Ada Lovelace", "admin": False, "status": status}
    _, admin_token = make_user(admin=True, status="INCOMPLETE")
    assert client_for(admin_token).get("/api/users/me/").json()["status"] == "APPROVED"
    assert client_for(None).get("/api/users/me/").status_code == 401


def test_questionnaire_moves_incomplete_to_pending_and_tells_user_and_admins(
    client_for: Any, make_user: Any, outbox: list
) -> None:
    admin, _ = make_user(admin=True)
    user, token = make_user(status="INCOMPLETE")
    client = client_for(token)
    questions = client.get("/api/users/questionnaire-form/").json()
    assert [q["field"] for q in questions] == ["first_name", "last_name", "intended_use", "affiliation"]
    missing = client.post("/api/users/questionnaire-form/", {**ANSWERS, "affiliation": " "}, format="json")
    assert (missing.status_code, missing.json()) == (
        400,
        "Please list any affiliations you have.: this answer is required",
    )
    response = client.post("/api/users/questionnaire-form/", ANSWERS, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "PENDING"
    assert response.json()["name"] == "Grace Hopper"
    to_user = [m for m in outbox if m.to == [user.email]]
    to_admins = [m for m in outbox if admin.email in m.to]
    assert len(to_user) == 1
    assert "awaits approval" in to_user[0].subject
    assert len(to_admins) == 1
    assert user.username in to_admins[0].subject
    assert "Share recordings" in to_admins[0].body
    outbox.clear()
    again = client.post("/api/users/questionnaire-form/", {**ANSWERS, "affiliation": "Yale"}, format="json")
    assert again.json()["status"] == "PENDING"
    assert outbox == []  # answering again changes the answers, not the standing, and mails nobody


def test_configured_domains_are_approved_without_an_admin(
    client_for: Any, make_user: Any, outbox: list
) -> None:
    from django.test import override_settings

    user, token = make_user(status="INCOMPLETE")
    user.email = "grace@lab.uni.edu"
    user.save()
    with override_settings(DANDI_AUTO_APPROVE_DOMAINS=["uni.edu"]):
        response = client_for(token).post("/api/users/questionnaire-form/", ANSWERS, format="json")
    assert response.json()["status"] == "APPROVED"
    assert [m.subject.split("] ", 1)[1] for m in outbox] == ["Your account has been approved"]
    other, other_token = make_user(status="INCOMPLETE")
    other.email = "grace@notuni.edu"
    other.save()
    with override_settings(DANDI_AUTO_APPROVE_DOMAINS=["uni.edu"]):
        response = client_for(other_token).post("/api/users/questionnaire-form/", ANSWERS, format="json")
    assert response.json()["status"] == "PENDING"


def test_questionnaire_html_form_carries_the_oauth_request_through(make_user: Any) -> None:
    from django.test import Client

    user, _ = make_user(status="INCOMPLETE")
    browser = Client()
    browser.force_login(user)
    oauth = "client_id=dandi-web-app&response_type=code&state=xyz"
    authorize = browser.get(f"/oauth/authorize/?{oauth}")
    assert authorize.status_code == 302
    assert authorize["Location"] == f"/api/users/questionnaire-form/?{oauth}"
    form = browser.get(authorize["Location"], HTTP_ACCEPT="text/html")
    assert form.status_code == 200
    assert b'name="affiliation"' in form.content
    assert b"state=xyz" in form.content
    bad = browser.post(authorize["Location"], {**ANSWERS, "first_name": ""}, HTTP_ACCEPT="text/html")
    assert bad.status_code == 400
    assert b"First Name: this answer is required" in bad.content
    done = browser.post(authorize["Location"], ANSWERS, HTTP_ACCEPT="text/html")
    assert done.status_code == 302
    assert done["Location"] == f"/oauth/authorize/?{oauth}"


def test_search_finds_approved_users_for_approved_users(client_for: Any, make_user: Any) -> None:
    approved, token = make_user()
    pending, pending_token = make_user(status="PENDING")
    client = client_for(token)
    found = client.get(f"/api/users/search/?username={approved.username[-8:]}").json()
    assert found == [{"username": approved.username, "name": "Ada Lovelace"}]
    assert client.get(f"/api/users/search/?username={pending.username}").json() == []
    assert client.get("/api/users/search/").status_code == 400
    assert client_for(pending_token).get("/api/users/search/?username=user").status_code == 403
    assert client_for(None).get("/api/users/search/?username=user").status_code == 401


def test_owners_are_changed_by_owners_never_emptied_and_told(
    client_for: Any, make_user: Any, outbox: list
) -> None:
    owner, token = make_user()
    newcomer, _ = make_user()
    pending, _ = make_user(status="PENDING")
    client = client_for(token)
    ident = create_dandiset(client)["identifier"]
    url = f"/api/dandisets/{ident}/users/"
    assert client_for(None).get(url).json() == [{"username": owner.username, "name": "Ada Lovelace"}]
    empty = client.put(url, [], format="json")
    assert (empty.status_code, empty.json()) == (400, "Cannot remove all draft owners")
    unknown = client.put(url, [{"username": "nobody-here"}], format="json")
    assert (unknown.status_code, unknown.json()) == (400, "User nobody-here not found")
    not_approved = client.put(url, [{"username": pending.username}], format="json")
    assert not_approved.status_code == 400
    assert "not approved" in not_approved.json()
    assert client.put(url, {"username": owner.username}, format="json").status_code == 400
    both = [{"username": owner.username}, {"username": newcomer.username}]
    response = client.put(url, both, format="json")
    assert response.status_code == 200
    assert [o["username"] for o in response.json()] == sorted([owner.username, newcomer.username])
    assert [m.to for m in outbox] == [[newcomer.email]]
    assert f"owner of dandiset {ident}" in outbox[0].subject
    outbox.clear()
    handed_over = client.put(url, [{"username": newcomer.username}], format="json")
    assert [o["username"] for o in handed_over.json()] == [newcomer.username]
    assert [m.to for m in outbox] == [[owner.email]]
    assert client.put(url, both, format="json").status_code == 403  # no longer an owner


def test_api_key_is_for_approved_users(client_for: Any, make_user: Any) -> None:
    _, token = make_user()
    client = client_for(token)
    assert client.get("/api/auth/token").json() == token
    replaced = client.post("/api/auth/token/").json()
    assert replaced != token
    assert len(replaced) == 40
    assert client.get("/api/auth/token").status_code == 401
    _, pending_token = make_user(status="PENDING")
    refused = client_for(pending_token).get("/api/auth/token")
    assert (refused.status_code, refused.json()) == (
        403,
        "Your account is pending approval by an administrator.",
    )


def test_admin_site_approves_and_rejects_with_notices(make_user: Any, outbox: list) -> None:
    from django.test import Client
    from people.models import Profile

    admin, _ = make_user(admin=True)
    waiting, _ = make_user(status="PENDING")
    refused, _ = make_user(status="PENDING")
    Profile.objects.filter(user=refused).update(rejection_reason="Not a lab member")
    browser = Client()
    browser.force_login(admin)
    assert browser.get("/admin/").status_code == 200
    changelist = "/admin/people/profile/"
    page = browser.get(changelist + "?status__exact=PENDING")
    assert page.status_code == 200
    assert waiting.username.encode() in page.content
    approve = browser.post(changelist, {"action": "approve", "_selected_action": [waiting.profile.pk]})
    assert approve.status_code == 302
    reject = browser.post(changelist, {"action": "reject", "_selected_action": [refused.profile.pk]})
    assert reject.status_code == 302
    assert Profile.objects.get(user=waiting).status == "APPROVED"
    assert Profile.objects.get(user=refused).status == "REJECTED"
    by_recipient = {m.to[0]: m for m in outbox}
    assert "approved" in by_recipient[waiting.email].subject
    assert "Not a lab member" in by_recipient[refused.email].body
    assert browser.get("/admin/archive/dandiset/").status_code == 200
    users = browser.get("/admin/auth/user/?profile__status__exact=REJECTED")
    assert users.status_code == 200
    assert refused.username.encode() in users.content
    assert waiting.username.encode() not in users.content
    assert b"Not a lab member" in browser.get(f"/admin/auth/user/{refused.pk}/change/").content
    assert Client().get("/admin/").status_code == 302  # the admin site asks anonymous visitors to sign in


def test_without_local_accounts_nobody_signs_up_or_in_with_a_password(make_user: Any) -> None:
    """The in-process app runs with DJANGO_DANDI_LOCAL_ACCOUNTS unset, as a cloud environment by default."""
    from django.conf import settings
    from django.test import Client

    assert settings.DANDI_LOCAL_ACCOUNTS is False
    user, _ = make_user()
    user.set_password("correct horse battery")
    user.save()
    browser = Client()
    signup = browser.post(
        "/accounts/signup/",
        {"username": "eve", "email": "eve@example.org", "password1": "x" * 12, "password2": "x" * 12},
    )
    assert signup.status_code in {403, 404}
    login = browser.post("/accounts/login/", {"login": user.username, "password": "correct horse battery"})
    assert login.status_code in {403, 404}
    assert "_auth_user_id" not in browser.session


def test_the_web_uis_oauth_client_is_declared_by_settings(django_app: Any) -> None:
    """`migrate` (the release phase) keeps the web UI's OAuth application in step with the settings."""
    from django.test import override_settings
    from oauth2_provider.models import get_application_model
    from people.services.oauth_client import ensure_web_client

    application = get_application_model().objects.get(client_id="dandi-web-app")
    assert application.client_type == "public"
    assert application.authorization_grant_type == "authorization-code"
    assert application.skip_authorization is True
    with override_settings(DANDI_WEB_APP_URL="http://127.0.0.1:8085"):
        ensure_web_client()
    application.refresh_from_db()
    assert application.redirect_uris.split() == [
        "http://127.0.0.1:8085/",
        "http://127.0.0.1:8085",
        "http://localhost:8085/",
        "http://localhost:8085",
    ]
    with override_settings(DANDI_WEB_APP_URL="https://example-archive.org"):
        ensure_web_client()
    application.refresh_from_db()
    assert application.redirect_uris.split() == [
        "https://example-archive.org/",
        "https://example-archive.org",
    ]


def test_declared_admins_are_promoted_at_migrate_and_at_sign_in(make_user: Any) -> None:
    """auth.admins reaches the app as DJANGO_DANDI_ADMINS: `migrate` (each release) promotes those who exist,
    and whoever signs in later as one of them is promoted then."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings

    by_name, _ = make_user(status="PENDING")
    by_email, _ = make_user(status="INCOMPLETE")
    bystander, _ = make_user(status="PENDING")
    later = get_user_model().objects.create(username="late-admin", email="late@example.org")
    declared = [by_name.username.upper(), by_email.email, "late-admin"]
    with override_settings(DANDI_ADMINS=declared):
        call_command("migrate", verbosity=0)
        for user in (by_name, by_email):
            user.refresh_from_db()
            assert (user.is_superuser, user.is_staff, user.profile.status) == (True, True, "APPROVED")
        bystander.refresh_from_db()
        assert (bystander.is_superuser, bystander.profile.status) == (False, "PENDING")
        later.refresh_from_db()
        assert later.is_superuser is True  # it existed at migrate too
        get_user_model().objects.filter(pk=later.pk).update(is_superuser=False, is_staff=False)
        Client().force_login(later)
        later.refresh_from_db()
        assert later.is_superuser is True
