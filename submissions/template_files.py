"""The submission template as a Word (.docx) or OpenDocument (.odt) file, written and read back.

The file is a heading a part of the guided form, with room under each. A partner fills it in, offline if
need be, and uploads it: each heading's text goes into its part of a new draft. A heading is known by its
words in any of the three languages, so a template in French filled on the English page still reads.

Nothing in an upload is trusted: it must be a real .docx or .odt (a zip with their own parts), under the
size limit, unpacking to a bounded size, without macros; python-docx parses without resolving entities,
odfpy through defusedxml. Any failure is one clear message, and no draft is made.
"""

import io
import re
import unicodedata
import zipfile
import zlib
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.models import Practice
from submissions.forms import TEXT_FIELDS, model_label
from taxonomy.models import Country

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
# What a template unpacks to at most: a filled template with a few photographs is a few MB.
MAX_UNPACKED = 60 * 1024 * 1024
MAX_MEMBERS = 2000
# A filled template is a few hundred paragraphs; a file of 100,000 empty ones is an attack on the parser.
MAX_BLOCKS = 5000
MAX_TEXT = 400_000

# The parts of the template, in order. Lists (countries, objectives) and dates are read as words.
LIST_PARTS = {
    "countries": gettext_lazy("Countries"),
    "gcm_objectives": gettext_lazy("GCM objectives"),
    "dates": gettext_lazy("Dates"),
    "organisations_as_written": gettext_lazy("Organisations involved"),
}
HINTS = {
    "countries": gettext_lazy("One a line, or separated by commas."),
    "gcm_objectives": gettext_lazy("Their numbers, from 1 to 23, separated by commas."),
    "dates": gettext_lazy("The start and end years (“2018 – 2021”), or the start year and “ongoing”."),
    "organisations_as_written": gettext_lazy("One a line, with its role."),
}


def parts():
    order = ["title", "summary", "key_objective", "activities", "countries", "locality", "dates"]
    order += ["organisations_as_written", "gcm_objectives"]
    order += [name for name in TEXT_FIELDS if name not in order]
    return order


def heading(part):
    return str(LIST_PARTS.get(part) or model_label(part))


# Writing


def write_docx(language):
    import docx

    with translation.override(language):
        document = docx.Document()
        document.core_properties.title = _("Practice submission template")
        document.core_properties.language = language
        document.add_heading(_("Practice submission template"), level=0)
        document.add_paragraph(instructions())
        for part in parts():
            document.add_heading(heading(part), level=2)
            if part in HINTS:
                document.add_paragraph(str(HINTS[part]), style="Quote")
            document.add_paragraph("")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def write_odt(language):
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P

    with translation.override(language):
        document = OpenDocumentText()
        title_style = Style(name="Title", family="paragraph")
        title_style.addElement(TextProperties(fontsize="20pt", fontweight="bold"))
        heading_style = Style(name="Heading 2", family="paragraph")
        heading_style.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
        heading_style.addElement(ParagraphProperties(margintop="0.4cm"))
        hint_style = Style(name="Quote", family="paragraph")
        hint_style.addElement(TextProperties(fontstyle="italic"))
        for style in (title_style, heading_style, hint_style):
            document.styles.addElement(style)
        document.text.addElement(H(outlinelevel=1, stylename=title_style, text=_("Practice submission template")))
        document.text.addElement(P(text=instructions()))
        for part in parts():
            document.text.addElement(H(outlinelevel=2, stylename=heading_style, text=heading(part)))
            if part in HINTS:
                document.text.addElement(P(stylename=hint_style, text=str(HINTS[part])))
            document.text.addElement(P(text=""))
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def instructions():
    return _(
        "Write under each heading, in one language, and leave the headings as they are. Then upload this file "
        "on the catalogue's “Submit a practice” page: it becomes a draft that you check and complete online."
    )


# Reading


def read(upload):
    """The parts found in `upload`, as {part: text}, and the language its headings are in (a partner writes
    in the language of the template they took); ValidationError with one clear message otherwise."""
    kind = inspect(upload)
    upload.seek(0)
    try:
        blocks = bounded(docx_blocks(upload) if kind == "docx" else odt_blocks(upload))
    except ValidationError:
        raise
    except Exception as error:  # a damaged file fails in many ways inside zipfile, lxml and odfpy
        raise ValidationError(_("The file could not be read: it may be damaged."), code="damaged") from error
    found, language = sections(blocks)
    if not found:
        raise ValidationError(
            _("The file has none of the template's headings. Download the template on this page and fill it in."),
            code="not_template",
        )
    if not any(found.values()):
        raise ValidationError(_("The template is empty: write under its headings, then upload it."), code="empty")
    return found, language


def bounded(blocks):
    """The blocks, as long as they stay within what a filled template can hold."""
    kept, length = [], 0
    for block in blocks:
        length += len(block[1])
        if len(kept) >= MAX_BLOCKS or length > MAX_TEXT:
            raise ValidationError(_("The file holds far more text than a template: shorten it."), code="too_long")
        kept.append(block)
    return kept


