"""A project, shaped like the project pages of networks and donors (seeds 002 and 004)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from records.models import (
    BeneficiaryLink,
    CountryLink,
    GCRObjectiveLink,
    ObjectiveLink,
    OrganisationRole,
    PrincipleLink,
    Record,
    RecordQuerySet,
    ReviewComment,
    SDGLink,
    StatusChange,
    record_constraints,
)
from records.sections import Section, searched_fields
from taxonomy.models import SDG, Beneficiary, Country, GCMObjective, GCRObjective, GuidingPrinciple, Organisation

# The most project locations a map marks: beyond a few hundred, dots hide the countries beneath.
MAP_POINTS = 500


class ProjectQuerySet(RecordQuerySet):
    def for_list(self):
        """What a list card shows, in a fixed number of queries whatever the page size."""
        # The search vector is for the database's eyes only.
        return self.defer("search_vector").prefetch_related(
            Prefetch("country_links", ProjectCountry.objects.select_related("country")),
            Prefetch("objective_links", ProjectObjective.objects.select_related("objective")),
            Prefetch("organisation_roles", ProjectOrganisation.objects.select_related("organisation")),
        )

    def map_points(self, limit=MAP_POINTS):
        """[(latitude, longitude, title, address)] of the projects that have a location, in order: one query."""
        rows = self.filter(latitude__isnull=False).values_list("latitude", "longitude", "title", "slug")[:limit]
        return [
            (latitude, longitude, title, reverse("projects:detail", args=[slug]))
            for latitude, longitude, title, slug in rows
        ]

    def with_classifications(self):
        """Every link of the records: what the API and the exports show of each."""
        return self.for_list().prefetch_related(
            Prefetch("gcr_links", ProjectGCRObjective.objects.select_related("objective")),
            Prefetch("beneficiary_links", ProjectBeneficiary.objects.select_related("beneficiary")),
            Prefetch("principle_links", ProjectPrinciple.objects.select_related("principle")),
            Prefetch("sdg_links", ProjectSDG.objects.select_related("sdg")),
            "results",
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
            # Facets and filters on the record's own columns; the map's located projects.
            models.Index(fields=["language", "status"], name="project_language"),
            models.Index(fields=["end_year", "start_year"], name="project_period"),
            models.Index(fields=["latitude", "longitude"], name="project_location"),
        ]
        constraints = [
            *record_constraints("project"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__range=(-90, 90)),
                name="project_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__range=(-180, 180)),
                name="project_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="project_location_complete",
            ),
        ]

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


class ProjectReviewComment(ReviewComment):
    record = models.ForeignKey(Project, models.CASCADE, related_name="review_comments")


class ProjectStatusChange(StatusChange):
    record = models.ForeignKey(Project, models.CASCADE, related_name="status_changes")
