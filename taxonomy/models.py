"""The reference lists that practices and projects are tagged and filtered by.

Dependencies point one way: records, practices and projects import from here, never the reverse;
what records share (the abstract record and its links) is in records.models.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pagecache.cache import EDIT
from taxonomy.text import LocalizedText, localized, localized_value


class Provenance(models.TextChoices):
    """Whether a classification comes from the source or from the editors."""

    STATED = "stated", _("Stated by the source")
    ASSIGNED = "assigned", _("Assigned by the editors")


class Region(models.Model):
    """A UN M49 region or sub-region (Statistics Division), in a tree."""

    code = models.CharField(_("M49 code"), max_length=3, primary_key=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("UN M49 region")
        verbose_name_plural = _("UN M49 regions")

    def __str__(self):
        return self.name


class Country(models.Model):
    """An ISO 3166-1 country, placed in its UN M49 region and sub-region.

    Codes and the names in each language come from django-countries, through
    the fixture that `manage.py build_reference_fixtures` writes; the names are
    stored so that lists can be sorted and searched in the database.
    """

    code = models.CharField(_("ISO 3166-1 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="region_countries",
        verbose_name=_("UN M49 region"),
        help_text=_("Africa, Americas, Asia, Europe, Oceania or Antarctica."),
    )
    subregion = models.ForeignKey(
        Region,
        models.PROTECT,
        related_name="countries",
        verbose_name=_("UN M49 sub-region"),
        help_text=_("The most precise M49 region: intermediate region, else sub-region."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("browse:country", args=[self.code])


class GCMObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Migration."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(23)]
    )
    short_label = models.CharField(_("short label"), max_length=100)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")

    def __str__(self):
        return f"{self.number}. {self.short_label}"

    def get_absolute_url(self):
        return reverse("browse:gcm_objective", args=[self.number])


class GCRObjective(models.Model):
    """One of the 4 objectives of the Global Compact on Refugees."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCR objective")
        verbose_name_plural = _("GCR objectives")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("browse:gcr_objective", args=[self.number])


class GuidingPrinciple(models.Model):
    """One of the 10 guiding principles of the Global Compact for Migration."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    label = models.CharField(_("label"), max_length=150)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM guiding principle")
        verbose_name_plural = _("GCM guiding principles")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("browse:principle", args=[self.number])


class SDG(models.Model):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    short_label = models.CharField(_("short label"), max_length=150)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self):
        return f"{self.number}. {self.short_label}"

    def get_absolute_url(self):
        return reverse("browse:sdg", args=[self.number])


class Beneficiary(models.Model):
    """A target group: returning migrants, refugees, host communities..."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("browse:beneficiary", args=[self.slug])


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """The organisations that a published practice or project names: the only ones the public may see.

        A contributor adds organisations as they enter a draft; each stays out of sight (its name, page,
        counts, filter value) until a reviewer publishes a record that names it. Each record kind says
        what is published (its published()). An EXISTS a kind, read on the link table's index by
        organisation: an organisation comes once, and looking up one costs a few index reads.
        """
        named = Q()
        for records, field in self.record_kinds():
            named |= Q(Exists(records.objects.published().filter(**{field: OuterRef("pk")})))
        return self.filter(named)

    def record_kinds(self):
        """[(record model, its field naming organisations)]: [(Practice, "organisations"), (Project, ...)].

        Found among the models that name organisations, as those with published(): the record kinds
        import this app, so it knows them only through their relations.
        """
        return [
            (relation.related_model, relation.field.name)
            for relation in self.model._meta.related_objects
            if relation.many_to_many and hasattr(relation.related_model._default_manager, "published")
        ]


