"""The access matrix, read from ``matrix.toml``: the one place that says who may see and do what.

The file is data, so the code (``policy``), the route test and the generated documentation
(``manage.py access_matrix``) all read the same thing. Loading validates it: every permission names
a known subject, every grant a known role and condition, every condition a path its subjects have.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .roles import LAZY_ROLE_SETS, Role, UserRoles

MATRIX_FILE = Path(__file__).with_name("matrix.toml")
ALL = "all"
# Grant keys besides the roles: "authenticated" applies to any logged-in user, "anonymous" to a
# visitor who is not logged in. A logged-in user holds what their roles give, not what an anonymous
# visitor may see: support commissions see the agreements of extended sessions only, public or not.
AUTHENTICATED = "authenticated"
ANONYMOUS = "anonymous"
GRANT_KEYS = (*(role.value for role in Role), AUTHENTICATED, ANONYMOUS)
# The sets of ids a condition may compare against (the entities a user represents, say).
ROLE_SETS = {f.name for f in fields(UserRoles) if f.name.endswith("_ids")} | {"person_ids"} | LAZY_ROLE_SETS


class MatrixError(ValueError):
    """The matrix file contradicts itself (an unknown role, subject, condition or path)."""


@dataclass(frozen=True)
class Clause:
    """One test of a condition: the field at ``path`` (a subject path, then fields) holds a value
    in ``constants`` or in the user's ``roles_attr`` set (for example ``entity_ids``)."""

    path: str
    fields: tuple[str, ...]
    constants: tuple[Any, ...] = ()
    roles_attr: str = ""


@dataclass(frozen=True)
class Condition:
    name: str
    description: str
    alternatives: tuple[tuple[Clause, ...], ...]  # any alternative, all clauses of it

    @property
    def paths(self) -> set[str]:
        return {clause.path for alternative in self.alternatives for clause in alternative}


@dataclass(frozen=True)
class Subject:
    name: str
    model: str  # app_label.ModelName
    description: str
    paths: dict[str, str]  # path name -> Django lookup prefix from this model ("" = the object itself)
    view: str  # the permission that decides whether an object is visible at all (hidden: 404)
    # Fields shown only to who holds ``private`` on the object (personal contact data).
    private_fields: tuple[str, ...] = ()
    private: str | None = None


