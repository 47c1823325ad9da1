"""A project, shaped like the project pages of networks and donors (seeds 002 and 004)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from records.models import (
    BeneficiaryLink,
    CountryLink,
    GCRObjectiveLink,
    Identifier,
    ObjectiveLink,
    OrganisationRole,
    Person,
    PrincipleLink,
    Record,
    RecordQuerySet,
    ReviewComment,
    SDGLink,
    StatusChange,
    record_constraints,
)
from records.money import is_currency
from records.sections import Section, searched_fields
from taxonomy.models import SDG, Beneficiary, Country, GCMObjective, GCRObjective, GuidingPrinciple, Organisation

# A slug no record has, where map_points() writes each project's.
SLUG_PLACE = "slug-of-the-project"
# The most project locations a map marks: beyond a few hundred, dots hide the countries beneath.
MAP_POINTS = 500


class ProjectQuerySet(RecordQuerySet):
    def for_list(self):
        """What a list card shows, in a fixed number of queries whatever the page size."""
        return self.prefetch_related(
            Prefetch("country_links", ProjectCountry.objects.select_related("country")),
            Prefetch("objective_links", ProjectObjective.objects.select_related("objective")),
            Prefetch(
                "organisation_roles",
                ProjectOrganisation.objects.select_related("organisation").prefetch_related("organisation__aliases"),
            ),
        )

    def map_points(self, limit=MAP_POINTS):
        """[(latitude, longitude, title, address)] of the projects that have a location, in order: one query."""
        rows = self.filter(latitude__isnull=False).values_list("latitude", "longitude", "title", "slug")[:limit]
        # Each address written around its slug: reverse() for each of 500 points took 5 ms.
        before, after = reverse("projects:detail", args=[SLUG_PLACE]).rsplit(SLUG_PLACE, 1)
        return [(latitude, longitude, title, f"{before}{slug}{after}") for latitude, longitude, title, slug in rows]

    def with_classifications(self):
        """Every link of the records: what the API and the exports show of each."""
        return self.for_list().prefetch_related(
            Prefetch("gcr_links", ProjectGCRObjective.objects.select_related("objective")),
            Prefetch("beneficiary_links", ProjectBeneficiary.objects.select_related("beneficiary")),
            Prefetch("principle_links", ProjectPrinciple.objects.select_related("principle")),
            Prefetch("sdg_links", ProjectSDG.objects.select_related("sdg")),
            "results",
            "identifiers",
            "people",
        )

    def for_detail(self):
        """A record's page: every link, and the reviewers' comments that are public."""
        public = ProjectReviewComment.objects.filter(public=True)
        return self.with_classifications().prefetch_related(
            Prefetch("review_comments", public, to_attr="public_review_comments")
        )


class Project(Record):
    general_objective = models.TextField(_("general objective"), blank=True)
    specific_objectives = models.TextField(_("specific objectives"), blank=True, help_text=_("One a line."))
    description = models.TextField(_("the project"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    activities = models.TextField(_("main activities"), blank=True)
    intervention_zone = models.TextField(_("intervention zone"), blank=True)
    beneficiary_regions = models.TextField(_("beneficiary regions"), blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"), null=True, blank=True)
    contact = models.TextField(_("contact"), blank=True)

    # The facts a project page's header gives, as the source states them.
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[RegexValidator("^[A-Z]{3}$", _("Three capital letters, such as USD or EUR."))],
        help_text=_("ISO 4217: USD, EUR, XOF..."),
    )
    budget_as_written = models.CharField(
        _("budget as written"), max_length=300, blank=True, help_text=_("“Budget Amount (USD) 280000.00”.")
    )
    implementer_share = models.DecimalField(
        _("share managed by the implementer"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The part of the budget the lead implementer manages, in the same currency, if the source says."),
    )
    stated_status = models.CharField(
        _("status as stated"),
        max_length=100,
        blank=True,
        help_text=_("The source's own word (“Active”, “Closed”); the catalogue computes its own from the dates."),
    )
    project_type = models.CharField(
        _("type of project as stated"), max_length=200, blank=True, help_text=_("As the source names it.")
    )
    funding_programme = models.CharField(
        _("funding programme"), max_length=300, blank=True, help_text=_("“IOM Development Fund”, “EU Trust Fund”.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    gcm_objectives = models.ManyToManyField(
        GCMObjective, through="ProjectObjective", related_name="projects", verbose_name=_("GCM objectives")
    )
    gcr_objectives = models.ManyToManyField(
        GCRObjective, through="ProjectGCRObjective", related_name="projects", verbose_name=_("GCR objectives")
    )
    countries = models.ManyToManyField(
        Country, through="ProjectCountry", related_name="projects", verbose_name=_("countries")
    )
    beneficiaries = models.ManyToManyField(
        Beneficiary, through="ProjectBeneficiary", related_name="projects", verbose_name=_("beneficiaries")
    )
    organisations = models.ManyToManyField(
        Organisation, through="ProjectOrganisation", related_name="projects", verbose_name=_("organisations")
    )
    principles = models.ManyToManyField(
        GuidingPrinciple,
        through="ProjectPrinciple",
        related_name="projects",
        verbose_name=_("GCM guiding principles"),
    )
    sdgs = models.ManyToManyField(
        SDG, through="ProjectSDG", related_name="projects", verbose_name=_("Sustainable Development Goals")
    )
    pinned_related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("related projects chosen by the editors"),
        help_text=_("Shown first among the related projects, before those found by shared objectives and places."),
    )

    objects = ProjectQuerySet.as_manager()

    # The facts a project page's header gives, in the order the admin, the API and the downloads show them.
    header_facts = [
        "stated_status",
        "project_type",
        "budget_amount",
        "budget_currency",
        "budget_as_written",
        "implementer_share",
        "funding_programme",
    ]

    excerpt_fields = ["summary", "general_objective", "description"]
    # The sections of a project, in the order of its page: the opening paragraph and the place marked on
    # the map, then the project and its objectives (seed 004), the intervention zone and contact given
    # with the partners, the expected results, activities and beneficiary regions (seed 002), and the
    # results reported by year (seed 004). See records.sections.
    sections = [
        Section("summary", searched=True),
        Section("location", _("Location"), ["latitude", "longitude"], template="projects/sections/location.html"),
        Section("description", searched=True),
        Section("general_objective", searched=True),
        Section("specific_objectives", searched=True),
        Section("intervention_zone", searched=True),
        Section("contact"),
        Section("people", _("People"), template="includes/people.html"),
        Section("expected_results", searched=True),
        Section("activities", searched=True),
        Section("beneficiary_regions", searched=True),
        Section("results", _("Results"), template="projects/sections/results.html"),
    ]
    # The trigger in migration 0002 reads the same fields on PostgreSQL (a test says so).
    search_fields = ["title", *searched_fields(sections)]
    snippet_fields = ["summary", "description", "general_objective", "activities"]

    class Meta(Record.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            # The public lists: published records, newest first (the default order), or by start date.
            models.Index(fields=["status", "-created_at"], name="project_status_created"),
            models.Index(fields=["status", "start_year"], name="project_status_start"),
            # The published records' ids, read whole (index only) to join a filter's links to: at 100,000
            # records a filter by objective then takes 15 ms, not 70 (probing the records one by one).
            models.Index(fields=["id"], condition=Q(status="published"), name="project_published"),
            # Facets and filters on the record's own columns; the map's located projects.
            models.Index(fields=["language", "status"], name="project_language"),
            models.Index(fields=["end_year", "start_year"], name="project_period"),
            models.Index(fields=["latitude", "longitude"], name="project_location"),
            # A list's map: its located projects' points in the list's order, read from this index alone. Any
            # filter joins its links to the ids here; reading them from the table's wide rows took 16 ms at
            # 20,000 projects, from this index 5.
            models.Index(
                fields=["id"],
                include=[
                    "latitude",
                    "longitude",
                    "slug",
                    "title",
                    *(f"title_{code}" for code, _name in settings.LANGUAGES),
                    "created_at",
                    "start_year",
                    "start_month",
                ],
                condition=Q(status="published", latitude__isnull=False),
                name="project_map_points",
            ),
        ]
        constraints = [
            *record_constraints("project"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__range=(-90, 90)),
                name="project_latitude_range",
                violation_error_message=_("The latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__range=(-180, 180)),
                name="project_longitude_range",
                violation_error_message=_("The longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="project_location_complete",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget_amount__isnull=True) | ~models.Q(budget_currency=""),
                name="project_budget_has_currency",
                violation_error_message=_("Give the budget's currency."),
            ),
            models.CheckConstraint(
                condition=models.Q(implementer_share__isnull=True)
                | models.Q(budget_amount__isnull=False, implementer_share__lte=models.F("budget_amount")),
                name="project_share_within_budget",
                violation_error_message=_(
                    "The implementer's share is part of the budget: give a budget at least as large."
                ),
            ),
        ]

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.budget_currency and not is_currency(self.budget_currency):
            errors["budget_currency"] = _("This is not an ISO 4217 currency code, such as USD or EUR.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the budget's currency.")
        if self.implementer_share is not None and (self.budget_amount or 0) < self.implementer_share:
            errors["implementer_share"] = _(
                "The implementer's share is part of the budget: give a budget at least as large."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_results(self):
        """Reads the prefetched results (for_detail())."""
        return bool(self.results.all())

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class ProjectResult(models.Model):
    """A result the project reports for a year, with its figure when there is one."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="results", verbose_name=_("project"))
    year = models.PositiveSmallIntegerField(_("year"))
    figure = models.PositiveIntegerField(_("figure"), null=True, blank=True)
    description = models.TextField(_("result"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["year", "position", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results by year")

    def __str__(self):
        return f"{self.year}: {self.figure or ''} {self.description}".replace("  ", " ")


class ProjectObjective(ObjectiveLink):
    record = models.ForeignKey(Project, models.CASCADE, related_name="objective_links")


class ProjectGCRObjective(GCRObjectiveLink):
    record = models.ForeignKey(Project, models.CASCADE, related_name="gcr_links")


class ProjectCountry(CountryLink):
    record = models.ForeignKey(Project, models.CASCADE, related_name="country_links")


class ProjectBeneficiary(BeneficiaryLink):
    record = models.ForeignKey(Project, models.CASCADE, related_name="beneficiary_links")


class ProjectOrganisation(OrganisationRole):
    record = models.ForeignKey(Project, models.CASCADE, related_name="organisation_roles")


class ProjectPrinciple(PrincipleLink):
    record = models.ForeignKey(Project, models.CASCADE, related_name="principle_links")


class ProjectSDG(SDGLink):
    record = models.ForeignKey(Project, models.CASCADE, related_name="sdg_links")


class ProjectIdentifier(Identifier):
    record = models.ForeignKey(Project, models.CASCADE, related_name="identifiers")


class ProjectPerson(Person):
    record = models.ForeignKey(Project, models.CASCADE, related_name="people")


class ProjectReviewComment(ReviewComment):
    record = models.ForeignKey(Project, models.CASCADE, related_name="review_comments")


class ProjectStatusChange(StatusChange):
    record = models.ForeignKey(Project, models.CASCADE, related_name="status_changes")
