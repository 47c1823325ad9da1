"""The admin that practices and projects share: the record admin with its workflow (its inlines: records.inlines).

Every door that writes a record is guarded the same way. A workflow step locks the row and checks it
(records.workflow.apply). An edit, and a revert from the history (which ends in the same form), locks the
row and is refused if the record changed after the form was opened; it never writes the workflow's fields.
Why a check at save time and not an edit lock: docs/decisions/005-concurrency-of-edits.md.
"""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import CheckConstraint, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from records import workflow
from records.images import clean_image
from taxonomy.admin import URL_FIELDS

STALE = _(
    "%(user)s changed this record on %(time)s, after you opened this form. Changed since then: %(fields)s. "
    "Nothing was saved: reload the page to see the record as it is now, then make your changes again."
)
STALE_ELSEWHERE = _(
    "%(user)s changed this record on %(time)s, after you opened this form. "
    "Nothing was saved: reload the page to see the record as it is now, then make your changes again."
)


EDITORS_NOTE_HELP = _(
    "Shown on the public page as a note from the editors, folded under the record: what they judged or left "
    "out when entering the source."
)


class RecordAdminForm(forms.ModelForm):
    """The record form, which refuses to save over changes made after it was opened (optimistic locking)."""

    # The record as the form was opened with it: its updated_at, which every save and every workflow step
    # moves, and a digest of each field it shows or the workflow sets, to say which changed meanwhile.
    updated_at_when_opened = forms.CharField(widget=forms.HiddenInput, required=False)
    digests_when_opened = forms.CharField(widget=forms.HiddenInput, required=False)

    # Who submits the form: set by RecordAdmin.get_form.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A range that a check constraint states (a month, a latitude) is refused in that constraint's
        # words, beside its field, rather than in the validators' "Ensure this value is less than...".
        for constraint in self._meta.model._meta.constraints:
            fields = constraint.condition.referenced_base_fields if isinstance(constraint, CheckConstraint) else ()
            if len(fields) == 1 and (name := next(iter(fields))) in self.fields:
                message = constraint.get_violation_error_message()
                self.fields[name].error_messages.update(min_value=message, max_value=message)
        for name in self.fields:
            if name.startswith("editors_note"):
                self.fields[name].help_text = EDITORS_NOTE_HELP
        if not self.instance._state.adding:
            self.fields["updated_at_when_opened"].initial = self.instance.updated_at.isoformat()
            self.fields["digests_when_opened"].initial = json.dumps(self.digests(self.instance))

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return clean_image(image)
        return image

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance._state.adding:
            self.refuse_if_changed_since_opened()
        return cleaned_data

    def refuse_if_changed_since_opened(self):
        """Compare the record under a row lock with the form's stamp. The admin runs a form and its save
        (inlines included) in one transaction, so no one else writes the record in between."""
        model = type(self.instance)
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError(_("This record was deleted after you opened this form. Nothing was saved."))
        # Whatever the form was opened with, the save goes over the row as it is now (see save_model).
        for name in model.workflow_fields:
            setattr(self.instance, name, getattr(current, name))
        try:
            opened = parse_datetime(self.cleaned_data.get("updated_at_when_opened") or "")
        except ValueError:  # well formed, but no date (a 13th month): as good as none
            opened = None
        if opened is None or timezone.is_naive(opened):
            raise ValidationError(
                _("This form does not say when it was opened. Nothing was saved: reload the page, then try again."),
                code="unstamped",
            )
        # The permission was checked on the record as read before the lock: check it again on the row.
        if self.user is not None and not workflow.can_edit(self.user, current):
            raise ValidationError(
                _("You may no longer edit this record: it moved on in the review. Nothing was saved."),
                code="not_editable",
            )
        if opened == current.updated_at:
            return
        user = last_changed_by(current, since=opened)
        params = {
            "user": (user.get_full_name() or user.get_username()) if user else _("Someone"),
            "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
        }
        changed = self.changed_since_opened(current)
        if changed:
            params["fields"] = ", ".join(str(model._meta.get_field(name).verbose_name) for name in changed)
        raise ValidationError(STALE if changed else STALE_ELSEWHERE, code="stale", params=params)

    def watched_fields(self):
        """The record's own columns the form shows, and the workflow's."""
        columns = {field.name: field for field in self._meta.model._meta.concrete_fields}
        names = [*self.fields, *self._meta.model.workflow_fields]
        return [columns[name] for name in names if name in columns]

    def digests(self, record):
        """{field name: a short digest of its value}; an empty text is one, whether stored as "" or NULL."""
        values = {field.name: field.value_from_object(record) for field in self.watched_fields()}
        return {
            name: hashlib.sha256(repr("" if value is None else value).encode()).hexdigest()[:12]
            for name, value in values.items()
        }

    def changed_since_opened(self, current):
        """The names of the fields whose value is not the one the form was opened with ([] if unknown)."""
        try:
            opened = json.loads(self.cleaned_data.get("digests_when_opened") or "{}")
        except ValueError:
            return []
        if not isinstance(opened, dict):
            return []
        return [name for name, digest in self.digests(current).items() if name in opened and opened[name] != digest]


def last_changed_by(record, since):
    """Who last saved `record` in the admin (its history) or moved it along the workflow (its log) after
    `since`, or None. A revision is dated when its save begins and a step is logged before its save, so
    neither of those that left the `since` stamp counts."""
    changes = []
    version = (
        Version.objects.get_for_object(record)
        .filter(revision__date_created__gt=since)
        .select_related("revision__user")
        .first()
    )
    if version is not None:
        changes.append((version.revision.date_created, version.revision.user))
    step = record.status_changes.filter(at__gt=since).select_related("by").last()
    if step is not None:
        changes.append((step.at, step.by))
    return max(changes, key=lambda change: change[0])[1] if changes else None


