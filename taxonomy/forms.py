"""What the admins' inline formsets share: the rows of one table, checked together against its unique constraints.

The forms of an inline leave out the checks that name the parent (its row may not exist yet, and the other
rows are about to change), and Django's formset says "Please correct the duplicate data for ...". The
table's constraints say what is wrong in words (violation_error_message): a duplicate row gets those words.
"""

from django.forms.models import BaseInlineFormSet


class ConstraintFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        for constraint in self.model._meta.total_unique_constraints:
            if set(constraint.fields) == set(unique_check):
                return constraint.get_violation_error_message()
        return super().get_unique_error_message(unique_check)

    def kept_forms(self):
        """The forms whose rows stay: filled in, and not ticked for deletion."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not (self.can_delete and self._should_delete_form(form))
        ]