class Organisation(models.Model):
    # Blank in the model so that no language tab is forced in the admin; clean()
    # asks for the name in at least one language.
    name = models.CharField(_("name"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("parent organisation"),
        help_text=_("The body this one is part of: a ministry for its department, an agency for its office."),
    )
    country = models.ForeignKey(
        "Country",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
        help_text=_("For national and local bodies, such as a ministry or a municipality."),
    )
    country_provenance = models.CharField(
        _("country's provenance"), max_length=10, choices=Provenance.choices, default=Provenance.STATED
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organisation_not_its_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            )
        ]

    def __str__(self):
        if self.acronym and self.acronym not in self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    def get_absolute_url(self):
        return reverse("browse:organisation", args=[self.pk])

    def public_pages_change(self, deleted=False):
        """For the page cache: an organisation that no published record names shows on no public page."""
        return EDIT if Organisation.objects.public().filter(pk=self.pk).exists() else None

    @property
    def country_assigned(self):
        return self.country_id is not None and self.country_provenance == Provenance.ASSIGNED

    def alias(self, kind, language):
        """The alias of `kind` in `language` (or its base language: "pt" for "pt-BR"), or "". Reads only
        prefetched aliases (prefetch_related("aliases")), so that a list of names never costs a query each."""
        if "aliases" not in getattr(self, "_prefetched_objects_cache", {}):
            return ""
        for alias in self.aliases.all():
            if alias.kind == kind and alias.language.split("-")[0] == language:
                return alias.name
        return ""

    def localized_part(self, field, kind):
        """The name or acronym in the active language: its own translation, else an alias in that
        language (ACNUR for UNHCR on a Spanish page), else the translation in another language."""
        active = get_language() or settings.LANGUAGE_CODE
        if text := localized_value(self, field, active) or self.alias(kind, active):
            return LocalizedText(text, active)
        return localized(self, field)

    @property
    def display_name(self):
        """The name as __str__ writes it, in the active language if it has one: a LocalizedText, for `lang`."""
        name = self.localized_part("name", OrganisationAlias.Kind.NAME)
        # The acronym a reader of the page knows first (ACNUR beside an English name on a Spanish page),
        # else the one that goes with the name's language, else any.
        active = get_language() or settings.LANGUAGE_CODE
        acronym = next(
            (
                text
                for language in dict.fromkeys([active, name.language])
                if (text := localized_value(self, "acronym", language) or self.alias("acronym", language))
            ),
            "",
        )
        acronym = acronym or localized(self, "acronym").text
        if acronym and acronym not in name.text:
            return LocalizedText(f"{name.text} ({acronym})", name.language)
        return name

    def clean(self):
        super().clean()
        if not any(localized_value(self, "name", code) for code, _name in settings.LANGUAGES):
            raise ValidationError(_("Give the organisation's name in at least one language."))
        if self.pk and self.parent_id and self.parent.ancestors_and_self(stop=self.pk):
            raise ValidationError({"parent": _("An organisation cannot be part of one of its own units.")})

    def ancestors_and_self(self, stop):
        """True when `stop` is this organisation or one above it: a cycle a new parent would make."""
        seen, organisation = set(), self
        while organisation is not None and organisation.pk not in seen:
            if organisation.pk == stop:
                return True
            seen.add(organisation.pk)
            organisation = organisation.parent
        return False


class OrganisationAlias(models.Model):
    """Another name or acronym an organisation goes by, in a language: ACNUR for UNHCR in Spanish and
    Portuguese, Defensoría for the Defensoria. Pages name an organisation by its alias in their language
    when it has no name of its own in it."""

    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        ACRONYM = "acronym", _("Acronym")

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="aliases", verbose_name=_("organisation")
    )
    name = models.CharField(_("alias"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NAME)
    language = models.CharField(
        _("language"),
        max_length=12,
        validators=[RegexValidator(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", _("A language code such as pt, es or pt-BR."))],
        help_text=_("Any language code (BCP 47): pt, es, ar, pt-BR..."),
    )

    class Meta:
        ordering = ["language", "kind", "name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases and acronyms")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language", "name"],
                name="organisation_alias_once",
                violation_error_message=_("This organisation already has this alias in this language."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"

    def public_pages_change(self, deleted=False):
        """As a change of its organisation's name."""
        organisation = Organisation.objects.filter(pk=self.organisation_id).first()
        return organisation.public_pages_change() if organisation else None