# The fieldsets both kinds of record have, for their admins' `fieldsets`.


def dates_fieldset(*more):
    """The period as parsed, beside the source's wording of it, then `more` of the kind's own dates."""
    return (
        _("Dates"),
        {"fields": [("start_year", "start_month"), ("end_year", "end_month", "ongoing"), "period_as_written", *more]},
    )


PLACE_FIELDSET = (_("Place"), {"fields": ["locality", "scope", "region_as_written"]})
IMAGE_FIELDSET = (_("Image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]})
SOURCE_FIELDSET = (_("Source"), {"fields": ["source_citation", "source_url", "source_document", "editors_note"]})


class RecordAdmin(CompareVersionAdmin, TabbedTranslationAdmin):
    """What the practice and project admins share: the workflow, history, lists, search and filters."""

    form = RecordAdminForm
    formfield_overrides = URL_FIELDS
    change_form_template = "admin/record_change_form.html"
    change_list_template = "admin/record_change_list.html"
    list_display = ["__str__", "status", "language", "created_by", "start_year", "updated_at"]
    list_filter = ["status", "language", "countries__region", "gcm_objectives", "created_by"]
    list_select_related = ["created_by"]
    search_fields = ["slug", "title_en", "title_fr", "title_es", "source_document"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "created_by", "submitted_at", "published_at", "created_at", "updated_at"]
    autocomplete_fields = ["pinned_related"]
    save_on_top = True

    # Opens the language tabs on the record's original language, warns about text typed in another one,
    # and fills the slug from the title in that language (templates/admin/record_change_form.html).
    class Media:
        # After what it works with, which Django's media lists would otherwise put after it.
        js = [
            "admin/js/jquery.init.js",
            "modeltranslation/js/tabbed_translation_fields.js",
            "admin/js/urlify.js",
            "js/record-admin.js",
        ]
        css = {"all": ["css/record-admin.css"]}

    workflow_fieldset = (
        _("Workflow"),
        {"fields": [("status", "created_by"), ("submitted_at", "published_at"), ("created_at", "updated_at")]},
    )

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), self.workflow_fieldset]

    # Every staff member may read every record; workflow.can_edit decides who may change it.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if change:
            # The workflow's fields are written by the workflow alone: an edit saves the rest, so that it
            # never undoes a step taken since the record was read.
            obj.save(update_fields=obj.content_fields())
        else:
            obj.created_by = request.user
            obj.save()
        self.warn_about_duplicate_titles(request, obj)

    def save_formset(self, request, form, formset, change):
        # The rows were checked together (records.inlines), but are saved one by one, and each save must leave
        # the table within its unique constraints. So the rows removed go first, with the rows given another
        # value that a constraint covers, which come back as new rows (two objectives swapped between rows);
        # then the rows that stop being primary, then the one that becomes primary.
        rows = formset.save(commit=False)
        unique = {name for constraint in formset.model._meta.total_unique_constraints for name in constraint.fields}
        moved = [row for row, changed in formset.changed_objects if unique.intersection(changed)]
        for row in [*formset.deleted_objects, *moved]:
            row.delete()
        for row in moved:
            row._state.adding = True
        for row in sorted(rows, key=lambda row: getattr(row, "is_primary", False)):
            if hasattr(row, "author_id") and row.author_id is None:
                row.author = request.user
            row.save()
        formset.save_m2m()

    def warn_about_duplicate_titles(self, request, obj):
        titles = Q()
        for field in ("title_en", "title_fr", "title_es"):
            if value := getattr(obj, field):
                titles |= Q(title_en__iexact=value) | Q(title_fr__iexact=value) | Q(title_es__iexact=value)
        if titles and self.model._default_manager.filter(titles).exclude(pk=obj.pk).exists():
            messages.warning(request, _("Another record has the same title: check that this is not a duplicate."))

    # The history (django-reversion): a revert is an edit, and recovering a deleted record is a reviewer's job.

    def _reversion_autoregister(self, model, follow):
        # A revision follows the record's links, not its log of steps or its reviewers' comments: a revert
        # with delete=True would delete those added since.
        if model is self.model:
            follow = tuple(name for name in follow if name not in workflow.LOG_RELATIONS)
        super()._reversion_autoregister(model, follow)

    def history_view(self, request, object_id, extra_context=None):
        self.check_may_read_reviews(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self.check_may_read_reviews(request, object_id)
        return super().compare_view(request, object_id, extra_context)

    def check_may_read_reviews(self, request, object_id):
        """The history of a record holds its reviewers' words: private to reviewers and its contributor."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not workflow.may_read_reviews(request.user, record):
            raise PermissionDenied

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Whoever may not edit the record now may not revert it; the revert then goes through the change
        form, with its checks."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # django-reversion reverts the whole revision, then runs the change form over the result, all in
        # one transaction. Only the content goes back: what the workflow owns stays as it is now. This
        # overrides a private method of reversion's VersionAdmin (pinned in requirements.txt, and
        # tests/test_history.py fails if an upgrade changes it): check it when upgrading.
        revision = version.revision
        revert_everything = revision.revert

        def revert_content(delete=False):
            with workflow.untouched(version._model, version.object_id):
                revert_everything(delete=delete)

        revision.revert = revert_content
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not workflow.may_recover(request.user, self.model):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.may_recover(request.user, self.model):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        context = {"may_recover": workflow.may_recover(request.user, self.model), **(extra_context or {})}
        return super().changelist_view(request, context)

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
