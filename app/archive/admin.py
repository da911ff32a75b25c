"""The admin site's view of the archive: dandisets with their owners and versions (read-mostly: changes go
through the API so that the same rules and notices apply)."""

from __future__ import annotations

from django.contrib import admin

from archive.models import Dandiset, Version


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["version", "name", "status", "modified"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Dandiset)
class DandisetAdmin(admin.ModelAdmin):
    list_display = ["identifier", "name", "embargo_status", "owner_names", "modified"]
    list_filter = ["embargo_status"]
    search_fields = ["id", "versions__name", "owners__username"]
    readonly_fields = ["embargo_status", "created", "modified"]
    filter_horizontal = ["owners"]
    inlines = [VersionInline]

    @admin.display(description="name")
    def name(self, obj: Dandiset) -> str:
        draft = obj.versions.filter(version="draft").first()
        return draft.name if draft else ""

    @admin.display(description="owners")
    def owner_names(self, obj: Dandiset) -> str:
        return ", ".join(obj.owners.values_list("username", flat=True))

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
