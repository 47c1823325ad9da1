"""A record kind's sections, declared once on its model (`sections`), in the order of its source form.

The page, the admin's fieldsets, the API, the exports, the translations and word search all read
that one list, so that they cannot disagree:

    sections = [
        Section("summary", searched=True),
        Section("innovation", _("Innovation"), ["sustainability", "scalability"]),
        Section("results", _("Results"), template="projects/sections/results.html"),
    ]
"""

from dataclasses import dataclass

from django.utils.text import capfirst


@dataclass(frozen=True)
class Section:
    """A part of a record's page, and a fieldset of its admin form.

    name: its anchor on the page, with hyphens for underscores. A section of one text field needs
        nothing else: Section("contacts") shows the field `contacts` under its own label.
    label: its heading; a group of text fields shows each under its own label, as a sub-heading.
    fields: its translated text fields; for a part drawn by its own template, the fields it shows.
    searched: word search reads its text fields.
    template: a part drawn by this template, shown when the record's `has_<name>` is true.
    """

    name: str
    label: str = ""
    fields: tuple[str, ...] = ()
    searched: bool = False
    template: str = ""

    def __post_init__(self):
        fields = self.fields or ((self.name,) if not self.template else ())
        object.__setattr__(self, "fields", tuple(fields))

    @property
    def anchor(self):
        return self.name.replace("_", "-")

    def heading(self, model):
        """The heading of the section on `model`'s page (a record kind or one of its records)."""
        return capfirst(self.label or model._meta.get_field(self.fields[0]).verbose_name)


def text_fields(sections):
    """The text fields of `sections`, in order: what is translated, shown by the API and exported."""
    return [field for section in sections if not section.template for field in section.fields]


def searched_fields(sections):
    """The text fields of `sections` that word search reads, in order."""
    return [field for section in sections if section.searched for field in section.fields]


def admin_fieldsets(sections):
    """A fieldset for each section with fields, in order, titled with its label (a section without one
    is a single field, which its own label names)."""
    return [(section.label or None, {"fields": list(section.fields)}) for section in sections if section.fields]
