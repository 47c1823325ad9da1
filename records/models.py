"""What practices and projects share: the abstract record, its links to the reference lists, the review log.

Each record kind (practices, projects) subclasses these. This app's own tables are the search documents,
what search reads of each published record of either kind, and the facet counts kept with them
(records/documents.py builds both).
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pagecache.cache import EDIT, WITHDRAWAL
from taxonomy.models import (
    SDG,
    Beneficiary,
    Country,
    GCMObjective,
    GCRObjective,
    GuidingPrinciple,
    Organisation,
    Provenance,
)
from taxonomy.text import localized_value

__all__ = ["Provenance"]  # defined with the reference lists, which an organisation's country needs too

# The last part of the address of a record's PDF summary, under its page (opendata/urls.py).
SUMMARY_PDF = "summary.pdf"


class Scope(models.TextChoices):
    """How far a record reaches, whatever its countries: a city's service, a country's law, a global fund."""

    LOCAL = "local", _("Local")
    SUBNATIONAL = "subnational", _("Sub-national")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    GLOBAL = "global", _("Global")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class RecordQuerySet(models.QuerySet):
    def published(self):
        """The only records the public may see, whatever the door."""
        return self.filter(status=Status.PUBLISHED)

    def primary_keys(self):
        """The records' primary keys in the queryset's order, read straight from the cursor: a hundred
        thousand in milliseconds, where model iteration (and modeltranslation's, for values) takes a second."""
        sql, params = self.values("pk").query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def count_by_country(self):
        """{country code: number of published records of this kind}, for the world map, whatever this
        queryset's own filters: one query, of the counts kept at write time (FacetCount)."""
        return FacetCount.objects.of(self.model, facet="country").get("country", {})


class Record(models.Model):
    """What practices and projects have in common: identity, source, period."""

    title = models.CharField(_("title"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The last part of the page's address."))
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("original language"),
        max_length=2,
        choices=settings.LANGUAGES,
        help_text=_("The language the source was written in; its texts go in that language's tab."),
    )
    # Set by the review workflow (records.workflow), never typed.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("contributor"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("start month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(
        _("end month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    ongoing = models.BooleanField(
        _("ongoing"),
        default=False,
        help_text=_("Still running, with no end date (“2016 – Presente”, “2012-Ongoing”): leave the end empty."),
    )
    period_as_written = models.CharField(
        _("dates as written"),
        max_length=200,
        blank=True,
        help_text=_("The source's own wording of the dates, where it says more than the years (“Mars 2018”)."),
    )

    # Where: the countries are links (country_links); these say what the links cannot.
    locality = models.CharField(
        _("locality"),
        max_length=300,
        blank=True,
        help_text=_("A city, a metropolitan area or municipalities, as the source names them."),
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, blank=True)
    region_as_written = models.CharField(
        _("region as written"),
        max_length=200,
        blank=True,
        help_text=_("A region in the source's words (“West Africa”, “Andean region”), beside the countries."),
    )

    source_citation = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Who published the source, its title and date, as a reader would cite it. Shown on the page."),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_document = models.CharField(
        _("internal file"),
        max_length=200,
        blank=True,
        help_text=_("For the editors only, never shown in public: the file this record was entered from."),
    )
    editors_note = models.TextField(
        _("editors' note"),
        blank=True,
        help_text=_("What the editors judged or left out when entering the source, for readers to see."),
    )

    image = models.ImageField(
        _("image"),
        upload_to="records/%Y/",
        blank=True,
        help_text=_("JPEG, PNG or WebP, under 5 MB. It is re-encoded and stripped of its metadata (location, camera)."),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("Alternative text: what the image shows, for people who cannot see it."),
    )
    image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    image_credit = models.CharField(
        _("credit"), max_length=300, blank=True, help_text=_("Who took or owns the photograph (“© IOM 2021”).")
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecordQuerySet.as_manager()

    # The fields a list card may show as its excerpt, best first.
    excerpt_fields = ["summary"]
    # Each kind's sections, in the order of its source form (records.sections): the page, the admin, the
    # API, the exports and the translations read them; word search reads the title and the sections
    # marked searched; a search result's snippet is cut from the first of its snippet fields with text.
    sections = []
    search_fields = ["title"]
    snippet_fields = ["summary"]
    # The facets counted on a column of the record (records.facets), and the column: their keys in the
    # search document (records.documents.facet_keys).
    facet_columns = {"language": "language"}

    class Meta:
        abstract = True
        ordering = [models.F("start_year").desc(nulls_last=True), "slug"]
        # Who may move a record along the workflow: see records.workflow.
        permissions = [
            ("submit", _("Can submit own records for review")),
            ("review", _("Can comment on records and request changes")),
            ("publish", _("Can publish, archive and delete records")),
        ]

    # Written by the workflow alone (records.workflow), each step under a row lock: edits save the
    # other fields (content_fields()), so that they never undo a step taken meanwhile.
    workflow_fields = ("status", "submitted_at", "published_at")

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        # For the page cache: a record published when the save began is being changed in public, at the
        # address of its slug then.
        self._public_slug = (
            None
            if self._state.adding
            else type(self)
            ._default_manager.filter(pk=self.pk, status=Status.PUBLISHED)
            .values_list("slug", flat=True)
            .first()
        )
        self._was_public = self._public_slug is not None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:detail", args=[self.slug])

    def public_paths(self):
        """For the page cache: the record's own pages in each language, its page and its PDF summary, which
        show an edit at once; and where they were, should the slug have changed."""
        slugs = {self.slug, getattr(self, "_public_slug", None) or self.slug}
        paths = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for slug in sorted(slugs):
                    page = reverse(f"{self._meta.app_label}:detail", args=[slug])
                    # Its PDF summary lives under the page (opendata/urls.py): the same record, printed.
                    paths += [page, f"{page}{SUMMARY_PDF}"]
        return paths

    def content_fields(self):
        """The loaded fields an edit saves: all but the workflow's and the primary key."""
        deferred = self.get_deferred_fields()
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in self.workflow_fields and field.attname not in deferred
        ]

    def public_pages_change(self, deleted=False):
        """For the page cache: publishing or editing in public is an edit; leaving public, a withdrawal."""
        was_public = getattr(self, "_was_public", True)  # unknown after a raw save (loaddata, a revert)
        if self.is_public and not deleted:
            return EDIT
        return WITHDRAWAL if was_public or self.is_public else None

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED

    def clean(self):
        super().clean()
        # Every problem at once, each beside its field: a form shows them all on the first submit.
        errors = {}
        if self.language and not localized_value(self, "title", self.language):
            errors[f"title_{self.language}"] = _("Give the title in the original language of the record.")
        if self.start_month and not self.start_year:
            errors["start_month"] = _("A start month needs a start year.")
        if self.end_month and not self.end_year:
            errors["end_month"] = _("An end month needs an end year.")
        if self.ongoing and self.end_year:
            errors["ongoing"] = _("An ongoing record has no end: empty the end year, or untick “ongoing”.")
        if self.start_year and self.end_year:
            start = (self.start_year, self.start_month or 1)
            end = (self.end_year, self.end_month or 12)
            if end < start:
                errors["end_year"] = _("The end cannot come before the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def runs_until(self):
        """The last year the record runs in: today's for an ongoing one, else its end, else its start."""
        if self.ongoing:
            return datetime.date.today().year
        return self.end_year or self.start_year

    @property
    def start(self):
        return _partial_date(self.start_year, self.start_month)

    @property
    def end(self):
        return _partial_date(self.end_year, self.end_month)

    @property
    def period(self):
        """“2016 – present”, “March 2018 – 2020”, “2019”: the dates in the active language."""
        start, end = self.start or "?", self.end
        if self.ongoing:
            return _("%(start)s – present") % {"start": start}
        return f"{start} – {end}" if end else self.start

    @property
    def has_people(self):
        """Reads the prefetched people (for_detail())."""
        return bool(self.people.all())

    has_contacts = has_people  # a practice's people are its Hub entry's contacts

    def organisations_in_order(self):
        """Each organisation once, lead implementers first, for a card; reads the prefetched links."""
        organisations = {}
        for _role, links in self.organisations_by_role():
            for link in links:
                organisations.setdefault(link.organisation_id, link.organisation)
        return list(organisations.values())

    def organisations_by_role(self):
        """[(role label, links)] in the order of the roles; reads the prefetched links."""
        links = list(self.organisation_roles.all())
        return [
            (label, [link for link in links if link.role == role])
            for role, label in OrganisationRole.Role.choices
            if any(link.role == role for link in links)
        ]


def _partial_date(year, month):
    """A year, or a month and year, formatted in the active language."""
    if not year:
        return ""
    if not month:
        return str(year)
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


def record_constraints(prefix):
    """The checks every record table carries, named after its table, each with a message in words: the
    forms check them before saving, and show that message when one fails (the model's clean() says most
    of it first, beside the field)."""
    return [
        models.CheckConstraint(
            condition=models.Q(start_month__isnull=True) | models.Q(start_month__range=(1, 12)),
            name=f"{prefix}_start_month_valid",
            violation_error_message=_("The start month must be between 1 and 12."),
        ),
        models.CheckConstraint(
            condition=models.Q(end_month__isnull=True) | models.Q(end_month__range=(1, 12)),
            name=f"{prefix}_end_month_valid",
            violation_error_message=_("The end month must be between 1 and 12."),
        ),
        models.CheckConstraint(
            condition=models.Q(start_year__isnull=True)
            | models.Q(end_year__isnull=True)
            | models.Q(end_year__gte=models.F("start_year")),
            name=f"{prefix}_end_not_before_start",
            violation_error_message=_("The end cannot come before the start."),
        ),
        models.CheckConstraint(
            condition=models.Q(ongoing=False) | models.Q(end_year__isnull=True),
            name=f"{prefix}_ongoing_has_no_end",
            violation_error_message=_("An ongoing record has no end: empty the end year, or untick “ongoing”."),
        ),
    ]


class PartOfRecord(models.Model):
    """Something that belongs to one record (a link, a comment): it shows where the record does.

    Each record kind declares the foreign key to its own model, named `record` in every kind, so that
    the indexes and constraints of the bases below can name it.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._added = self._state.adding
        super().save(*args, **kwargs)

    def public_pages_change(self, deleted=False):
        """For the page cache: a new part of a published record is an edit. Changing or removing one may
        take something off the public pages (an organisation no longer named, a comment made private):
        a withdrawal."""
        try:
            record = self.record
        except ObjectDoesNotExist:  # deleted with its record
            return WITHDRAWAL
        if not record.is_public:
            return None
        return EDIT if getattr(self, "_added", False) and not deleted else WITHDRAWAL

    def public_paths(self):
        return self.record.public_paths()


class Classification(PartOfRecord):
    """A link between a record and a reference list entry, with its provenance.

    A record links an entry once (the constraint `<app>_<table>_once`). Filters and facets go from the
    entry to the records: the index `<table>_by_value` answers them alone.
    """

    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.STATED)

    class Meta:
        abstract = True

    @property
    def assigned(self):
        return self.provenance == Provenance.ASSIGNED


ONCE = _("This value is already linked to this record: remove one of the two rows.")


class ObjectiveLink(Classification):
    objective = models.ForeignKey(GCMObjective, models.PROTECT, verbose_name=_("GCM objective"))
    is_primary = models.BooleanField(_("primary objective"), default=False)

    class Meta:
        abstract = True
        ordering = ["-is_primary", "objective"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")
        indexes = [models.Index(fields=["objective", "is_primary", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "objective"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=ONCE,
            ),
            # The Hub form has one primary objective; the rest are secondary.
            models.UniqueConstraint(
                fields=["record"],
                condition=models.Q(is_primary=True),
                name="%(app_label)s_%(class)s_one_primary",
                violation_error_message=_("Only one GCM objective can be the primary one."),
            ),
        ]


class GCRObjectiveLink(Classification):
    objective = models.ForeignKey(GCRObjective, models.PROTECT, verbose_name=_("GCR objective"))

    class Meta:
        abstract = True
        ordering = ["objective"]
        verbose_name = _("GCR objective")
        verbose_name_plural = _("GCR objectives")
        indexes = [models.Index(fields=["objective", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "objective"], name="%(app_label)s_%(class)s_once", violation_error_message=ONCE
            )
        ]


class PrincipleLink(Classification):
    principle = models.ForeignKey(GuidingPrinciple, models.PROTECT, verbose_name=_("guiding principle"))

    class Meta:
        abstract = True
        ordering = ["principle"]
        verbose_name = _("GCM guiding principle")
        verbose_name_plural = _("GCM guiding principles")
        indexes = [models.Index(fields=["principle", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "principle"], name="%(app_label)s_%(class)s_once", violation_error_message=ONCE
            )
        ]


class SDGLink(Classification):
    sdg = models.ForeignKey(SDG, models.PROTECT, verbose_name=_("Sustainable Development Goal"))

    class Meta:
        abstract = True
        ordering = ["sdg"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        indexes = [models.Index(fields=["sdg", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "sdg"], name="%(app_label)s_%(class)s_once", violation_error_message=ONCE
            )
        ]


class CountryLink(Classification):
    country = models.ForeignKey(Country, models.PROTECT, verbose_name=_("country"))

    class Meta:
        abstract = True
        ordering = ["country__name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        indexes = [models.Index(fields=["country", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "country"], name="%(app_label)s_%(class)s_once", violation_error_message=ONCE
            )
        ]


class BeneficiaryLink(Classification):
    beneficiary = models.ForeignKey(Beneficiary, models.PROTECT, verbose_name=_("beneficiary group"))

    class Meta:
        abstract = True
        ordering = ["beneficiary__name"]
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        indexes = [models.Index(fields=["beneficiary", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "beneficiary"], name="%(app_label)s_%(class)s_once", violation_error_message=ONCE
            )
        ]


class OrganisationRole(Classification):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead implementer")
        PARTNER = "partner", _("Partner")
        STRATEGIC = "strategic", _("Strategic partner")
        OTHER = "other", _("Other partner")
        DONOR = "donor", _("Donor / co-funder")
        # Named by the source with no role stated: shown, and filtered on, as any other organisation.
        MENTIONED = "mentioned", _("Mentioned")

    organisation = models.ForeignKey(Organisation, models.PROTECT, verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("How the source qualifies this role, if it does.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        verbose_name = _("organisation and role")
        verbose_name_plural = _("organisations and roles")
        indexes = [models.Index(fields=["organisation", "record"], name="%(class)s_by_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "organisation", "role"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("This organisation already has this role in this record."),
            )
        ]


class Identifier(PartOfRecord):
    """A number a catalogue or a funder gives the record: an IOM Prima ID, a project number, a CRIS code."""

    scheme = models.CharField(
        _("scheme"), max_length=100, help_text=_("Whose number it is, as the source names it: “IOM Prima ID”.")
    )
    value = models.CharField(_("identifier"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["pk"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "scheme", "value"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("This identifier is already given for this record."),
            )
        ]

    def __str__(self):
        return f"{self.scheme}: {self.value}"


class Person(PartOfRecord):
    """Someone the source names as a contact, the submitter or a focal point, as it names them."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("Contact")
        SUBMITTER = "submitter", _("Submitted by")
        FOCAL_POINT = "focal_point", _("Focal point")

    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=300, blank=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=500,
        blank=True,
        help_text=_("The organisation and unit as the source writes them (“UNDP headquarters, Crisis Bureau”)."),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CONTACT)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Only if the source publishes it."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class ReviewComment(PartOfRecord):
    """A reviewer's comment on a record; the public ones are shown on its page, as the Hub does."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, editable=False, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    text = models.TextField(_("comment"))
    public = models.BooleanField(
        _("show on the public page"), default=False, help_text=_("As a peer reviewer's comment, once published.")
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
        verbose_name = _("reviewer's comment")
        verbose_name_plural = _("reviewers' comments")

    def __str__(self):
        return self.text[:80]


class StatusChange(models.Model):
    """One step of the workflow: who moved the record, from what, to what, when."""

    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def public_pages_change(self, deleted=False):
        return None  # the workflow's log shows on no public page


class SearchDocument(models.Model):
    """Everything a visitor may type to find one published record, in one row: the search engine's
    input (records/search.py), rebuilt from the relational tables (records/documents.py) whenever the
    record, one of its links or a name it shows changes. Drafts have none.

    Its words, each language's stemming applied, are in a table beside this one: on PostgreSQL a narrow
    table of tsvectors with a GIN index, on SQLite a full-text (FTS5) table (records/migrations/0001 and
    0003; records/documents.py writes them). `embedding` is the record's sentence
    vector (records/embeddings.py), kept while the text it was computed from (`embedded_text_hash`)
    stays the same.
    """

    kind = models.CharField(max_length=50)  # the record model's label, "practices.practice"
    record_id = models.PositiveIntegerField()
    language = models.CharField(max_length=2)
    titles = models.TextField(blank=True)
    names = models.TextField(blank=True)  # countries, organisations, reference labels, the locality
    text = models.TextField(blank=True)  # the searched sections, in every language they are given in
    # What the lists filter and count on: "country:SN", "gcm:21", "organisation:12", "language:fr".
    keys = models.JSONField(default=list)
    # What a list shows of the record, in each language (records/cards.py): read a page at a time.
    card = models.JSONField(default=dict)
    embedded_text_hash = models.CharField(max_length=64, blank=True)
    embedding = models.BinaryField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="one_search_document_a_record")]
        indexes = [
            models.Index(fields=["kind", "indexed_at"], name="search_document_changes"),
            # A text's vector is computed once and read by its hash (records/documents.py, records/memory.py).
            models.Index(fields=["embedded_text_hash"], name="search_document_texts"),
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}"


class SearchWords(models.Model):
    """PostgreSQL only: a search document's words, in a narrow table of their own read through its GIN
    index (records/migrations/0003 creates it, with the function catalogue_words() that reads it). Written
    in SQL by records/documents.py; the database deletes a document's words with it (ON DELETE CASCADE).
    A model so that Django knows the table: flushing a test database truncates it with the documents."""

    document = models.OneToOneField(
        SearchDocument, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=50)
    record_id = models.IntegerField()
    vector = SearchVectorField()

    class Meta:
        db_table = "records_searchdocument_words"

    def __str__(self):
        return f"{self.kind} {self.record_id}"


class FacetCountQuerySet(models.QuerySet):
    def of(self, model, facet=None):
        """{facet: {value: count}} of `model`'s published records (every facet's, or `facet`'s), the
        values as the keys write them: one query."""
        rows = self.filter(kind=model._meta.label_lower, count__gt=0)
        if facet is not None:
            rows = rows.filter(key__startswith=f"{facet}:")
        counts = {}
        for key, count in rows.values_list("key", "count"):
            name, _, value = key.partition(":")
            counts.setdefault(name, {})[value] = count
        return counts


class FacetCount(models.Model):
    """How many published records of a kind have a facet key ("country:SN"): the unfiltered list's facet
    counts, kept at write time with the search documents (records/documents.py), so that the catalogue's
    front pages count nothing."""

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=100)
    count = models.IntegerField(default=0)

    objects = FacetCountQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_count_a_facet_key")]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.count}"
