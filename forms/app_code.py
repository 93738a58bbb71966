"""App code: the Python an app ships in `App/logic/*.py`, Blankett's stand-in for the C# an
Altinn app registers (IAppOptionsProvider, IInstanceAppOptionsProvider, IDataListProvider,
IFormDataValidator and IDataProcessor.ProcessDataWrite).

The loader imports an app's modules once per load; the decorators here register functions into
that app's own `AppCode`, never a global one, so two apps never see each other's code. A module
whose name starts with `_` is a helper: imported only when another module imports it.

    from forms.app_code import (AppIssue, FormContext, InstanceInfo, calculation, data_list,
                                issue, options, order_calculator, signees, validator)

    @options("kommuner")                    # (language, query) -> options
    def kommuner(language: str, query: dict[str, str]) -> list[dict]: ...

    @options("mine-saker", secure=True)     # (language, query, instance) -> options
    def mine(language: str, query: dict[str, str], instance: InstanceInfo) -> list[dict]: ...

    @data_list("people")                    # (language, query) -> rows, for the List component
    def people(language: str, query: dict[str, str]) -> list[dict]: ...

    @validator("model")                     # (data, context) -> issues, when the form is checked
    def check(data: dict, context: FormContext) -> Iterable[AppIssue]:
        yield issue("person.alder", text_key="for-ung", params={"grense": 18})

    @calculation("model")                   # (data, context) -> None, after every save
    def derive(data: dict, context: FormContext) -> None: ...

    @signees("founders")                    # (instance, data) -> who must sign (signing task)
    def founders(instance: InstanceInfo, data: dict[str, dict]) -> list[dict]: ...

The code runs in-process with Blankett's own trust, like an Altinn app's code runs in the app.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import itertools
import re
import sys
import threading
import traceback
import types
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from forms.datamodel import BindingPathError, split_path
from forms.options import Option, option_value
from forms.problems import ProblemList

if TYPE_CHECKING:
    from forms.render import PageView

F = TypeVar("F", bound=Callable[..., Any])

_ROOT_PACKAGE = "blankett_app_code"
_SCALARS = (str, int, float, bool)


class AppCodeError(Exception):
    """App code registered or answered wrongly; the message is for the app's developer."""


@dataclass(frozen=True)
class InstanceInfo:
    """The instance a secure provider answers for (Altinn's InstanceIdentifier and owner)."""

    id: str  # "<instance owner party id>/<instance guid>", as Altinn writes it
    party_id: str
    app_id: str
    owner: Mapping[str, Any] = field(default_factory=dict)  # Altinn's instanceOwner

    @property
    def guid(self) -> str:
        return self.id.rpartition("/")[2]

    @classmethod
    def from_altinn(cls, instance: Mapping[str, Any]) -> InstanceInfo:
        """From the instance in Altinn's shape (what expressions see as the instance)."""
        owner = instance.get("instanceOwner") or {}
        return cls(id=str(instance.get("id") or ""), party_id=str(owner.get("partyId") or ""),
                   app_id=str(instance.get("appId") or ""), owner=dict(owner))


@dataclass(frozen=True)
class Registered:
    """One function an app registered: what kind, under which id, and where it was declared."""

    kind: str  # "options", "data_list", "validator", "calculation", "signees", ...
    key: str  # an options, data list or signee provider id, a task id; else the data type
    function: Callable[..., Any]
    secure: bool
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


# Kinds of which a data type may have several, run in the order they were registered.
CHAINED = ("validator", "calculation")


@dataclass
class AppCode:
    """Everything one app's code registered, by kind, id and whether it needs the instance;
    validators and calculations as lists per data type."""

    entries: dict[tuple[str, str, bool], Registered] = field(default_factory=dict)
    chains: dict[tuple[str, str], list[Registered]] = field(default_factory=dict)

    def find(self, kind: str, key: str | None, secure: bool = False) -> Registered | None:
        return self.entries.get((kind, key, secure)) if key else None

    def all(self, kind: str, key: str | None) -> list[Registered]:
        """The validators or calculations of a data type, in registration order."""
        return self.chains.get((kind, key), []) if key else []

    def add(self, entry: Registered) -> None:
        if entry.kind in CHAINED:
            self.chains.setdefault((entry.kind, entry.key), []).append(entry)
            return
        other = self.entries.get((entry.kind, entry.key, entry.secure))
        if other is not None:
            raise AppCodeError(f"@{entry.kind}('{entry.key}') is registered twice "
                               f"(first at {other.where})")
        self.entries[(entry.kind, entry.key, entry.secure)] = entry


