from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """What a partner declared beside their practice: the editors read it while they review the practice."""

    list_display = ["practice", "submitter", "status", "created_at"]
    list_select_related = ["practice", "submitter"]
    search_fields = ["practice__title", "submitter__email", "organisations_as_written"]
    readonly_fields = [
        "practice_link",
        "submitter",
        "checklist",
        "organisations_as_written",
        "imported_from",
        "created_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("status"))
    def status(self, submission):
        return submission.practice.get_status_display()

    @admin.display(description=_("practice"))
    def practice_link(self, submission):
        url = reverse("admin:practices_practice_change", args=[submission.practice_id])
        return format_html('<a href="{}">{}</a>', url, submission.practice)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
