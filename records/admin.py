"""The admin that practices and projects share: the record admin with its workflow, and the link inlines."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from reversion_compare.admin import CompareVersionAdmin

from records import workflow
from records.images import clean_image
from taxonomy.admin import URL_FIELDS


class RecordInlineMixin:
    """A record's links follow the record: whoever may not edit it may not edit them (checked on POST too)."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))


class ObjectiveInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["objective"]
    fields = ["objective", "is_primary", "provenance"]
    extra = 0


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


class BeneficiaryInline(RecordInlineMixin, admin.TabularInline):
    autocomplete_fields = ["beneficiary"]
    fields = ["beneficiary", "provenance"]
    extra = 0


class OrganisationRoleInline(RecordInlineMixin, TranslationTabularInline):
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "note", "provenance", "position"]
    extra = 0


class ReviewCommentInline(admin.TabularInline):
    """Reviewers write comments; contributors read them (view permission only)."""

    fields = ["created_at", "author", "text", "public"]
    readonly_fields = ["created_at", "author"]
    extra = 0


class StatusChangeInline(admin.TabularInline):
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecordAdminForm(forms.ModelForm):
    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return clean_image(image)
        return image


class RecordAdmin(CompareVersionAdmin, TabbedTranslationAdmin):
    """What the practice and project admins share: the workflow, history, lists, search and filters."""

    form = RecordAdminForm
    formfield_overrides = URL_FIELDS
    change_form_template = "admin/record_change_form.html"
    list_display = ["__str__", "status", "language", "created_by", "start_year", "updated_at"]
    list_filter = ["status", "language", "countries__region", "gcm_objectives", "created_by"]
    list_select_related = ["created_by"]
    search_fields = ["slug", "title_en", "title_fr", "title_es", "source_document"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "created_by", "submitted_at", "published_at", "created_at", "updated_at"]
    autocomplete_fields = ["pinned_related"]
    save_on_top = True
    workflow_fieldset = (
        _("Workflow"),
        {"fields": [("status", "created_by"), ("submitted_at", "published_at"), ("created_at", "updated_at")]},
    )

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), self.workflow_fieldset]

    def get_queryset(self, request):
        # Every staff member may read every record; workflow.can_edit decides who may change it.
        return super().get_queryset(request).defer("search_vector")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        self.warn_about_duplicate_titles(request, obj)

    def save_formset(self, request, form, formset, change):
        for comment in formset.save(commit=False):
            if hasattr(comment, "author_id") and comment.author_id is None:
                comment.author = request.user
            comment.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    def warn_about_duplicate_titles(self, request, obj):
        titles = Q()
        for field in ("title_en", "title_fr", "title_es"):
            if value := getattr(obj, field):
                titles |= Q(title_en__iexact=value) | Q(title_fr__iexact=value) | Q(title_es__iexact=value)
        if titles and self.model._default_manager.filter(titles).exclude(pk=obj.pk).exists():
            messages.warning(request, _("Another record has the same title: check that this is not a duplicate."))

    # The workflow: one confirmation page per transition.

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_transition"
        view = self.admin_site.admin_view(self.transition_view)
        return [path("<path:object_id>/transition/<str:name>/", view, name=name), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["transitions"] = workflow.allowed(request.user, obj) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, object_id, name):
        record = self.get_object(request, unquote(object_id))
        transition = workflow.TRANSITIONS.get(name)
        if record is None or transition is None:
            raise Http404
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(record.pk)])
        refusal = workflow.refusal(request.user, record, transition)
        if isinstance(refusal, PermissionDenied):
            raise refusal
        if refusal:
            messages.error(request, refusal)
            return redirect(change_url)
        if request.method == "POST":
            try:
                workflow.apply(record, name, request.user, note=request.POST.get("note", "")[:5000])
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return redirect(change_url)
            messages.success(
                request,
                _("Done: %(record)s is now “%(status)s”.") % {"record": record, "status": record.get_status_display()},
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "transition": transition,
            "missing": workflow.missing_classifications(record) if transition.needs_classification else [],
            "change_url": change_url,
            "title": transition.label,
        }
        return TemplateResponse(request, "admin/record_transition.html", context)
