from django import forms

from alerts.models import SavedSearch


class SaveSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["kind", "query", "label", "frequency"]
        widgets = {"kind": forms.HiddenInput, "query": forms.HiddenInput, "label": forms.HiddenInput}


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["frequency"]
