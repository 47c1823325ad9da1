"""A partner's side of the catalogue: their submissions, the guided form, the template file.

Every view reads the partner's own records only: another's record answers 404, and changing a record that
is not theirs to change (submitted, in review, published) answers 403.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from records import workflow
from records.models import Status
from submissions import drafts, template_files
from submissions.checklist import criteria, missing
from submissions.forms import SubmissionForm, UploadForm
from submissions.models import Submission

FILES = {
    "docx": (template_files.write_docx, template_files.DOCX),
    "odt": (template_files.write_odt, template_files.ODT),
}


def partners_only(view):
    """Signed-in partners; staff enter records in the admin."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def own_submission(request, pk):
    return get_object_or_404(Submission.objects.select_related("practice"), practice__pk=pk, submitter=request.user)


@partners_only
def mine(request):
    submissions = (
        Submission.objects.filter(submitter=request.user)
        .select_related("practice")
        .prefetch_related("practice__status_changes")
        .order_by("-practice__updated_at")
    )
    return render(request, "submissions/mine.html", {"submissions": submissions, "upload_form": UploadForm()})


def new(request):
    """How to submit: online, or with the template. Open to visitors, who are asked to sign in to start."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if request.user.is_staff:
            raise PermissionDenied
        if over_limit(request.user, "start"):
            return new_page(request, UploadForm(), status=429, limited=True)
        practice, _submission = drafts.start(request.user, translation.get_language())
        return redirect("submissions:edit", practice.pk)
    return new_page(request, UploadForm())


def new_page(request, upload_form, status=200, limited=False):
    context = {"upload_form": upload_form, "criteria": criteria(), "limited": limited}
    return render(request, "submissions/new.html", context, status=status)


def over_limit(user, action):
    """A partner starts or uploads at most SUBMISSION_HOURLY_LIMIT drafts an hour: reading a file costs."""
    key = f"submissions:{action}:{user.pk}:{int(time.time() // 3600)}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache lost the key (Redis away): do not lock partners out
        return False
    return count > settings.SUBMISSION_HOURLY_LIMIT


@partners_only
@require_POST
def upload(request):
    if over_limit(request.user, "upload"):
        return new_page(request, UploadForm(), status=429, limited=True)
    form = UploadForm(request.POST, request.FILES)
    found = None
    if form.is_valid():
        try:
            found, language = template_files.read(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
    if found is None:
        return new_page(request, form, status=400)
    values, unknown = template_files.values(found)
    with transaction.atomic():
        practice, submission = drafts.start(request.user, language, imported_from=form.cleaned_data["file"].name)
        drafts.write(practice, submission, values)
    messages.success(request, _("Your file is read into this draft. Check each part, then submit it."))
    if unknown:
        messages.warning(
            request,
            _("These countries were not recognised; choose them in the list: %(names)s")
            % {"names": ", ".join(unknown)},
        )
    return redirect("submissions:edit", practice.pk)


@partners_only
def edit(request, pk):
    submission = own_submission(request, pk)
    practice = submission.practice
    editable = workflow.can_edit(request.user, practice)
    if request.method != "POST":
        form = SubmissionForm(practice=practice, submission=submission)
        return page(request, form, submission, editable)
    if not editable:
        raise PermissionDenied
    form = SubmissionForm(request.POST, request.FILES, practice=practice, submission=submission)
    autosave = request.headers.get("X-Autosave") == "1"
    if not form.is_valid():
        if autosave:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return page(request, form, submission, editable, status=400)
    drafts.write(practice, submission, {**form.cleaned_data, "contacts": form.contacts()}, user=request.user)
    if autosave:
        return JsonResponse({"saved": True, "missing": [str(need) for need in missing(practice, submission)]})
    if "submit" in request.POST:
        needs = missing(practice, submission)
        if needs:
            messages.error(request, _("Your draft is saved, but it cannot be submitted yet."))
            form = SubmissionForm(practice=practice, submission=submission)
            return page(request, form, submission, editable, status=400)
        try:
            workflow.apply(practice, "submit", request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return page(
                request, SubmissionForm(practice=practice, submission=submission), submission, editable, status=400
            )
        messages.success(request, _("Your practice is submitted. The reviewers will read it; we will write to you."))
        return redirect("submissions:mine")
    messages.success(request, _("Your draft is saved."))
    return redirect("submissions:edit", practice.pk)


def page(request, form, submission, editable, status=200):
    practice = submission.practice
    context = {
        "form": form,
        "submission": submission,
        "practice": practice,
        "editable": editable,
        "missing": missing(practice, submission),
        "requests": [
            change for change in practice.status_changes.all() if change.to_status == Status.CHANGES_REQUESTED
        ],
    }
    return render(request, "submissions/edit.html", context, status=status)


def template_file(request, kind):
    """The submission template in the page's language, as .docx or .odt."""
    write, content_type = FILES[kind]
    language = translation.get_language()
    response = HttpResponse(write(language), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="practice-template-{language}.{kind}"'
    return response
