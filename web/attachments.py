"""Files attached to an instance through FileUpload and FileUploadWithTag: upload, delete and
download. Uploads and deletes are posts of the page's form (multipart for uploads), with or
without htmx; what else the form carried is saved too, so nothing typed is lost. Every route
finds the instance through `web.filling.load_instance`: only the party that owns it gets
anywhere.

Every upload is checked here, whatever the browser did: a file was chosen, it is not empty, not
too big, not one too many, and its ending is allowed AND its content is what the ending says
(magic bytes; ZIP-based Office files by their parts; text by being text). The stored content
type is the one the server found, never the one the browser sent. Downloads are always
`Content-Disposition: attachment` with a name the server cleans, nosniff and a sandboxing CSP,
so a file is never shown inside Blankett's pages."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath
from typing import Any

import filetype
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    request,
    url_for,
)
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from forms.calculation import calculate
from forms.components.base import Component
from forms.components.fileupload import (
    TYPE_NAMES,
    FileUpload,
    FileUploadWithTag,
    Limits,
    normalise_type,
)
from forms.components.repeatinggroup import ensure_row_ids
from forms.definitions import AppDefinition
from forms.render import PageView
from forms.submission import apply_post
from forms.ui_texts import ui_text
from storage import repository
from storage.models import DataElement, Instance
from web.citizen import _form_data, _page_url, _task_layout
from web.context import current_language, current_user
from web.db import db_session
from web.downloads import attachment
from web.filling import instance_info, load_instance
from web.pages import render_page
from web.rows import enclosing_rows, state_query
from web.subforms import show_entries

bp = Blueprint("attachments", __name__)

_PAGE = "/instance/<int:party_id>/<instance_id>/page/<page_name>"

# ---- what a file is --------------------------------------------------------------------------

_TEXT = {".txt": "text/plain", ".csv": "text/csv", ".xml": "application/xml",
         ".json": "application/json", ".md": "text/markdown", ".html": "text/html",
         ".htm": "text/html", ".svg": "image/svg+xml"}
_MAGIC = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".zip": ("application/zip", (b"PK\x03\x04", b"PK\x05\x06")),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the older Office formats (Compound File)
_OLE_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel",
              ".ppt": "application/vnd.ms-powerpoint"}
_OOXML = {  # ending → (type, the folder every such file has)
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              "ppt/"),
}
_ODF = {".odt": "application/vnd.oasis.opendocument.text",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".odp": "application/vnd.oasis.opendocument.presentation"}
_SNIFF_BYTES = 8192


def type_for_ending(ending: str) -> str | None:
    """The content type a file ending stands for, if Blankett can check it."""
    for table in (_TEXT, _OLE_TYPES, _ODF):
        if ending in table:
            return table[ending]
    if ending in _MAGIC:
        return _MAGIC[ending][0]
    if ending in _OOXML:
        return _OOXML[ending][0]
    kind = filetype.get_type(ext=ending.lstrip(".")) if ending else None
    return str(kind.mime) if kind is not None else None


def _is_text(blob: bytes) -> bool:
    """UTF-8 (or 8-bit) text without control characters other than tab, newlines, form feed."""
    if b"\x00" in blob:
        return False
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = blob.decode("cp1252", errors="replace")
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" or ord(ch) == 127 for ch in text)


def _zip_names(blob: bytes) -> zipfile.ZipFile | None:
    """The ZIP's directory, read without unpacking anything (no zip bombs)."""
    try:
        return zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def content_matches(ending: str, blob: bytes) -> bool:
    """True when the bytes are what the file ending says."""
    head = blob[:_SNIFF_BYTES]
    if ending in _TEXT:
        return _is_text(blob)
    if ending in _MAGIC:
        return head.startswith(_MAGIC[ending][1])
    if ending in _OLE_TYPES:
        return head.startswith(_OLE)
    if ending in _OOXML or ending in _ODF:
        archive = _zip_names(blob) if head.startswith(b"PK\x03\x04") else None
        if archive is None:
            return False
        with archive:
            names = archive.namelist()
            if ending in _OOXML:
                return "[Content_Types].xml" in names and any(
                    n.startswith(_OOXML[ending][1]) for n in names)
            try:
                info = archive.getinfo("mimetype")
            except KeyError:
                return False
            return info.file_size < 100 and archive.read(info).strip() == _ODF[ending].encode()
    kind = filetype.get_type(ext=ending.lstrip(".")) if ending else None
    return bool(kind is not None and kind.match(bytearray(head)))


def _type_name(content_type: str, ending: str) -> str:
    return TYPE_NAMES.get(content_type, ending.lstrip(".").upper() or content_type)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