@dataclass(frozen=True)
class Permission:
    name: str
    subject: str | None
    description: str
    grants: dict[str, tuple[str, ...]]  # grant key -> ("all",) or condition names (any of them)

    @property
    def action(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Dispatch:
    """Several actions behind one route, told apart by a URL argument (``<slug:action>``) or by a
    field of the submitted form; each action has its own permission."""

    argument: str
    source: str  # "url" or "form"
    permissions: dict[str, str]

    def permission_for(self, value: str | None) -> str | None:
        return self.permissions.get(value or "")


Target = str | Dispatch


@dataclass(frozen=True)
class PageRoute:
    """The permission a page route asks for, per HTTP method (HEAD as GET); a method it does not
    name is refused."""

    methods: dict[str, Target]

    def target(self, method: str) -> Target | None:
        method = method.lower()
        return self.methods.get("get" if method == "head" else method)

    @property
    def permission_names(self) -> set[str]:
        names: set[str] = set()
        for target in self.methods.values():
            names |= set(target.permissions.values()) if isinstance(target, Dispatch) else {target}
        return names


@dataclass(frozen=True)
class Matrix:
    columns: tuple[str, ...]
    conditions: dict[str, Condition]
    subjects: dict[str, Subject]
    permissions: dict[str, Permission]
    pages: dict[str, PageRoute] = field(default_factory=dict)
    api: dict[str, str] = field(default_factory=dict)  # "<url name>.<method>" -> permission

    def permission(self, name: str) -> Permission:
        try:
            return self.permissions[name]
        except KeyError:
            raise MatrixError(f"The access matrix has no permission {name!r}") from None

    def subject_of(self, model_label: str) -> Subject | None:
        """The subject of a model (``app_label.ModelName``), if the matrix names one."""
        return self._subjects_by_model.get(model_label.lower())

    @cached_property
    def _subjects_by_model(self) -> dict[str, Subject]:
        return {subject.model.lower(): subject for subject in reversed(list(self.subjects.values())) if subject.model}


def _clause(condition: str, key: str, value: Any) -> Clause:
    path, _, rest = key.partition(".")
    if not rest:
        raise MatrixError(f"Condition {condition!r}: {key!r} must be <path>.<field>")
    fields = tuple(rest.split("."))
    if isinstance(value, dict):
        if set(value) != {"roles"} or value["roles"] not in ROLE_SETS:
            raise MatrixError(f"Condition {condition!r}: {key!r} = {value!r} names no set of the user's roles")
        return Clause(path=path, fields=fields, roles_attr=value["roles"])
    constants = tuple(value) if isinstance(value, list) else (value,)
    return Clause(path=path, fields=fields, constants=constants)


def _grants(name: str, data: dict[str, Any], conditions: dict[str, Condition]) -> dict[str, tuple[str, ...]]:
    grants: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if key in ("subject", "description"):
            continue
        if key not in GRANT_KEYS:
            raise MatrixError(f"Permission {name!r} grants to unknown role {key!r}")
        values = tuple(value) if isinstance(value, list) else (value,)
        for item in values:
            if item != ALL and item not in conditions:
                raise MatrixError(f"Permission {name!r}: unknown condition {item!r} for {key!r}")
        grants[key] = values
    return grants


def _target(route: str, spec: Any) -> Target:
    if isinstance(spec, str):
        return spec
    if "by" in spec:
        return Dispatch(argument=spec["by"], source="url", permissions=dict(spec["permissions"]))
    if "field" in spec:
        return Dispatch(argument=spec["field"], source="form", permissions=dict(spec["permissions"]))
    raise MatrixError(f"Route {route!r}: a dispatch names its URL argument (by) or form field (field)")


def _page_route(route: str, spec: Any) -> PageRoute:
    if isinstance(spec, str):
        return PageRoute({"get": spec, "post": spec})
    unknown = set(spec) - {"get", "post"}
    if unknown:
        raise MatrixError(f"Route {route!r}: unknown methods {sorted(unknown)}")
    return PageRoute({method: _target(route, target) for method, target in spec.items()})


def _conditions(data: dict[str, Any]) -> dict[str, Condition]:
    return {
        name: Condition(
            name=name,
            description=spec["description"],
            alternatives=tuple(
                tuple(_clause(name, key, value) for key, value in alternative.items()) for alternative in spec["any"]
            ),
        )
        for name, spec in data.items()
    }


def _subjects(data: dict[str, Any]) -> dict[str, Subject]:
    return {
        name: Subject(
            name=name,
            model=spec["model"],
            description=spec["description"],
            paths=spec.get("paths", {}),
            view=spec.get("view", f"{name}.view"),
            private_fields=tuple(spec.get("private_fields", ())),
            private=spec.get("private"),
        )
        for name, spec in data.items()
    }


def _permissions(
    data: dict[str, Any], subjects: dict[str, Subject], conditions: dict[str, Condition]
) -> dict[str, Permission]:
    permissions = {}
    for name, spec in data.items():
        subject = spec.get("subject")
        if subject is not None and subject not in subjects:
            raise MatrixError(f"Permission {name!r} names unknown subject {subject!r}")
        permissions[name] = Permission(
            name=name, subject=subject, description=spec["description"], grants=_grants(name, spec, conditions)
        )
    for subject in subjects.values():
        for needed in (subject.view, subject.private):
            if needed is not None and needed not in permissions:
                raise MatrixError(f"Subject {subject.name!r} names a permission that does not exist: {needed!r}")
    return permissions


def _check_paths(
    permissions: dict[str, Permission], subjects: dict[str, Subject], conditions: dict[str, Condition]
) -> None:
    """A permission's conditions are evaluated on its own subject and on every subject it is the
    view permission of, so each of those must declare the paths the conditions walk."""
    for permission in permissions.values():
        targets = {permission.subject} | {s.name for s in subjects.values() if s.view == permission.name}
        used = {name for values in permission.grants.values() for name in values if name != ALL}
        for target in sorted(t for t in targets if t):
            for condition_name in sorted(used):
                missing = conditions[condition_name].paths - set(subjects[target].paths)
                if missing:
                    raise MatrixError(
                        f"Permission {permission.name!r} uses condition {condition_name!r}, whose paths "
                        f"{sorted(missing)} subject {target!r} does not declare"
                    )


def _check_routes(pages: dict[str, PageRoute], api: dict[str, str], permissions: dict[str, Permission]) -> None:
    named = [*((name, route.permission_names) for name, route in pages.items())]
    named += [(name, {permission}) for name, permission in api.items()]
    for route, names in named:
        for permission_name in names:
            if permission_name not in permissions:
                raise MatrixError(f"Route {route!r} names unknown permission {permission_name!r}")


def parse(data: dict[str, Any]) -> Matrix:
    columns = tuple(data["columns"])
    if set(columns) != set(GRANT_KEYS):
        raise MatrixError(f"columns must list exactly {GRANT_KEYS}")
    conditions = _conditions(data["conditions"])
    subjects = _subjects(data["subjects"])
    permissions = _permissions(data["permissions"], subjects, conditions)
    _check_paths(permissions, subjects, conditions)
    routes = data.get("routes", {})
    pages = {name: _page_route(name, spec) for name, spec in routes.get("pages", {}).items()}
    api = dict(routes.get("api", {}))
    _check_routes(pages, api, permissions)
    return Matrix(columns, conditions, subjects, permissions, pages, api)


@cache
def matrix() -> Matrix:
    with MATRIX_FILE.open("rb") as handle:
        return parse(tomllib.load(handle))
