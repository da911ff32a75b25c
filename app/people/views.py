"""People's HTTP views: who am I, find users, the API key, owners of a dandiset, the questionnaire and the
OAuth authorize step that sends newcomers to it. Thin: validate, call one service, serialize."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
    renderer_classes,
)
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer, StaticHTMLRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from archive.parsers import StrictJSONParser
from archive.services import permissions
from archive.services.exceptions import DomainError
from archive.views.params import parse
from people.access import status_of
from people.models import UserStatus
from people.services import owners as owner_service
from people.services import signup
from people.services import users as user_service

UserSummary = inline_serializer(
    "UserSummary", {"username": serializers.CharField(), "name": serializers.CharField()}
)


class UserSearchParams(serializers.Serializer):
    username = serializers.CharField(max_length=150)


class OwnerEntry(serializers.Serializer):
    username = serializers.CharField(max_length=150)


@extend_schema(
    responses={
        200: inline_serializer(
            "UserMe",
            {
                "username": serializers.CharField(),
                "name": serializers.CharField(),
                "admin": serializers.BooleanField(),
                "status": serializers.ChoiceField(choices=UserStatus.choices),
            },
        )
    }
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def users_me_view(request: Request) -> Response:
    return Response(user_service.me(request.user))


@extend_schema(parameters=[UserSearchParams], responses={200: UserSummary})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def users_search_view(request: Request) -> Response:
    params = parse(UserSearchParams, request.query_params)
    found = user_service.search(user=request.user, username=params["username"])
    return Response([user_service.summary(u) for u in found])


@extend_schema(methods=["GET", "POST"], request=None, responses={200: OpenApiTypes.STR})
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def auth_token_view(request: Request) -> Response:
    """The caller's API key (the dandi client checks a key with GET); POST replaces it. Approved users
    only."""
    from rest_framework.authtoken.models import Token

    permissions.require_approved(request.user)
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
    token, _ = Token.objects.get_or_create(user=request.user)
    return Response(token.key)


@extend_schema(methods=["GET"], responses={200: UserSummary})
@extend_schema(methods=["PUT"], request=OwnerEntry(many=True), responses={200: UserSummary})
@api_view(["GET", "PUT"])
def dandiset_users_view(request: Request, dandiset_id: str) -> Response:
    dandiset = permissions.get_dandiset(identifier=dandiset_id)
    if request.method == "PUT":
        entries = parse(OwnerEntry, request.data, many=True)
        result = owner_service.set_owners(
            user=request.user, dandiset=dandiset, usernames=[e["username"] for e in entries]
        )
    else:
        result = owner_service.list_owners(user=request.user, dandiset=dandiset)
    return Response([user_service.summary(u) for u in result])


def _oauth_params(request: HttpRequest) -> dict[str, str]:
    """The OAuth request a newcomer was in the middle of; the questionnaire carries it through."""
    keys = (
        "client_id",
        "response_type",
        "redirect_uri",
        "state",
        "scope",
        "code_challenge",
        "code_challenge_method",
    )
    return {key: request.GET[key] for key in keys if key in request.GET}


@extend_schema(exclude=True)
@api_view(["GET", "POST"])
@authentication_classes([SessionAuthentication, *api_settings.DEFAULT_AUTHENTICATION_CLASSES])
@parser_classes([FormParser, MultiPartParser, StrictJSONParser])
@renderer_classes([JSONRenderer, StaticHTMLRenderer])
@permission_classes([IsAuthenticated])
def questionnaire_form_view(request: Request) -> HttpResponse | Response:
    """GET: the form (HTML) or its questions (JSON). POST (form or JSON): record the answers, then continue
    the OAuth sign-in that brought the user here, or answer with the user's new standing."""
    wants_html = "text/html" in request.headers.get("Accept", "")
    oauth = _oauth_params(request._request)
    error = ""
    if request.method == "POST":
        try:
            signup.submit_questionnaire(user=request.user, answers=dict(request.data.items()))
        except DomainError as exc:
            if not wants_html and request.content_type.startswith("application/json"):
                raise
            error = str(exc)
        else:
            if oauth:
                return HttpResponseRedirect(f"{reverse('oauth-authorize')}?{urlencode(oauth)}")
            if wants_html or not request.content_type.startswith("application/json"):
                return HttpResponseRedirect(settings.DANDI_WEB_APP_URL + "/")
            return Response(user_service.me(request.user))
    questions = [
        {"field": q.field, "question": q.label, "max_length": q.max_length} for q in signup.QUESTIONS
    ]
    if not wants_html and not error:
        return Response(questions)
    profile = signup.profile_of(request.user)
    current = {
        "first_name": request.user.first_name,
        "last_name": request.user.last_name,
        "affiliation": profile.affiliation,
        "intended_use": profile.intended_use,
        **({k: str(v) for k, v in request.data.items()} if request.method == "POST" else {}),
    }
    context = {
        "questions": [{**q, "value": current.get(q["field"], "")} for q in questions],
        "action": f"{request.path}?{urlencode(oauth)}" if oauth else request.path,
        "error": error,
        "instance": settings.DANDI_INSTANCE_NAME,
    }
    return render(request._request, "people/questionnaire.html", context, status=400 if error else 200)


def authorize_view(request: HttpRequest) -> HttpResponse:
    """OAuth's authorize step, except that a signed-in user who has not answered the questionnaire answers it
    first (DANDI does the same)."""
    from oauth2_provider.views import AuthorizationView

    user = request.user
    if user.is_authenticated and status_of(user) == UserStatus.INCOMPLETE:
        return HttpResponseRedirect(f"{reverse('users-questionnaire-form')}/?{request.GET.urlencode()}")
    return AuthorizationView.as_view()(request)