def clean_filename(name: str, fallback: str = "vedlegg") -> str:
    """A file name fit to show and to offer for download: the last part of any path, NFC,
    without control or format characters (no right-to-left tricks), quotes, separators or
    leading dots, at most 150 characters with its ending kept."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if not name:
        return fallback
    if len(name) > 150:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[:150 - len(suffix)].rstrip() + suffix
    return name


def _ending(filename: str) -> str:
    return PurePosixPath(filename).suffix.lower()





# ---- routes ----------------------------------------------------------------------------------

class _Page:
    """What the upload and delete routes need of a page: as citizen.page builds it."""

    def __init__(self, party_id: int, instance_id: str, page_name: str) -> None:
        self.instance, self.app = load_instance(party_id, instance_id, for_update=True)
        if self.instance.current_task is None:
            abort(409, _locked_text())
        self.layout_set = _task_layout(self.app, self.instance)
        page = self.layout_set.pages.get(page_name)
        if page is None:
            abort(404)
        self.page = page
        user = current_user()
        assert user is not None
        self.user_id = str(user.user_id)
        self.element = _form_data(self.app, self.instance, self.layout_set, self.user_id)
        self.data = repository.read_form_data(self.element) if self.element else {}
        self.view = PageView(
            self.app, self.layout_set, page, self.data, current_language(),
            _page_url(party_id, instance_id),
            show_unsupported=current_app.config["LOCAL_MODE"],
            read_only=self.element is None or self.element.locked,
            instance_info=instance_info(self.instance))
        if page_name not in {p.name for p in self.view.pages()}:
            abort(404)
        show_entries(self.view, self.instance)  # a Subform on the same page keeps its table

    def upload_component(self, component_id: str) -> FileUpload:
        """A file upload on this page that the person may use now; 404 or 409 otherwise."""
        component = self.view.find_instance(component_id)
        if not isinstance(component, FileUpload) or self.view.hidden(component):
            abort(404)
        if self.view.is_read_only(component):
            abort(409, _locked_text())
        return component

    def save_fields(self) -> dict[str, str]:
        """Save what else the page's form carried, as a page post does; the field errors."""
        if self.view.read_only:
            return {}
        for group in (c for root in self.page.components for c in root.walk()
                      if c.type_name == "RepeatingGroup"):
            ensure_row_ids(group, self.data)
        view = self.view
        update = apply_post(self.page, self.data, request.form, view.lang,
                            options=lambda c: {o.value for o in view.options(c)}
                            if view.has_option_list(c) else None,
                            hidden=view.hidden, read_only=view.is_read_only,
                            formatting=view.formatting)
        calculated = calculate(view)
        view.refresh()
        if (update.changed or calculated) and self.element is not None:
            repository.save_form_data(self.element, self.data, self.user_id)
        view.typed = update.typed
        return {cid: view.ui(code) for cid, code in update.errors.items()}

    def keep_files(self, changed: bool) -> None:
        """Save the form data when a file's id was written into or taken out of a row."""
        if changed and self.element is not None:
            calculate(self.view)
            repository.save_form_data(self.element, self.data, self.user_id)
            self.view.refresh()

    def open_row(self, component: Component) -> str:
        """For a file upload in a repeating group's row: keep the row (and any row it stands
        in) open, on the editor page the upload is on; the query that does the same for the
        page's address."""
        opened, steps = enclosing_rows(self.view, component)
        self.view.open_rows, self.view.editor_pages = opened, steps
        return state_query(opened, steps)

    def done(self, component: Component, message: str, errors: dict[str, str]) -> Response:
        """After a change: without htmx, back to the page (post/redirect/get); with htmx, the
        page region with a note next to the files (which takes the focus). A file upload in
        a repeating group's row keeps that row open, on the editor page it is on."""
        db_session().commit()
        query = self.open_row(component)
        if errors:
            self.view.errors = errors
            return self.render(status=422)
        if not request.htmx:
            return redirect(self.view.page_url(self.page.name) + query + f"#{component.id}",
                            303)
        return self.render(file_status={component.id: message})

    def render(self, status: int = 200, **extra: Any) -> Response:
        self.view.instance_info = instance_info(self.instance)  # the files as they are now
        return render_page(self.view, self.instance, status, **extra)


def _locked_text() -> str:
    return ui_text("fileupload.locked", current_language())


def _page_redirect(party_id: int, instance_id: str, page_name: str) -> Response:
    return redirect(url_for("citizen.page", party_id=party_id, instance_id=instance_id,
                            page_name=page_name))


