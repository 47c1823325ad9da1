from django.contrib import admin

from accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "language"]
    search_fields = ["user__email", "organisation"]
    list_filter = ["language"]
    raw_id_fields = ["user"]