def inspect(upload):
    """'docx' or 'odt', once the file is known to be one, whole, small enough and without macros."""
    limit = settings.SUBMISSION_FILE_MAX_BYTES
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, code="too_large"
        )
    foreign = ValidationError(
        _("This is not a Word (.docx) or OpenDocument (.odt) file. Save it in one of those formats."),
        code="foreign",
    )
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise foreign
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED:
                raise ValidationError(_("The file unpacks to too much data to be a template."), code="bomb")
            # The sizes a zip declares may lie: count what each member really unpacks to, a chunk at a time.
            unpacked = 0
            for member in members:
                with archive.open(member) as data:
                    while chunk := data.read(1024 * 1024):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED:
                            raise ValidationError(_("The file unpacks to too much data to be a template."), code="bomb")
            names = {member.filename for member in members}
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                    raise macros()
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                types = archive.read("[Content_Types].xml")
                if b"macroEnabled" in types or any(name.endswith("vbaProject.bin") for name in names):
                    raise macros()
                return "docx"
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ValidationError(_("The file could not be read: it may be damaged."), code="damaged") from error
    raise foreign


def macros():
    return ValidationError(
        _("Files with macros are not accepted. Save the document as a plain .docx or .odt and upload it again."),
        code="macros",
    )


def docx_blocks(upload):
    """(is a heading, text) for each paragraph and table cell of a .docx, in order."""
    import docx
    from docx.table import Table

    document = docx.Document(upload)
    # A paragraph's `style` looks its style up among all of them, each time: read the names once.
    names = {style.style_id: style.name or "" for style in document.styles}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield False, cell.text
        else:
            style = names.get(block._p.style, "")
            yield style.startswith(("Heading", "Title")), block.text


def odt_blocks(upload):
    """(is a heading, text) for each heading and paragraph of an .odt, in order."""
    from odf import teletype
    from odf.opendocument import load

    document = load(upload)

    def walk(node):
        for child in node.childNodes:
            name = getattr(child, "qname", (None, None))[1]
            if name == "h":
                yield True, teletype.extractText(child)
            elif name == "p":
                yield False, teletype.extractText(child)
            elif child.nodeType == child.ELEMENT_NODE:
                yield from walk(child)

    yield from walk(document.text)


def folded(text):
    """Letters and digits only, lower case, without accents: how headings and names are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def known_headings():
    """{folded heading: part} in every language, hints under headings as None; and {folded heading:
    [languages]}, to tell which template a file was made from."""
    known, languages = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for part in parts():
                key = folded(heading(part))
                known[key] = part
                languages.setdefault(key, []).append(language)
            known.update(dict.fromkeys((folded(str(hint)) for hint in HINTS.values()), None))
    return known, languages


def sections(blocks):
    """{part: text} from (is a heading, text) blocks: a known heading starts its part, any other ends it;
    and the language most of the headings are in."""
    known, languages = known_headings()
    votes = Counter()
    found, current = {}, None
    for is_heading, text in blocks:
        key = folded(text)
        if key in known:
            if known[key] is not None:  # else a hint under its heading, not an answer
                current = known[key]
                found.setdefault(current, [])
                votes.update(languages[key])
            continue
        if is_heading:
            current = None
            continue
        if current is not None and text.strip():
            found[current].append(text.strip())
    language = votes.most_common(1)[0][0] if votes else None
    return {part: "\n\n".join(paragraphs) for part, paragraphs in found.items()}, language


def values(found):
    """The guided form's values from the parts read, and the words that matched nothing (to tell)."""
    result, unknown = {}, []
    for part, text in found.items():
        if part in ("countries", "gcm_objectives", "dates", "organisations_as_written"):
            result[part] = text if part == "organisations_as_written" else None
            continue
        limit = Practice._meta.get_field(part).max_length
        result[part] = text[:limit] if limit else text
    result = {part: text for part, text in result.items() if text is not None}
    if found.get("countries"):
        result["countries"], unknown = countries(found["countries"])
    if found.get("gcm_objectives"):
        numbers = {int(number) for number in re.findall(r"\b\d{1,2}\b", found["gcm_objectives"])}
        from taxonomy.models import GCMObjective

        result["gcm_objectives"] = list(GCMObjective.objects.filter(number__in=numbers))
    if found.get("dates"):
        result.update(dates(found["dates"]))
    return result, unknown


def countries(text):
    names = {}
    for country in Country.objects.all():
        names[folded(country.code)] = country
        for language, _name in settings.LANGUAGES:
            name = getattr(country, f"name_{language}", "")
            if name:
                names[folded(name)] = country
    chosen, unknown = [], []
    for word in re.split(r"[\n,;]+", text):
        if not word.strip():
            continue
        country = names.get(folded(word))
        if country is None:
            unknown.append(word.strip())
        elif country not in chosen:
            chosen.append(country)
    return chosen, unknown


ONGOING = re.compile(r"ongoing|present|en cours|aujourd|en curso|presente|actualidad", re.IGNORECASE)


def dates(text):
    years = [int(year) for year in re.findall(r"\b(?:19|20)\d\d\b", text)]
    result = {}
    if years:
        result["start_year"] = years[0]
    if len(years) > 1 and years[1] >= years[0]:
        result["end_year"] = years[1]
    elif ONGOING.search(text):
        result["ongoing"] = True
    return result