_loading: ContextVar[AppCode | None] = ContextVar("blankett_app_code_loading", default=None)


# ---- decorators ---------------------------------------------------------------------------
def options(options_id: str, *, secure: bool = False) -> Callable[[F], F]:
    """Register the options for `optionsId`: `(language, query)`, or with `secure=True` (the
    component's `secure: true`) `(language, query, instance)`. Returns a list of options, each
    a dict with `value` (string, number or boolean) and `label` (text key or text), optionally
    `description` and `helpText`, or an `Option`."""
    return _register("options", options_id, secure, ("language", "query"))


def data_list(data_list_id: str, *, secure: bool = False) -> Callable[[F], F]:
    """Register the rows of `dataListId` (the List component): `(language, query)`, or with
    `secure=True` `(language, query, instance)`. Returns every row, as dicts of field name to
    string, number, boolean or None; Blankett sorts and pages them."""
    return _register("data_list", data_list_id, secure, ("language", "query"))


def validator(data_type: str) -> Callable[[F], F]:
    """Register a check of the form data of `data_type` (Altinn's IFormDataValidator):
    `(data, context)` returning or yielding issues made with `issue()` (or None for none). It
    runs whenever Blankett validates the form; several per data type run in the order they
    were registered. `data` is a copy: changing it changes nothing."""
    return _register("validator", data_type, False, ("data", "context"))


def calculation(data_type: str) -> Callable[[F], F]:
    """Register a change to the form data of `data_type` after every save (Altinn's
    IDataProcessor.ProcessDataWrite): `(data, context)`, changing `data` in place (derived
    fields, sums, cleaning) and returning None. Several run in registration order."""
    return _register("calculation", data_type, False, ("data", "context"))


def signees(provider_id: str) -> Callable[[F], F]:
    """Register the signee provider `provider_id` of a signing task (Altinn's ISigneeProvider,
    the task's `altinn:signeeProviderId`): `(instance, data)`, with `data` the instance's form
    data by data type (copies), returning who must sign: dicts `{"ssn", "name"}` for persons
    and `{"orgnr", "name"}` for organisations (see process/signing/signees.py)."""
    return _register("signees", provider_id, False, ("instance", "data"))


def order_calculator(task_id: str) -> Callable[[F], F]:
    """Register what the payment task `task_id` charges, when the app's order-lines file
    (forms/payment_order.py) cannot say it (Altinn's IOrderDetailsCalculator): `(instance,
    data, language)`, with `data` the instance's form data by data type (copies), returning the
    order lines as dicts `{"id", "name", "priceExVat", "vatPercent", "quantity", "unit"}` with
    prices in kroner (numbers or numeric strings). An empty list, or a total of zero, skips
    the payment."""
    return _register("order_calculator", task_id, False, ("instance", "data", "language"))


def _register(kind: str, key: str, secure: bool, params: tuple[str, ...]
              ) -> Callable[[F], F]:
    if not isinstance(key, str) or not key:
        what = "a data type" if kind in CHAINED else "an id"
        raise AppCodeError(f"@{kind} needs {what} (a non-empty string)")
    wanted = params + (("instance",) if secure else ())

    def decorator(function: F) -> F:
        code = _loading.get()
        if code is None:
            raise AppCodeError(f"@{kind}('{key}') registers only while Blankett loads an app's "
                               "App/logic modules")
        if not callable(function) or inspect.iscoroutinefunction(function):
            raise AppCodeError(f"@{kind}('{key}') must decorate a plain (not async) function")
        try:
            inspect.signature(function).bind(*wanted)
        except TypeError:
            raise AppCodeError(f"@{kind}('{key}') must decorate a function taking "
                               f"({', '.join(wanted)})") from None
        except ValueError:
            pass  # no signature to read (a builtin): called as documented
        code_object = getattr(function, "__code__", None)
        code.add(Registered(kind, key, function, secure,
                            getattr(code_object, "co_filename", "?"),
                            getattr(code_object, "co_firstlineno", 0)))
        return function

    return decorator


# ---- validators and calculations: what they get and give ------------------------------------
SEVERITIES = ("error", "warning", "info", "success")


