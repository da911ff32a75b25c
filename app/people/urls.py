"""People's routes under /api/ (each takes an optional trailing slash, as the archive's do)."""

from django.urls import re_path

from people import views

urlpatterns = [
    re_path(r"^auth/token/?$", views.auth_token_view, name="auth-token"),
    re_path(r"^users/me/?$", views.users_me_view, name="users-me"),
    re_path(r"^users/search/?$", views.users_search_view, name="users-search"),
    re_path(r"^users/questionnaire-form/?$", views.questionnaire_form_view, name="users-questionnaire-form"),
    re_path(r"^dandisets/(?P<dandiset_id>[^/]+)/users/?$", views.dandiset_users_view, name="dandiset-users"),
]
