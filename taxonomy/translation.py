from modeltranslation.translator import TranslationOptions, register

from taxonomy.models import Beneficiary, Country, GCMObjective, GCRObjective, Organisation, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ["name"]


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ["name"]


@register(GCMObjective)
class GCMObjectiveTranslation(TranslationOptions):
    fields = ["short_label", "title"]


@register(GCRObjective)
class GCRObjectiveTranslation(TranslationOptions):
    fields = ["title"]


@register(Beneficiary)
class BeneficiaryTranslation(TranslationOptions):
    fields = ["name"]


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ["name"]