@dataclass(frozen=True)
class FormContext:
    """What a validator or calculation gets besides the data: the person's language (nb, nn
    or en), the instance (None where there is none, as in the preview), the data type, and
    `text()` for the app's texts in that language."""

    language: str
    data_type: str
    instance: InstanceInfo | None
    lookup: Callable[[str], str] = field(repr=False, compare=False)

    def text(self, key: str, params: Mapping[str, Any] | Sequence[Any] | None = None) -> str:
        """The app's text `key` in the person's language (the key itself if there is none),
        with `{name}` (or `{0}`, `{1}`… for a list) filled from `params`."""
        return fill_params(self.lookup(key), text_params(params))

    @classmethod
    def of(cls, view: PageView) -> FormContext:
        info = view.instance_info
        return cls(view.lang, view.layout_set.data_type or "",
                   InstanceInfo.from_altinn(info) if info else None, view.text)


@dataclass(frozen=True)
class AppIssue:
    """One thing a validator found; made with `issue()`."""

    field: str | None
    message: str | None
    text_key: str | None
    params: Mapping[str, str]
    severity: str
    code: str


def issue(field: str | None = None, message: str | None = None, *,
          text_key: str | None = None,
          params: Mapping[str, Any] | Sequence[Any] | None = None,
          severity: str = "error", code: str | None = None) -> AppIssue:
    """An issue for a validator to return: about `field` (a data model path, with row indices
    in repeating groups: `ansatte[2].navn`; None for the form as a whole), with a `message`
    or a `text_key` of the app's texts (Altinn's customTextKey) filled with `params`. Errors
    block submitting; warnings, infos and successes are shown but never block. `code` names
    the rule (default: the text key, else "custom")."""
    if field is not None:
        if not isinstance(field, str):
            raise AppCodeError("issue(): 'field' must be a data model path (a string)")
        try:
            split_path(field)
        except BindingPathError as exc:
            raise AppCodeError(f"issue(): {exc}") from None
    if (message is None) == (text_key is None):
        raise AppCodeError("issue(): give either 'message' or 'text_key'")
    for name, text in (("message", message), ("text_key", text_key), ("code", code)):
        if text is not None and (not isinstance(text, str) or not text):
            raise AppCodeError(f"issue(): '{name}' must be a non-empty string")
    if severity not in SEVERITIES:
        raise AppCodeError(f"issue(): 'severity' must be one of {', '.join(SEVERITIES)}")
    return AppIssue(field, message, text_key, text_params(params), severity,
                    code or text_key or "custom")


def text_params(params: Mapping[str, Any] | Sequence[Any] | None) -> dict[str, str]:
    """Parameters as Altinn's customTextParameters: names to strings (a list is numbered)."""
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in params.items()}
    if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):
        raise AppCodeError("'params' must be a dict of names to values, or a list")
    return {str(i): "" if v is None else str(v) for i, v in enumerate(params)}


def fill_params(text: str, params: Mapping[str, str]) -> str:
    for name, value in params.items():
        text = text.replace(f"{{{name}}}", value)
    return text


# ---- calling ------------------------------------------------------------------------------
def call(entry: Registered, language: str, query: Mapping[str, str],
         instance: InstanceInfo | None) -> Any:
    """Run a registered function with a copy of the query (it cannot change the caller's)."""
    if entry.secure:
        if instance is None:
            raise AppCodeError(f"@{entry.kind}('{entry.key}') is secure and needs an instance")
        return entry.function(language, dict(query), instance)
    return entry.function(language, dict(query))


def checked_options(result: Any) -> list[Option]:
    """An options provider's answer as options; AppCodeError says what is wrong with it."""
    if not isinstance(result, Sequence) or isinstance(result, (str, bytes)):
        raise AppCodeError(f"must return a list of options, not {type(result).__name__}")
    out: list[Option] = []
    for i, item in enumerate(result):
        if isinstance(item, Option):
            out.append(item)
            continue
        if not isinstance(item, Mapping):
            raise AppCodeError(f"option {i} must be a dict or an Option")
        value, label = item.get("value"), item.get("label")
        if not isinstance(value, _SCALARS):
            raise AppCodeError(f"option {i} needs a 'value' (a string, number or boolean)")
        if not isinstance(label, str):
            raise AppCodeError(f"option {i} needs a 'label' (a text key or text)")
        description, help_text = item.get("description"), item.get("helpText")
        for name, text in (("description", description), ("helpText", help_text)):
            if text is not None and not isinstance(text, str):
                raise AppCodeError(f"option {i}: '{name}' must be a string")
        out.append(Option(option_value(value), label, description, help_text))
    return out


