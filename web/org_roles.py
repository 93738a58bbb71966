"""Who works for a service owner, and in which role: case workers use the inbox (web/inbox.py),
admins build and publish the org's services in the designer (web/designer.py).

Each role is an ordinary signed-in user plus the orgs they hold it for:

- Production: a setting names each holder by org code and by their user id or fødselsnummer
  (the `ssn` ID-porten gave them, see storage/models.py Person), e.g.
  `CASE_WORKERS="ekom:01017512345,ttd:60000012"` or `APP_ADMINS="ekom:01017512345"`; a person
  may be named for several orgs.
- Local mode: the settings work too, and each role has one test user per org with apps loaded
  ("Saksbehandler, ekom", "Administrator, ekom"), offered on the test login page. Their user ids
  lie in ranges of their own, below people's (storage/models.py PERSON_ID_START) and above
  Altinn localtest's users and parties, and each id is derived from its org code alone, so an
  id means the same org for as long as the org has apps, whatever else is loaded.

No Flask request state here: web/context.py asks with the signed-in user.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from forms.registry import AppRegistry
from integrations.register import Register, User

ROLE_SPAN = 1_000_000
_ORG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_IDENTITY = re.compile(r"[A-Za-z0-9._@|-]{1,255}")


class OrgRoleError(ValueError):
    """A role setting is not a comma-separated list of `org:identity`."""


def parse_org_pairs(setting: str, value: str) -> tuple[tuple[str, str], ...]:
    """`"ekom:01017512345, ttd:60000012"` → (("ekom", "01017512345"), ("ttd", "60000012"))."""
    pairs: list[tuple[str, str]] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        org, sep, identity = (s.strip() for s in item.partition(":"))
        if not sep or not _ORG.fullmatch(org.lower()) or not _IDENTITY.fullmatch(identity):
            raise OrgRoleError(f"{setting}: '{item}' is not 'org:user id or fødselsnummer'")
        pairs.append((org.lower(), identity))
    return tuple(pairs)


def configured_orgs(pairs: Iterable[tuple[str, str]], identities: Iterable[str]) -> set[str]:
    """The orgs a role setting names any of these identities (user id, fødselsnummer) for."""
    mine = {i for i in identities if i}
    return {org for org, identity in pairs if identity in mine}


@dataclass(frozen=True)
class OrgRole:
    """One role people hold for an org: its setting, and its local test users."""

    setting: str  # the environment setting naming the role's holders
    id_start: int  # where the local test users' ids begin
    user_name: str  # "saksbehandler-{org}"
    name: str  # "Saksbehandler, {org}"

    def local_user_id(self, org: str) -> int:
        digest = hashlib.sha256(org.encode("utf-8")).digest()
        return self.id_start + int.from_bytes(digest[:4], "big") % ROLE_SPAN

    def local_users(self, orgs: Iterable[str]) -> dict[int, tuple[User, str]]:
        """Local mode's test users, one per org: user id → (user, org). Two orgs whose ids
        collide (most unlikely) get none, rather than one sharing the other's role."""
        found: dict[int, tuple[User, str]] = {}
        clashes: set[int] = set()
        for org in sorted(set(orgs)):
            user_id = self.local_user_id(org)
            if user_id in found:
                clashes.add(user_id)
            user = User(user_id=user_id, user_name=self.user_name.format(org=org),
                        name=self.name.format(org=org), party_id=user_id, language="nb")
            found[user_id] = (user, org)
        return {k: v for k, v in found.items() if k not in clashes}

    def _local(self, apps: AppRegistry) -> dict[int, tuple[User, str]]:
        return self.local_users(apps.orgs())

    def local_user(self, apps: AppRegistry, user_id: int) -> User | None:
        found = self._local(apps).get(user_id)
        return found[0] if found else None

    def local_user_list(self, apps: AppRegistry) -> list[User]:
        """The test users for the local login page, by org."""
        return [user for user, _org in sorted(self._local(apps).values(),
                                              key=lambda found: found[1])]

    def orgs_of(self, user: User, register: Register, apps: AppRegistry,
                config: Mapping[str, Any]) -> frozenset[str]:
        """The orgs `user` holds this role for: in local mode a test user's own org; and the
        orgs the setting names them for, by user id or by their own party's fødselsnummer."""
        orgs: set[str] = set()
        if config.get("LOCAL_MODE"):
            local = self._local(apps).get(user.user_id)
            if local is not None and local[0] == user:
                orgs.add(local[1])
        pairs = config.get(self.setting) or ()
        if pairs:
            party = register.party(user.party_id)
            orgs |= configured_orgs(pairs, (str(user.user_id),
                                            (party.ssn or "") if party else ""))
        return frozenset(orgs)


CASE_WORKER = OrgRole("CASE_WORKERS", 59_000_000, "saksbehandler-{org}", "Saksbehandler, {org}")
ADMIN = OrgRole("APP_ADMINS", 58_000_000, "admin-{org}", "Administrator, {org}")
ROLES = (CASE_WORKER, ADMIN)


def local_role_user(apps: AppRegistry, user_id: int) -> tuple[OrgRole, User] | None:
    """The local test user with this id, and their role."""
    for role in ROLES:
        user = role.local_user(apps, user_id)
        if user is not None:
            return role, user
    return None
