"""A partner's own account: their organisation and language, and leaving the catalogue.

Signing up, in and out, confirming an address and resetting a password are django-allauth's views.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.models import Profile


@login_required
def profile(request):
    instance = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your account is saved."))
            return redirect("accounts:profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def delete_account(request):
    """Delete the account and what is only its own; records already sent to review stay in the catalogue."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", {"form": form}, status=400)
        with transaction.atomic():
            request.user.delete()
        logout(request)
        messages.success(request, _("Your account and its data are deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
