"""Saving a filtered list, seeing one's saved searches, and leaving one from the link in its mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts.forms import FrequencyForm, SaveSearchForm
from alerts.models import SavedSearch


@login_required
@require_POST
def save(request):
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        return render(
            request, "alerts/mine.html", {"searches": searches_of(request.user), "save_form": form}, status=400
        )
    search = form.save(commit=False)
    search.user = request.user
    search.save()
    messages.success(request, _("Search saved: we will write to you when new records match it."))
    return redirect(search.list_path())


def searches_of(user):
    return [(search, FrequencyForm(instance=search, prefix=str(search.pk))) for search in user.saved_searches.all()]


@login_required
def mine(request):
    return render(request, "alerts/mine.html", {"searches": searches_of(request.user)})


@login_required
@require_POST
def change(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if "delete" in request.POST:
        search.delete()
        messages.success(request, _("The saved search is deleted."))
        return redirect("alerts:mine")
    form = FrequencyForm(request.POST, instance=search, prefix=str(search.pk))
    if not form.is_valid():
        return render(request, "alerts/mine.html", {"searches": searches_of(request.user)}, status=400)
    form.save()
    messages.success(request, _("Saved."))
    return redirect("alerts:mine")


def unsubscribe(request, token):
    """From the link in the mail, without signing in: a page with a button, as a link that a mail scanner
    follows must not unsubscribe anyone."""
    search = SavedSearch.objects.filter(token=token).first()
    if search is None:
        return render(request, "alerts/unsubscribed.html", {"gone": True}, status=404)
    if request.method == "POST":
        search.delete()
        return render(request, "alerts/unsubscribed.html", {"done": True})
    return render(request, "alerts/unsubscribed.html", {"search": search})
