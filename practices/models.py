"""A good practice, shaped like the Migration Network Hub's practice form."""

from django.db import models
from django.db.models import Prefetch, Q
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
    Provenance,
    Record,
    RecordQuerySet,
    ReviewComment,
    SDGLink,
    StatusChange,
    record_constraints,
)
from records.sections import Section, searched_fields
from taxonomy.models import SDG, Beneficiary, Country, GCMObjective, GCRObjective, GuidingPrinciple, Organisation


class PracticeQuerySet(RecordQuerySet):
    def for_list(self):
        """What a list card shows, in a fixed number of queries whatever the page size."""
        return self.prefetch_related(
            Prefetch("country_links", PracticeCountry.objects.select_related("country")),
            Prefetch("objective_links", PracticeObjective.objects.select_related("objective")),
            Prefetch(
                "organisation_roles",
                PracticeOrganisation.objects.select_related("organisation").prefetch_related("organisation__aliases"),
            ),
        )

    def with_classifications(self):
        """Every link of the records: what the API and the exports show of each."""
        return self.for_list().prefetch_related(
            Prefetch("gcr_links", PracticeGCRObjective.objects.select_related("objective")),
            Prefetch("beneficiary_links", PracticeBeneficiary.objects.select_related("beneficiary")),
            Prefetch("principle_links", PracticePrinciple.objects.select_related("principle")),
            Prefetch("sdg_links", PracticeSDG.objects.select_related("sdg")),
            "identifiers",
            "people",
        )

    def for_detail(self):
        """A record's page: every link, and the reviewers' comments that are public."""
        public = PracticeReviewComment.objects.filter(public=True)
        return self.with_classifications().prefetch_related(
            Prefetch("review_comments", public, to_attr="public_review_comments")
        )


