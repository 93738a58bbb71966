"""Who people are and whom they may act for (Altinn's Profile, Register and party lists).

`Register` is what the web layer asks. Two registers answer:

- `LocalRegister` (local mode) reads Altinn localtest's test users and parties, so local mode
  has the same people and organisations as Altinn's own local test environment.
- `PersonRegister` (production) keeps the people who have signed in through ID-porten in the
  `people` table. A person acts only for themselves for now: acting for organisations needs
  Altinn Authorization, which comes later.

Prefill (integrations/prefill.py) asks a `PrefillRegister` for a party with its person or
organisation (Altinn Register's Party) and for a user's profile (Altinn Profile's UserProfile):
`LocalRegister` answers from the localtest data, `HttpRegister` from a register service
(`REGISTER_URL`) that speaks Altinn Platform's JSON:

    GET {REGISTER_URL}/register/api/v1/parties/{partyId}   Party, with `person` or `organization`
    GET {REGISTER_URL}/profile/api/v1/users/{userId}       UserProfile, with its `party`

Field names are matched without regard to case (Altinn's JSON is camelCase, localtest's files
and Altinn's prefill configuration PascalCase)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Person

LOCALTEST_DATA = Path(__file__).parent / "localtest_data"
_PARTY_TYPES = {1: "person", 2: "organisation", 3: "selfIdentified", 4: "subUnit",
                5: "bankruptcyEstate"}


@dataclass(frozen=True)
class Party:
    party_id: int
    name: str
    party_type: str  # person, organisation, subUnit, selfIdentified, bankruptcyEstate
    ssn: str | None = None
    org_number: str | None = None
    unit_type: str | None = None


@dataclass(frozen=True)
class User:
    user_id: int
    user_name: str
    name: str
    party_id: int
    language: str
    email: str | None = None


class Register(Protocol):
    """Who a user is, which parties exist, and whom a user may act for."""

    def user(self, user_id: int) -> User | None: ...

    def party(self, party_id: int) -> Party | None: ...

    def parties_for(self, user_id: int) -> list[Party]:
        """The user's own party first, then every other party they may act for."""
        ...

    def may_act_for(self, user_id: int, party_id: int) -> bool: ...


class PrefillRegister(Protocol):
    """What prefill reads: a party with its `person` or `organization`, and a user's profile."""

    def party_details(self, party_id: int) -> dict[str, Any] | None: ...

    def user_profile(self, user_id: int) -> dict[str, Any] | None: ...


class RegisterError(RuntimeError):
    """The register could not answer (not configured, unreachable, or a bad answer)."""


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _party(raw: dict[str, Any], parent_type: str | None = None) -> Party:
    kind = _PARTY_TYPES.get(int(raw.get("partyTypeName") or 0), "person")
    if parent_type == "organisation" and raw.get("unitType") in ("BEDR", "AAFY"):
        kind = "subUnit"
    return Party(
        party_id=int(raw["partyId"]),
        name=str(raw.get("name") or ""),
        party_type=kind,
        ssn=raw.get("ssn") or None,
        org_number=raw.get("orgNumber") or None,
        unit_type=raw.get("unitType"),
    )


