"""FileUpload and FileUploadWithTag: a labelled file input with a visible "Last opp" button and
the list of files uploaded so far. Each file is a data element of the instance whose data type
is the component's id (as in Altinn); the limits come from the component
(`maxFileSizeInMB`, `maxNumberOfAttachments`, `minNumberOfAttachments`, `validFileEndings`) and
from that data type in applicationmetadata (`maxSize` in MB, `maxCount`, `minCount`,
`allowedContentTypes`). Inside a repeating group's row, a file belongs to the row whose field
(`simpleBinding`, or `list` for several) holds its data element id, as Altinn keeps it, so
each row has its own files and limits. The web layer checks uploads against `limits()` and
tells this module where the files are (the instance's data elements, which the page is given),
so nothing here needs Flask or the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from forms.components.base import Component, Prop, register
from forms.components.choices import OPTION_PROPS
from forms.datamodel import BindingPathError, get_value, set_value
from forms.problems import ProblemList

MB = 1024 * 1024  # Altinn's "MB" (maxFileSizeInMB, maxSize) is 1024 × 1024 bytes

# Short names people know, for the hint under the field ("Tillatte filtyper: PDF, PNG").
TYPE_NAMES = {
    "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF",
    "text/plain": "TXT", "text/csv": "CSV", "application/xml": "XML", "text/xml": "XML",
    "application/json": "JSON", "application/zip": "ZIP", "image/tiff": "TIFF",
    "image/bmp": "BMP", "image/webp": "WEBP", "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS", "application/vnd.ms-powerpoint": "PPT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
}
_ANY = {"application/octet-stream", "*/*", "*"}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg",
            "application/x-pdf": "application/pdf", "text/xml": "application/xml",
            "application/x-zip-compressed": "application/zip", "text/json": "application/json"}


def normalise_type(content_type: str) -> str:
    """`Image/JPG; q=1` → `image/jpeg`: one name for each type, without parameters."""
    base = content_type.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


@dataclass(frozen=True)
class StoredFile:
    """One uploaded file as the page shows it."""

    id: str
    filename: str
    size: int
    content_type: str
    tags: tuple[str, ...] = ()
    locked: bool = False


@dataclass(frozen=True)
class Limits:
    """What an upload to one component must keep to; None: no limit of that kind."""

    max_bytes: int | None
    max_count: int | None  # files of this component (in a row: of this row)
    min_count: int
    content_types: tuple[str, ...] | None  # allowed MIME types (lower case)
    endings: tuple[str, ...] | None  # allowed file endings (".pdf", lower case)
    type_max_count: int | None = None  # in rows: the data type's maxCount, for all rows

    @property
    def max_mb(self) -> str:
        if self.max_bytes is None:
            return ""
        value = self.max_bytes / MB
        return f"{value:g}"

    def allows(self, content_type: str | None, ending: str) -> bool:
        """True when a file of this (normalised) content type and ending (".pdf") may be
        kept here; with content types set, an unknown type may not."""
        if self.endings is not None and ending not in self.endings:
            return False
        if self.content_types is None:
            return True
        if content_type is None:
            return False
        wanted = {normalise_type(t) for t in self.content_types}
        return content_type in wanted or any(
            t.endswith("/*") and content_type.startswith(t[:-1]) for t in wanted)

    def type_names(self) -> list[str]:
        """The allowed types by their usual names, for people."""
        names: list[str] = []
        for ending in self.endings or ():
            names.append(ending.lstrip(".").upper())
        if not names:
            for content_type in self.content_types or ():
                names.append(TYPE_NAMES.get(content_type, content_type))
        return list(dict.fromkeys(names))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    return float(value)


def human_size(size: int, lang: str) -> str:
    """12 345 bytes → "12,1 kB" (a decimal point in English)."""
    if size < 1024:
        text = f"{size} B"
    elif size < MB:
        text = f"{size / 1024:.1f} kB"
    else:
        text = f"{size / MB:.1f} MB"
    return text if lang == "en" else text.replace(".", ",")


@register
class FileUpload(Component):
    """Upload files as attachments to the instance (data type = component id)."""

    type_name = "FileUpload"
    template = "components/fileupload.html"
    is_form_field = True
    binding_names: ClassVar[tuple[str, ...]] = ("simpleBinding", "list")
    text_names: ClassVar[tuple[str, ...]] = ("title", "description", "help")
    props_spec: ClassVar[tuple[Prop, ...]] = (
        Prop("maxFileSizeInMB", "number", doc="Largest file, in MB"),
        Prop("maxNumberOfAttachments", "integer", doc="Most files (0: no limit)"),
        Prop("minNumberOfAttachments", "integer", 0, doc="Fewest files before submitting"),
        Prop("displayMode", "string", "list", choices=("simple", "list")),
        Prop("hasCustomFileEndings", "boolean", False),
        Prop("validFileEndings", "any", doc="Allowed endings: a list or a comma-separated text"),
        Prop("alertOnDelete", "boolean", False, doc="Ask before deleting a file"),
    )

    def parse(self, problems: ProblemList) -> None:
        super().parse(problems)
        # Altinn checks minNumberOfAttachments whether or not the component is `required`.
        if self.min_files() > 0 and self.required is False:
            self.required = True

    # ---- names ---------------------------------------------------------------------------
    @property
    def data_type(self) -> str:
        return str(getattr(self, "base_id", self.id))

    @property
    def file_field(self) -> str:
        """The name of the file input (and, with `__tag`, of the tag choice)."""
        return f"{self.id}__file"

    @property
    def tag_field(self) -> str:
        return f"{self.id}__tag"

    def instance_ref(self, view: Any) -> tuple[int, str] | None:
        """(party id, instance id) of the instance the page belongs to, for the file URLs."""
        party, _, guid = str((view.instance_info or {}).get("id") or "").partition("/")
        return (int(party), guid) if party.isdigit() and guid else None

    def min_files(self) -> int:
        value = self.props.get("minNumberOfAttachments")
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0

    # ---- limits --------------------------------------------------------------------------
    def limits(self, view: Any) -> Limits:
        meta = view.app.data_type(self.data_type) or {}
        sizes = [s for s in (_number(self.props.get("maxFileSizeInMB")),
                             _number(meta.get("maxSize"))) if s is not None]
        type_max = _number(meta.get("maxCount"))
        own_max = _number(self.props.get("maxNumberOfAttachments"))
        in_row = bool(getattr(self, "rows", ()))
        if in_row:  # the data type's counts are the instance's; the component's each row's
            one = 1.0 if "simpleBinding" in self.bindings else None  # one id fits the field
            counts = [int(c) for c in (own_max, one) if c is not None]
            min_count = self.min_files()
        else:
            counts = [int(c) for c in (own_max, type_max) if c is not None]
            min_count = max(self.min_files(), int(_number(meta.get("minCount")) or 0))
        allowed = meta.get("allowedContentTypes")
        content_types: tuple[str, ...] | None = None
        if isinstance(allowed, list) and allowed:
            lowered = tuple(str(t).strip().lower() for t in allowed if isinstance(t, str))
            if lowered and not _ANY & set(lowered):
                content_types = lowered
        endings: tuple[str, ...] | None = None
        if self.props.get("hasCustomFileEndings"):
            raw = self.props.get("validFileEndings")
            items = raw.split(",") if isinstance(raw, str) else raw if isinstance(
                raw, list) else []
            cleaned = tuple(dict.fromkeys(
                "." + str(e).strip().lower().lstrip(".") for e in items
                if isinstance(e, str) and e.strip().lstrip(".")))
            endings = cleaned or None
        return Limits(int(min(sizes) * MB) if sizes else None, min(counts) if counts else None,
                      min_count, content_types, endings,
                      int(type_max) if in_row and type_max is not None else None)

    def accept(self, view: Any) -> str:
        """The file input's `accept`: endings, else MIME types (a help, never a check)."""
        limits = self.limits(view)
        if limits.endings:
            return ",".join(limits.endings)
        return ",".join(t for t in limits.content_types or () if "*" not in t)

    def rules(self, view: Any) -> list[str]:
        """What a person must know before choosing a file, in plain sentences."""
        limits = self.limits(view)
        out = []
        minimum = max(limits.min_count, 1 if view.required(self) else 0)
        if minimum == 1:
            out.append(view.ui("fileupload.min_one"))
        elif minimum > 1:
            out.append(view.ui("fileupload.min_many", minimum))
        if limits.max_count == 1:
            out.append(view.ui("fileupload.max_one"))
        elif limits.max_count:
            out.append(view.ui("fileupload.max_many", limits.max_count))
        if limits.max_bytes:
            out.append(view.ui("fileupload.max_size", limits.max_mb.replace(
                ".", "," if view.lang != "en" else ".")))
        names = limits.type_names()
        if names:
            out.append(view.ui("fileupload.types", ", ".join(names)))
        return out

    def can_upload(self, view: Any) -> bool:
        return self.count_refused(view) is None

    def count_refused(self, view: Any) -> int | None:
        """The limit another file would go over (this component's, or in a row the data
        type's for all rows together); None when one more file fits."""
        limits = self.limits(view)
        if limits.max_count and len(self.files(view)) >= limits.max_count:
            return limits.max_count
        if limits.type_max_count and len(self.files(view, every_row=True)) >= (
                limits.type_max_count):
            return limits.type_max_count
        return None

    # ---- files ---------------------------------------------------------------------------
    def row_file_ids(self, data: Any) -> set[str] | None:
        """In a repeating group's row: the ids of the row's files (from its bound field).
        None outside rows, or without a binding: every file of the data type is shown."""
        if not getattr(self, "rows", ()) or not self.bindings:
            return None
        ids: set[str] = set()
        for key in ("simpleBinding", "list"):
            try:
                value = get_value(data, self.bindings[key]) if key in self.bindings else None
            except BindingPathError:
                value = None
            values = value if isinstance(value, list) else [value]
            ids |= {v for v in values if isinstance(v, str) and v}
        return ids

    def remember_file(self, data: Any, element_id: str) -> bool:
        """Keep a new file's id in the bound field (appended to `list`); True if kept."""
        if "list" in self.bindings:
            try:
                current = get_value(data, self.bindings["list"])
            except BindingPathError:
                return False
            kept = [v for v in current if v != element_id] if isinstance(current, list) else []
            set_value(data, self.bindings["list"], [*kept, element_id])
            return True
        if "simpleBinding" in self.bindings:
            set_value(data, self.bindings["simpleBinding"], element_id)
            return True
        return False

    def forget_file(self, data: Any, element_id: str) -> bool:
        """Take a deleted file's id out of the bound field, in whichever row holds it."""
        changed = False
        for key in ("simpleBinding", "list"):
            if key in self.bindings:
                changed |= _drop(data, self.bindings[key].split("."), element_id)
        return changed

    def files(self, view: Any, every_row: bool = False) -> list[StoredFile]:
        """The files uploaded with this component, oldest first (from the instance's data
        elements, in Altinn's instance shape); in a row, that row's files, unless
        `every_row`."""
        elements = (view.instance_info or {}).get("data")
        mine = None if every_row else self.row_file_ids(view.data)
        out = []
        for element in elements if isinstance(elements, list) else []:
            if not isinstance(element, dict) or (mine is not None
                                                 and str(element.get("id")) not in mine):
                continue
            if isinstance(element, dict) and element.get("dataType") == self.data_type:
                size = element.get("size")
                tags = element.get("tags")
                if not element.get("filename"):
                    continue
                out.append(StoredFile(
                    str(element.get("id") or ""), str(element.get("filename") or ""),
                    size if isinstance(size, int) else 0, str(element.get("contentType") or ""),
                    tuple(str(t) for t in tags) if isinstance(tags, list) else (),
                    element.get("locked") is True))
        return out

    def size_text(self, view: Any, file: StoredFile) -> str:
        return human_size(file.size, view.lang)

    def tag_label(self, view: Any, file: StoredFile) -> str:
        return ""

    def is_empty(self, view: Any) -> bool:
        """For `required`: fewer files than asked for (at least one)."""
        return len(self.files(view)) < max(self.limits(view).min_count, 1)

    def display(self, view: Any) -> str | None:
        """The file names, as the summary shows them."""
        parts = []
        for file in self.files(view):
            tag = self.tag_label(view, file)
            parts.append(f"{file.filename} ({tag})" if tag else file.filename)
        return ", ".join(parts)

    def read_post(self, form: Any) -> dict[str, str | None]:
        return {}  # files arrive through the upload route, not the page's fields


def _drop(node: Any, parts: list[str], element_id: str) -> bool:
    """Remove `element_id` at the path `parts` below `node`, through every row of a list."""
    if isinstance(node, list):
        return any([_drop(item, parts, element_id) for item in node])
    if not isinstance(node, dict) or not parts:
        return False
    name = parts[0].split("[", 1)[0]
    if len(parts) > 1:
        return _drop(node.get(name), parts[1:], element_id)
    value = node.get(name)
    if value == element_id:
        node[name] = None
        return True
    if isinstance(value, list) and element_id in value:
        node[name] = [v for v in value if v != element_id]
        return True
    return False


@register
class FileUploadWithTag(FileUpload):
    """FileUpload where each file gets a tag (a category) chosen from the component's
    options; the tag is kept on the data element."""

    type_name = "FileUploadWithTag"
    template = "components/fileupload.html"
    text_names = FileUpload.text_names + ("tagTitle",)
    props_spec = FileUpload.props_spec + OPTION_PROPS

    def tag_title(self, view: Any) -> str:
        return view.text(self.texts.get("tagTitle")) or view.ui("fileupload.tag")

    def tag_label(self, view: Any, file: StoredFile) -> str:
        return ", ".join(view.option_label(self, t) for t in file.tags)
