from django.contrib import admin

from reviews.models import Assignment, Review


class ReadOnly(admin.ModelAdmin):
    """Peer review is done on its own pages (reviews.views), where every step is checked; the admin shows it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["practice", "reviewer", "kind", "state", "due_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["practice", "reviewer"]
    search_fields = ["practice__title", "reviewer__email"]


@admin.register(Review)
class ReviewAdmin(ReadOnly):
    list_display = ["assignment", "round", "recommendation", "public", "submitted_at"]
    list_filter = ["recommendation", "public"]
    list_select_related = ["assignment__practice", "assignment__reviewer"]