def checked_rows(result: Any) -> list[dict[str, Any]]:
    """A data list provider's answer as rows; AppCodeError says what is wrong with it."""
    if not isinstance(result, Sequence) or isinstance(result, (str, bytes)):
        raise AppCodeError(f"must return a list of rows, not {type(result).__name__}")
    rows: list[dict[str, Any]] = []
    for i, row in enumerate(result):
        if not isinstance(row, Mapping):
            raise AppCodeError(f"row {i} must be a dict of field name to value")
        for name, value in row.items():
            if not isinstance(name, str) or not (value is None or isinstance(value, _SCALARS)):
                raise AppCodeError(f"row {i}: field {name!r} must be a string, number, "
                                   "boolean or None")
        rows.append(dict(row))
    return rows


# ---- loading ------------------------------------------------------------------------------
_generation = itertools.count(1)
_packages: dict[str, str] = {}  # app folder → the package its modules were last loaded as
_packages_lock = threading.Lock()


class _SourceLoader(importlib.abc.SourceLoader):
    """Loads an app module from its source every time: no bytecode written into the app's
    folder (which would look like a changed app), no stale bytecode after an edit."""

    def __init__(self, fullname: str, path: str) -> None:
        self.fullname, self.path = fullname, path

    def get_filename(self, fullname: str) -> str:
        return self.path

    def get_data(self, path: str) -> bytes:
        return Path(path).read_bytes()


class _AppModuleFinder(importlib.abc.MetaPathFinder):
    """Finds `blankett_app_code.<app>.<module>` in that app's logic folder, so the modules of
    one app may import each other (`from . import _helpers`)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        parts = fullname.split(".")
        if len(parts) != 3 or parts[0] != _ROOT_PACKAGE:
            return None
        package = sys.modules.get(f"{parts[0]}.{parts[1]}")
        folders = getattr(package, "__path__", None) or []
        file = Path(folders[0]) / f"{parts[2]}.py" if folders else None
        if file is None or not file.is_file():
            return None
        return importlib.util.spec_from_loader(fullname, _SourceLoader(fullname, str(file)),
                                               origin=str(file))


_FINDER = _AppModuleFinder()


def _package(name: str, folder: Path | None) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__path__ = [str(folder)] if folder is not None else []
    module.__package__ = name
    module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
    sys.modules[name] = module
    return module


def load_app_code(folder: Path, app_folder: Path, problems: ProblemList) -> AppCode:
    """Import every module in `folder` (an app's `App/logic`) into a package of its own and
    collect what they register. A module that fails to import is a problem of the app (file,
    line and reason); the app is then refused, as for a broken JSON file."""
    code = AppCode()
    files = sorted(f for f in folder.glob("*.py") if not f.name.startswith("_")) if (
        folder.is_dir()) else []
    if not files:
        return code
    slug = re.sub(r"\W", "_", app_folder.name) or "app"
    package = f"{_ROOT_PACKAGE}.{slug}_{next(_generation)}"
    with _packages_lock:
        if _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)
        if _ROOT_PACKAGE not in sys.modules:
            _package(_ROOT_PACKAGE, None)
        _forget(_packages.get(str(app_folder)))
        _packages[str(app_folder)] = package
        _package(package, folder)
    token = _loading.set(code)
    try:
        for file in files:
            name = f"{package}.{file.stem}"
            if name in sys.modules:
                continue  # already imported by a module before it
            try:
                importlib.import_module(name)
            except Exception as exc:  # the app's code: anything may go wrong in it
                sys.modules.pop(name, None)
                where, line = _origin(exc, folder, file)
                reason = exc.msg if isinstance(exc, SyntaxError) else str(exc)
                problems.error(where, f"line {line}" if line else "",
                               f"could not load: {type(exc).__name__}: {reason}")
    finally:
        _loading.reset(token)
    return code


def _forget(package: str | None) -> None:
    """Drop an earlier load of an app's modules (the old app keeps its functions)."""
    if package is None:
        return
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


def _origin(exc: BaseException, folder: Path, file: Path) -> tuple[Path, int | None]:
    """The app file and line where `exc` arose: the deepest frame in the app's logic folder."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return Path(exc.filename), exc.lineno
    found: tuple[Path, int | None] = (file, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.parent == folder:
            found = (path, frame.lineno)
    return found
