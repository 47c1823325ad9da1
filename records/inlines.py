"""The inlines of the record admin: a record's links, identifiers and people, its reviewers' comments and its log.

Every inline that writes follows the record (RecordInlineMixin), and checks its rows together against its
table's constraints, so that a duplicate or a second primary objective is a form error in words.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from modeltranslation.admin import TranslationTabularInline

from records import workflow
from taxonomy.forms import ConstraintFormSet


class RecordInlineMixin:
    """A record's links follow the record: whoever may not edit it may not edit them (checked on POST too).
    Their rows are checked together against their table's constraints, which say what is wrong in words."""

    formset = ConstraintFormSet

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))


def constraint_message(model, suffix):
    """The words of `model`'s constraint whose name ends with `suffix`: what a form says when it would fail."""
    constraint = next(constraint for constraint in model._meta.constraints if constraint.name.endswith(suffix))
    return constraint.get_violation_error_message()


class ObjectiveFormSet(ConstraintFormSet):
    """One primary GCM objective, counted over the rows as submitted rather than row by row against the
    database, where a primary being moved from one row to another is still on the first: two ticked rows
    are a form error above them, not an IntegrityError (RecordAdmin.save_formset saves in a safe order)."""

    def clean(self):
        super().clean()
        primaries = [form for form in self.kept_forms() if form.cleaned_data.get("is_primary")]
        if len(primaries) > 1:
            raise ValidationError(constraint_message(self.model, "_one_primary"), code="one_primary")


class ObjectiveInline(RecordInlineMixin, admin.TabularInline):
    formset = ObjectiveFormSet
    autocomplete_fields = ["objective"]
    fields = ["objective", "is_primary", "provenance"]
    extra = 0
    # Drawn near the top of the form, with the countries: a record cannot be submitted without both.
    needed_to_submit = True


class GCRObjectiveInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["objective"]
    fields = ["objective", "provenance"]
    extra = 0


class PrincipleInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["principle"]
    fields = ["principle", "provenance"]
    extra = 0


class SDGInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["sdg"]
    fields = ["sdg", "provenance"]
    extra = 0


class CountryInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["country"]
    fields = ["country", "provenance"]
    extra = 0
    needed_to_submit = True


class BeneficiaryInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["beneficiary"]
    fields = ["beneficiary", "provenance"]
    extra = 0


class OrganisationRoleInline(RecordInlineMixin, TranslationTabularInline):
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "note", "provenance", "position"]
    extra = 0


class IdentifierInline(RecordInlineMixin, admin.TabularInline):
    fields = ["scheme", "value"]
    extra = 0


class PersonInline(RecordInlineMixin, admin.TabularInline):
    fields = ["name", "job_title", "organisation", "role", "email", "position"]
    extra = 0


class PrivateToTheRecordMixin:
    """Shown to reviewers, and to the contributor whose record it is (workflow.may_read_reviews)."""

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.may_read_reviews(request.user, obj))


class ReviewCommentInline(PrivateToTheRecordMixin, admin.TabularInline):
    """Reviewers write comments; contributors read them on their own records (view permission only)."""

    fields = ["created_at", "author", "text", "public"]
    readonly_fields = ["created_at", "author"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.has_view_permission(request, obj)


class StatusChangeInline(PrivateToTheRecordMixin, admin.TabularInline):
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