@bp.route(_PAGE + "/upload/<component_id>", methods=["GET", "POST"])
def upload(party_id: int, instance_id: str, page_name: str, component_id: str) -> Response:
    if request.method == "GET":  # a reload of a refused upload: show the page
        load_instance(party_id, instance_id)
        return _page_redirect(party_id, instance_id, page_name)
    here = _Page(party_id, instance_id, page_name)
    component = here.upload_component(component_id)
    errors = here.save_fields()
    view = here.view
    limits = component.limits(view)
    problem, stored = _check(view, component, limits, request.files.get(component.file_field))
    tags: list[str] | None = None
    if problem is None and isinstance(component, FileUploadWithTag):
        tag = request.form.get(component.tag_field, "")
        allowed = {o.value for o in view.options(component)}
        if not tag and allowed:
            problem = view.ui("fileupload.no_tag", component.tag_title(view).lower())
        elif tag and tag not in allowed:
            problem = view.ui("not_option")
        tags = [tag] if tag else []
    if problem is not None:
        errors[component.id] = problem
        db_session().commit()  # keep what else could be saved
        view.errors = errors
        return here.render(status=422)
    assert stored is not None
    filename, content_type, blob = stored
    element = repository.add_attachment(db_session(), here.instance, component.data_type,
                                        filename=filename, content_type=content_type,
                                        blob=blob, user_id=here.user_id, tags=tags)
    db_session().flush()
    here.keep_files(component.remember_file(here.data, element.id))
    return here.done(component, view.ui("fileupload.uploaded", filename), errors)


def _check(view: PageView, component: FileUpload, limits: Limits, file: FileStorage | None
           ) -> tuple[str | None, tuple[str, str, bytes] | None]:
    """A refusal (the message), or the cleaned name, the content type found and the bytes."""
    if file is None or not file.filename:
        return view.ui("fileupload.missing"), None
    filename = clean_filename(file.filename)
    over = component.count_refused(view)
    if over is not None:
        return view.ui("fileupload.too_many", over), None
    cap = limits.max_bytes
    blob = file.stream.read(cap + 1) if cap is not None else file.stream.read()
    if not blob:
        return view.ui("fileupload.empty", filename), None
    if cap is not None and len(blob) > cap:
        mb = limits.max_mb if view.lang == "en" else limits.max_mb.replace(".", ",")
        return view.ui("fileupload.too_big", filename, mb), None
    ending = _ending(filename)
    expected = type_for_ending(ending) if ending else None
    restricted = limits.endings is not None or limits.content_types is not None
    if not limits.allows(expected, ending) or (expected is None and restricted):
        names = ", ".join(limits.type_names())
        return view.ui("fileupload.wrong_type", filename, names), None
    if expected is None:  # an ending Blankett does not know, and anything goes here
        kind = filetype.guess(blob[:_SNIFF_BYTES])
        return None, (filename, str(kind.mime) if kind else "application/octet-stream", blob)
    if not content_matches(ending, blob):
        return view.ui("fileupload.bad_content", filename, _type_name(expected, ending)), None
    return None, (filename, expected, blob)


@bp.route(_PAGE + "/attachments/<data_element_id>/delete", methods=["GET", "POST"])
def delete(party_id: int, instance_id: str, page_name: str, data_element_id: str
           ) -> Response:
    if request.method == "GET":
        load_instance(party_id, instance_id)
        return _page_redirect(party_id, instance_id, page_name)
    here = _Page(party_id, instance_id, page_name)
    element = _attachment(here.instance, here.app, data_element_id)
    def holds(component: Component) -> bool:  # in a row: the row whose field has the file
        if not isinstance(component, FileUpload) or component.data_type != element.data_type:
            return False
        ids = component.row_file_ids(here.data)
        return ids is None or element.id in ids

    found = here.view.find(holds)
    if found is None:
        abort(404)
    component = here.upload_component(found.id)
    if element.locked:
        abort(409, _locked_text())
    errors = here.save_fields()
    name = element.filename or element.id
    if component.props.get("alertOnDelete") and request.form.get("confirmed") != "1":
        db_session().commit()
        here.view.errors = errors
        here.open_row(component)
        return here.render(status=422 if errors else 200, confirm_delete=element.id)
    repository.delete_attachment(db_session(), element, here.user_id)
    db_session().flush()
    here.keep_files(component.forget_file(here.data, element.id))
    return here.done(component, here.view.ui("fileupload.deleted", name), errors)


def _attachment(instance: Instance, app: AppDefinition, data_element_id: str) -> DataElement:
    """One of the instance's attached files (never its form data); 404 otherwise."""
    for element in instance.data_elements:
        if element.id != data_element_id:
            continue
        meta = app.data_type(element.data_type)
        if meta and meta.get("appLogic"):
            break  # form data is not served here
        if element.filename is None:
            break
        return element
    abort(404)


@bp.get("/instance/<int:party_id>/<instance_id>/attachments/<data_element_id>")
def download(party_id: int, instance_id: str, data_element_id: str) -> Response:
    instance, app = load_instance(party_id, instance_id)
    element = _attachment(instance, app, data_element_id)
    name = clean_filename(element.filename or "", fallback=f"vedlegg-{element.id[:8]}")
    return attachment(element.blob, normalise_type(element.content_type)
                      or "application/octet-stream", name)