class Practice(Record):
    class Type(models.TextChoices):
        # The Hub's own types first, in its words ("Policy (including law, public measure)",
        # "Project/Programme", "Partnership/Multistakeholder initiative", "Other"), then finer ones.
        POLICY = "policy", _("Policy (including law, public measure)")
        PROGRAMME = "programme", _("Project or programme")
        PARTNERSHIP = "partnership", _("Partnership or multi-stakeholder initiative")
        SERVICE = "service", _("Service delivery")
        TOOL = "tool", _("Tool, guidance or training")
        RESEARCH = "research", _("Research or data")
        CAMPAIGN = "campaign", _("Awareness or advocacy campaign")
        OTHER = "other", _("Other")

    practice_type = models.CharField(_("type of practice"), max_length=20, choices=Type.choices, blank=True)
    practice_type_provenance = models.CharField(
        _("type's provenance"), max_length=10, choices=Provenance.choices, default=Provenance.STATED
    )
    source_category = models.CharField(
        _("category in the source"),
        max_length=200,
        blank=True,
        help_text=_("The source catalogue's own category, as written (“Strategy/framework”, “Legal Aid”)."),
    )
    key_objective = models.TextField(_("key objective"), blank=True)
    activities = models.TextField(_("main activities"), blank=True)
    beneficiaries_description = models.TextField(_("beneficiaries, in the source's words"), blank=True)
    key_theme = models.CharField(_("key theme"), max_length=200, blank=True)
    gcr_contribution = models.TextField(_("how the practice meets the GCR objectives"), blank=True)

    # Benefits and impact
    benefits_and_impact = models.TextField(_("benefits and impact"), blank=True)
    key_results = models.TextField(_("other key results"), blank=True)
    success_factors = models.TextField(_("key successes and innovative factors"), blank=True)
    lessons_learned = models.TextField(_("main lessons learned"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    challenges_overcome = models.TextField(_("how each challenge was overcome"), blank=True)
    done_differently = models.TextField(_("what could have been done differently"), blank=True)
    recommendations = models.TextField(_("recommendations, if the practice is to be replicated"), blank=True)

    # Innovation
    catalysed_initiatives = models.TextField(_("has this practice catalysed other similar initiatives?"), blank=True)
    sustainability = models.TextField(_("are the impacts of this practice sustainable?"), blank=True)
    scalability = models.TextField(_("is this practice scalable?"), blank=True)
    covid19_adaptation = models.TextField(
        _("how did the practice adapt to the changing circumstances of the COVID-19 pandemic?"), blank=True
    )

    additional_resources = models.TextField(_("additional resources"), blank=True)
    submission_date = models.DateField(_("submission date"), null=True, blank=True)
    source_related_practices = models.TextField(
        _("related practices listed by the source"),
        blank=True,
        help_text=_("Titles as the source lists them, one a line; not all are in this catalogue."),
    )
    peer_review_comments = models.TextField(_("peer reviewers' comments"), blank=True)

    gcm_objectives = models.ManyToManyField(
        GCMObjective, through="PracticeObjective", related_name="practices", verbose_name=_("GCM objectives")
    )
    gcr_objectives = models.ManyToManyField(
        GCRObjective, through="PracticeGCRObjective", related_name="practices", verbose_name=_("GCR objectives")
    )
    countries = models.ManyToManyField(
        Country, through="PracticeCountry", related_name="practices", verbose_name=_("countries")
    )
    beneficiaries = models.ManyToManyField(
        Beneficiary, through="PracticeBeneficiary", related_name="practices", verbose_name=_("beneficiaries")
    )
    organisations = models.ManyToManyField(
        Organisation, through="PracticeOrganisation", related_name="practices", verbose_name=_("organisations")
    )
    principles = models.ManyToManyField(
        GuidingPrinciple,
        through="PracticePrinciple",
        related_name="practices",
        verbose_name=_("GCM guiding principles"),
    )
    sdgs = models.ManyToManyField(
        SDG, through="PracticeSDG", related_name="practices", verbose_name=_("Sustainable Development Goals")
    )
    pinned_related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("related practices chosen by the editors"),
        help_text=_("Shown first among the related practices, before those found by shared objectives and places."),
    )

    objects = PracticeQuerySet.as_manager()

    excerpt_fields = ["summary", "key_objective", "gcr_contribution"]
    # The sections of a practice, in the order of the Migration Network Hub's forms: the contacts, summary,
    # key objective, activities, successes and beneficiaries of its short entries (seed 001), then the two
    # questions of the Global Compact on Refugees' good-practice form (seed 003), then the practice form
    # from its benefits and impact to the peer reviewers' comments (seed 000). See records.sections.
    sections = [
        Section("contacts", _("Contacts"), template="includes/people.html"),
        Section("summary", searched=True),
        Section("key_objective", searched=True),
        Section("activities", searched=True),
        Section("success_factors", searched=True),
        Section("beneficiaries_description", searched=True),
        Section(
            "global_compact_on_refugees",
            _("Global Compact on Refugees"),
            ["gcr_contribution", "key_theme"],
            searched=True,
        ),
        # Under "Benefits and impact", the Hub's page gives the other key results, then the immediate impacts.
        Section("key_results", searched=True),
        Section("benefits_and_impact", searched=True),
        Section("lessons_learned", searched=True),
        Section("challenges", searched=True),
        Section("challenges_overcome", searched=True),
        Section("done_differently"),
        Section("recommendations", searched=True),
        Section(
            "innovation",
            _("Innovation"),
            ["catalysed_initiatives", "sustainability", "scalability", "covid19_adaptation"],
        ),
        Section("additional_resources"),
        Section("source_related_practices"),
        Section("peer_review_comments"),
    ]
    # The trigger in migration 0002 reads the same fields on PostgreSQL (a test says so).
    search_fields = ["title", *searched_fields(sections)]
    snippet_fields = ["summary", "key_objective", "gcr_contribution", "activities", "lessons_learned"]
    facet_columns = {"type": "practice_type", **Record.facet_columns}

    class Meta(Record.Meta):
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = record_constraints("practice")
        indexes = [
            # The public lists: published records, newest first (the default order), or by start date.
            models.Index(fields=["status", "-created_at"], name="practice_status_created"),
            models.Index(fields=["status", "start_year"], name="practice_status_start"),
            # The published records' ids, read whole (index only) to join a filter's links to: at 100,000
            # records a filter by objective then takes 15 ms, not 70 (probing the records one by one).
            models.Index(fields=["id"], condition=Q(status="published"), name="practice_published"),
            # Facets and filters on the record's own columns.
            models.Index(fields=["language", "status"], name="practice_language"),
            models.Index(fields=["practice_type", "status"], name="practice_type"),
        ]

    @property
    def type_assigned(self):
        return bool(self.practice_type) and self.practice_type_provenance == Provenance.ASSIGNED


class PracticeObjective(ObjectiveLink):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="objective_links")


class PracticeGCRObjective(GCRObjectiveLink):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="gcr_links")


class PracticeCountry(CountryLink):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="country_links")


class PracticeBeneficiary(BeneficiaryLink):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="beneficiary_links")


class PracticeOrganisation(OrganisationRole):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="organisation_roles")


class PracticePrinciple(PrincipleLink):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="principle_links")


class PracticeSDG(SDGLink):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="sdg_links")


class PracticeIdentifier(Identifier):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="identifiers")


class PracticePerson(Person):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="people")


class PracticeReviewComment(ReviewComment):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="review_comments")


class PracticeStatusChange(StatusChange):
    record = models.ForeignKey(Practice, models.CASCADE, related_name="status_changes")
