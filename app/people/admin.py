"""The admin site's view of people: approve or reject sign-ups (with the notices), see their answers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from archive.services.exceptions import DomainError
from people.models import Profile, UserStatus
from people.services import signup


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "status", "affiliation", "questionnaire_submitted", "created"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "affiliation"]
    readonly_fields = ["user", "status", "affiliation", "intended_use", "questionnaire_submitted", "created"]
    fields = [*readonly_fields, "rejection_reason"]
    actions = ["approve", "reject"]
    ordering = ["status", "-created"]

    @admin.display(ordering="user__email")
    def email(self, obj: Profile) -> str:
        return obj.user.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet[Profile], decide: Any, done: str) -> None:
        count = 0
        for profile in queryset.select_related("user"):
            try:
                decide(profile)
            except DomainError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                count += 1
        self.message_user(request, f"{count} user(s) {done}; each was told by email.", messages.SUCCESS)

    @admin.action(description="Approve the selected users")
    def approve(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        self._decide(request, queryset, lambda p: signup.approve(user=p.user), "approved")

    @admin.action(description="Reject the selected users (with the reason written on each)")
    def reject(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        self._decide(
            request,
            queryset.exclude(status=UserStatus.REJECTED),
            lambda p: signup.reject(user=p.user, reason=p.rejection_reason),
            "rejected",
        )


class ProfileInline(admin.StackedInline):
    """A user's standing and answers on the user's own page (decisions are made from the Profiles list)."""

    model = Profile
    fields = ["status", "affiliation", "intended_use", "rejection_reason", "questionnaire_submitted"]
    readonly_fields = fields
    can_delete = False
    extra = 0


class UserWithProfileAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, ProfileInline]
    list_display = [*UserAdmin.list_display, "status", "is_superuser"]
    list_filter = [*UserAdmin.list_filter, "profile__status"]

    @admin.display(ordering="profile__status")
    def status(self, obj: Any) -> str:
        return getattr(getattr(obj, "profile", None), "status", "")


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserWithProfileAdmin)
