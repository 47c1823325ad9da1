"""The reviewers' and the secretariat's pages, outside the admin, in their language.

A reviewer reads only the practices assigned to them, and each only after declaring they have no conflict
of interest; before they submit their own review, they see nobody else's. Anything else answers 403 or 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.models import Practice
from reviews import process
from reviews.criteria import criteria
from reviews.forms import AssignForm, DecisionForm, DeclarationForm, InviteForm, ReviewForm
from reviews.models import Assignment, Review, current_round


@login_required
def my_reviews(request):
    assignments = Assignment.objects.filter(reviewer=request.user).select_related("practice").order_by("-assigned_at")
    return render(request, "reviews/my_reviews.html", {"assignments": assignments})


@login_required
def assignment(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("practice"), pk=pk, reviewer=request.user)
    if not process.open_to(assignment) and assignment.state != Assignment.State.DONE:
        # Removed from the reviewers, or the practice decided meanwhile: nothing more to declare or read.
        raise PermissionDenied
    practice = assignment.practice
    declaration = review_form = None
    status = 200
    if assignment.state == Assignment.State.DECLARING:
        declaration = DeclarationForm(request.POST or None)
        if request.method == "POST":
            if declaration.is_valid():
                process.declare(assignment, declaration.cleaned_data["conflict"])
                return redirect("reviews:assignment", assignment.pk)
            status = 400
    elif assignment.state == Assignment.State.REVIEWING:
        review_form = ReviewForm(request.POST or None)
        if request.method == "POST":
            if review_form.is_valid():
                data = review_form.cleaned_data
                try:
                    process.submit_review(
                        assignment, review_form.scores(), data["recommendation"], data["comment"], data["public"]
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect("reviews:assignment", assignment.pk)
                messages.success(request, _("Your review is submitted. Thank you."))
                return redirect("reviews:assignment", assignment.pk)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "assignment": assignment,
        # The practice itself only once the reviewer has declared no conflict.
        "practice": Practice.objects.for_detail().get(pk=practice.pk)
        if assignment.state in (Assignment.State.REVIEWING, Assignment.State.DONE)
        else None,
        "declaration": declaration,
        "review_form": review_form,
        "criteria": criteria(),
        "own_reviews": assignment.reviews.all(),
        # Others' reviews only once this reviewer's own review of the round is in.
        "others": Review.objects.filter(assignment__practice=practice, round=current_round(practice))
        .exclude(assignment=assignment)
        .select_related("assignment__reviewer")
        if assignment.state == Assignment.State.DONE
        else [],
    }
    return render(request, "reviews/assignment.html", context, status=status)


def secretariat_only(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not process.is_secretariat(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@secretariat_only
def secretariat(request):
    return render(request, "reviews/secretariat.html", {"rows": waiting(), "invite_form": InviteForm()})


def waiting():
    """The practices under review and where each stands, in a fixed number of queries."""
    practices = with_reviews(Practice.objects.filter(status__in=process.UNDER_REVIEW)).order_by("submitted_at")
    return [(practice, process.standing(practice)) for practice in practices]


def with_reviews(practices):
    """What process.standing() reads, prefetched: a page of practices costs the same whatever their reviews."""
    return practices.prefetch_related("status_changes", "assignments__reviewer", "assignments__reviews")


@secretariat_only
def record(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    return record_page(request, practice)


def record_page(request, practice, status=200, **forms):
    practice = with_reviews(Practice.objects.filter(pk=practice.pk)).get()
    context = {
        "practice": practice,
        "standing": process.standing(practice),
        "assignments": practice.assignments.all(),
        "assign_form": forms.get("assign_form") or AssignForm(practice),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "criteria": criteria(),
        "under_review": practice.status in process.UNDER_REVIEW,
    }
    return render(request, "reviews/record.html", context, status=status)


@secretariat_only
@require_POST
def assign(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    form = AssignForm(practice, request.POST)
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        kind = Assignment.Kind.INTERNAL if reviewer.is_staff else Assignment.Kind.EXTERNAL
        try:
            process.assign(practice, reviewer, kind, request.user)
        except ValidationError as error:
            form.add_error("reviewer", error)
        else:
            messages.success(request, _("The reviewer is assigned and told by e-mail."))
            return redirect("reviews:record", practice.pk)
    return record_page(request, practice, status=400, assign_form=form)


@secretariat_only
@require_POST
def decide(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            process.decide(practice, form.cleaned_data["decision"], request.user, form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("reviews:record", practice.pk)
    return record_page(request, practice, status=400, decision_form=form)


@secretariat_only
@require_POST
def invite(request):
    form = InviteForm(request.POST)
    if form.is_valid():
        process.invite(form.user, request.user)
        messages.success(
            request, _("%(email)s may now be assigned as an external reviewer.") % {"email": form.user.email}
        )
        return redirect("reviews:secretariat")
    return render(request, "reviews/secretariat.html", {"rows": waiting(), "invite_form": form}, status=400)