class LocalRegister:
    """The localtest users and the parties each may represent."""

    def __init__(self, folder: Path = LOCALTEST_DATA) -> None:
        self.folder = folder

    @cached_property
    def _parties(self) -> dict[int, Party]:
        parties = {}
        for file in (self.folder / "Register" / "Party").glob("*.json"):
            party = _party(_read(file))
            parties[party.party_id] = party
        return parties

    @cached_property
    def _users(self) -> dict[int, User]:
        users = {}
        for file in (self.folder / "Profile" / "User").glob("*.json"):
            raw = _read(file)
            party_id = int(raw["PartyId"])
            party = self._parties.get(party_id)
            prefs = raw.get("ProfileSettingPreference") or {}
            users[int(raw["UserId"])] = User(
                user_id=int(raw["UserId"]),
                user_name=str(raw.get("UserName") or raw["UserId"]),
                name=party.name if party else str(raw.get("UserName")),
                party_id=party_id,
                language=str(prefs.get("Language") or "nb"),
                email=raw.get("Email"),
            )
        return users

    def users(self) -> list[User]:
        return sorted(self._users.values(), key=lambda u: u.name)

    def user(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    def party(self, party_id: int) -> Party | None:
        return self._parties.get(party_id)

    def parties_for(self, user_id: int) -> list[Party]:
        """The user's own party first, then every party they may act for (with subunits)."""
        file = self.folder / "authorization" / "partylist" / f"{user_id}.json"
        found: dict[int, Party] = {}
        user = self.user(user_id)
        if user and user.party_id in self._parties:
            found[user.party_id] = self._parties[user.party_id]
        if file.is_file():
            for raw in _read(file):
                party = _party(raw)
                found.setdefault(party.party_id, party)
                for child in raw.get("childParties") or []:
                    sub = _party(child, party.party_type)
                    found.setdefault(sub.party_id, sub)
        return list(found.values())

    def may_act_for(self, user_id: int, party_id: int) -> bool:
        return any(p.party_id == party_id for p in self.parties_for(user_id))

    # ---- prefill: Altinn's Party (with person or organization) and UserProfile -------------
    def _optional(self, *parts: str) -> dict[str, Any] | None:
        file = self.folder.joinpath(*parts)
        if not file.is_file():
            return None
        raw = _read(file)
        return raw if isinstance(raw, dict) else None

    def party_details(self, party_id: int) -> dict[str, Any] | None:
        """Register/Party/<id>.json with `person` from Register/Person/<ssn>.json or
        `organization` from Register/Org/<orgNumber>.json, as localtest's register serves it."""
        raw = self._optional("Register", "Party", f"{int(party_id)}.json")
        if raw is None:
            return None
        party = dict(raw)
        ssn, org_number = str(raw.get("ssn") or ""), str(raw.get("orgNumber") or "")
        if ssn.isdigit():
            party["person"] = self._optional("Register", "Person", f"{ssn}.json")
        if org_number.isdigit():
            party["organization"] = self._optional("Register", "Org", f"{org_number}.json")
        return party

    def user_profile(self, user_id: int) -> dict[str, Any] | None:
        """Profile/User/<id>.json with its `Party` filled in from the register."""
        raw = self._optional("Profile", "User", f"{int(user_id)}.json")
        if raw is None:
            return None
        profile = dict(raw)
        party_id = raw.get("PartyId")
        party = self.party_details(int(party_id)) if str(party_id or "").isdigit() else None
        if party is not None:
            profile["Party"] = party
        return profile


class HttpRegister:
    """A register service speaking Altinn Platform's Register and Profile JSON (production).

    `fetch` (url → parsed JSON, None for 404) is urllib by default; tests may give another."""

    def __init__(self, base_url: str, timeout: float = 5.0,
                 fetch: Callable[[str], Any] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._fetch = fetch or self._get

    def _get(self, url: str) -> Any:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read().decode("utf-8-sig"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise RegisterError(f"the register answered {exc.code} for {url}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RegisterError(f"the register at {self.base_url} cannot be reached: "
                                f"{reason}") from exc
        except ValueError as exc:
            raise RegisterError(f"the register answered {url} with no JSON") from exc

    def _object(self, path: str) -> dict[str, Any] | None:
        found = self._fetch(f"{self.base_url}/{path}")
        if found is not None and not isinstance(found, dict):
            raise RegisterError(f"the register answered {path} with no JSON object")
        return found

    def party_details(self, party_id: int) -> dict[str, Any] | None:
        return self._object(f"register/api/v1/parties/{int(party_id)}")

    def user_profile(self, user_id: int) -> dict[str, Any] | None:
        return self._object(f"profile/api/v1/users/{int(user_id)}")


class NoRegister:
    """Production without `REGISTER_URL`: asking it is an error that says what to set."""

    def __init__(self, why: str = "no register service is configured: set REGISTER_URL "
                 "(a service speaking Altinn's Register and Profile JSON)") -> None:
        self.why = why

    def party_details(self, party_id: int) -> dict[str, Any] | None:
        raise RegisterError(self.why)

    def user_profile(self, user_id: int) -> dict[str, Any] | None:
        raise RegisterError(self.why)


class PersonRegister:
    """The people who have signed in through ID-porten, from the `people` table (production).

    A person's id is both their user id and their own party id. `session` gives the SQLAlchemy
    session to use (in the web app: the request's session), so lookups within one request
    come from its identity map after the first."""

    def __init__(self, session: Callable[[], Session]) -> None:
        self._session = session

    def _person(self, person_id: int) -> Person | None:
        return self._session().get(Person, person_id)

    @staticmethod
    def _display_name(person: Person) -> str:
        return person.name or f"Person {person.id}"

    def user(self, user_id: int) -> User | None:
        person = self._person(user_id)
        if person is None:
            return None
        return User(user_id=person.id, user_name=str(person.id),
                    name=self._display_name(person), party_id=person.id, language="nb")

    def party(self, party_id: int) -> Party | None:
        person = self._person(party_id)
        if person is None:
            return None
        return Party(party_id=person.id, name=self._display_name(person), party_type="person",
                     ssn=person.ssn)

    def parties_for(self, user_id: int) -> list[Party]:
        own = self.party(user_id)
        return [own] if own else []

    def may_act_for(self, user_id: int, party_id: int) -> bool:
        return user_id == party_id and self._person(user_id) is not None

    def sign_in(self, ssn: str, name: str | None = None) -> User:
        """The person with this identifier, made on their first login; their name is updated
        when the login brings one. Commits."""
        session = self._session()
        person = session.scalars(select(Person).where(Person.ssn == ssn)).one_or_none()
        if person is None:
            try:
                person = Person(ssn=ssn, name=name or None)
                session.add(person)
                session.commit()
            except IntegrityError:  # a simultaneous first login of the same person won
                session.rollback()
                person = session.scalars(select(Person).where(Person.ssn == ssn)).one()
        if name:
            person.name = name
        person.last_login = datetime.now(UTC)
        session.commit()
        user = self.user(person.id)
        assert user is not None
        return user
