from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from taxonomy.models import Beneficiary, Country, GCMObjective, GCRObjective, Organisation, Region

admin.site.site_header = _("Migration practices catalogue")
admin.site.site_title = _("Catalogue admin")

NAME_SEARCH = ["name_en", "name_fr", "name_es"]
# An address typed without a scheme is taken as https, as Django 6 will do.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", *NAME_SEARCH]
    list_select_related = ["parent"]


@admin.register(Country)
class CountryAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", *NAME_SEARCH]
    list_select_related = ["region"]


@admin.register(GCMObjective)
class GCMObjectiveAdmin(TabbedTranslationAdmin):
    list_display = ["number", "short_label", "title"]
    search_fields = [
        "=number",
        "short_label_en",
        "short_label_fr",
        "short_label_es",
        "title_en",
        "title_fr",
        "title_es",
    ]


@admin.register(GCRObjective)
class GCRObjectiveAdmin(TabbedTranslationAdmin):
    list_display = ["number", "title"]
    search_fields = ["=number", "title_en", "title_fr", "title_es"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["slug", *NAME_SEARCH]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "acronym", "website"]
    search_fields = ["acronym", *NAME_SEARCH]


# Inlines that practices and projects share; each app sets `model`.


class ObjectiveInline(admin.TabularInline):
    autocomplete_fields = ["objective"]
    fields = ["objective", "is_primary", "provenance"]
    extra = 0


class GCRObjectiveInline(admin.TabularInline):
    autocomplete_fields = ["objective"]
    fields = ["objective", "provenance"]
    extra = 0


class CountryInline(admin.TabularInline):
    autocomplete_fields = ["country"]
    fields = ["country", "provenance"]
    extra = 0


class BeneficiaryInline(admin.TabularInline):
    autocomplete_fields = ["beneficiary"]
    fields = ["beneficiary", "provenance"]
    extra = 0


class OrganisationRoleInline(TranslationTabularInline):
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "note", "provenance", "position"]
    extra = 0


class RecordAdmin(TabbedTranslationAdmin):
    """What the practice and project admins share: lists, search, filters."""

    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "status", "language", "start_year", "updated_at"]
    list_filter = ["status", "language", "countries__region", "gcm_objectives"]
    search_fields = ["slug", "title_en", "title_fr", "title_es", "source_document"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
