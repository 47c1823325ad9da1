"""The reference lists in the staff admin."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from taxonomy.forms import ConstraintFormSet
from taxonomy.models import (
    SDG,
    Beneficiary,
    Country,
    GCMObjective,
    GCRObjective,
    GuidingPrinciple,
    Organisation,
    OrganisationAlias,
    Region,
)

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
    list_display = ["code", "name", "region", "subregion"]
    list_filter = ["region"]
    search_fields = ["code", *NAME_SEARCH]
    list_select_related = ["region", "subregion"]


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


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(TabbedTranslationAdmin):
    list_display = ["number", "label"]
    search_fields = ["=number", "label_en", "label_fr", "label_es"]


@admin.register(SDG)
class SDGAdmin(TabbedTranslationAdmin):
    list_display = ["number", "short_label"]
    search_fields = ["=number", "short_label_en", "short_label_fr", "short_label_es"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["slug", *NAME_SEARCH]
    prepopulated_fields = {"slug": ["name_en"]}


class OrganisationAliasInline(admin.TabularInline):
    """Other names and acronyms, in any language: pages name the organisation by the one in theirs."""

    model = OrganisationAlias
    formset = ConstraintFormSet
    fields = ["name", "kind", "language"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    """Contributors add organisations as they enter their records, and may correct one that no published
    record names yet. Once one does, its name and website are the public catalogue's: reviewers alone
    change or delete it, and a contributor gets the read-only form (a POST is refused)."""

    formfield_overrides = URL_FIELDS
    list_display = ["name", "acronym", "parent", "country", "website"]
    list_select_related = ["country", "parent"]
    search_fields = ["acronym_en", "acronym_fr", "acronym_es", *NAME_SEARCH, "aliases__name"]
    autocomplete_fields = ["parent", "country"]
    fields = ["name", "acronym", "website", "parent", ("country", "country_provenance")]
    inlines = [OrganisationAliasInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_alter(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_alter(request.user, obj)


def may_alter(user, organisation):
    """Whether `user` may change or delete `organisation` (None: organisations in general).

    Asked on every request for the object, POST included; costs one query for a contributor.
    """
    if organisation is None or reviews_records(user):
        return True
    return not Organisation.objects.public().filter(pk=organisation.pk).exists()


def reviews_records(user):
    """Reviewers (and superusers) hold the `review` permission of every record kind that names organisations.

    The record kinds are reached through their relations: taxonomy cannot import them.
    """
    return all(
        user.has_perm(f"{records._meta.app_label}.review") for records, _field in Organisation.objects.record_kinds()
    )
