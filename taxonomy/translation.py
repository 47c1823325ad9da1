from modeltranslation.translator import TranslationOptions, register

from taxonomy.models import (
    SDG,
    Beneficiary,
    Country,
    GCMObjective,
    GCRObjective,
    GuidingPrinciple,
    Organisation,
    Region,
)


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
    fields = ["name", "acronym"]


@register(GuidingPrinciple)
class GuidingPrincipleTranslation(TranslationOptions):
    fields = ["label"]


@register(SDG)
class SDGTranslation(TranslationOptions):
    fields = ["short_label"]
