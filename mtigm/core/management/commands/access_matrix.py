"""Print the access matrix as Markdown: ``manage.py access_matrix > docs/access-matrix.md``.

The documentation is generated from the same file the code reads (``mtigm/core/access/matrix.toml``),
and a test fails when the committed page and the matrix disagree.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mtigm.core.access.matrix import ALL, Dispatch, Matrix, matrix

COLUMN_TITLES = {
    "secretariat": "ST",
    "presidency": "Presidency",
    "member_representative": "Member (titular, alternate)",
    "observer_representative": "Observer",
    "support_representative": "Support commission",
    "group_coordinator": "Group coordinator",
    "subgroup_lead": "Subgroup lead",
    "api_client": "API client",
    "focal_point": "Compact focal point",
    "authenticated": "Any logged-in user",
    "anonymous": "Anonymous",
}


def _cell(values: tuple[str, ...] | None) -> str:
    if not values:
        return "—"
    if ALL in values:
        return "✓"
    return ", ".join(f"_{value}_" for value in values)


def render(m: Matrix) -> str:
    lines = [
        "# Access matrix",
        "",
        "Generated from `mtigm/core/access/matrix.toml` by `manage.py access_matrix`; do not edit by hand",
        "(a test fails when this page and the matrix disagree). Roles are derived from current designations.",
        "A cell is ✓ (always), — (never) or the conditions under which the role holds the permission.",
        "A user holds a permission when any of their roles does. Hidden objects answer 404; visible ones",
        "the user may not act on, 403.",
        "",
        "## Conditions",
        "",
        "| condition | meaning |",
        "|---|---|",
    ]
    lines += [f"| _{c.name}_ | {c.description} |" for c in m.conditions.values()]
    header = "| permission | " + " | ".join(COLUMN_TITLES[c] for c in m.columns) + " |"
    rule = "|---|" + "---|" * len(m.columns)
    for subject in m.subjects.values():
        permissions = [p for p in m.permissions.values() if p.subject == subject.name]
        if not permissions:
            continue
        lines += ["", f"## {subject.name}", "", f"{subject.description[0].upper()}{subject.description[1:]}."]
        lines += [f"Visible under `{subject.view}`."]
        if subject.private_fields:
            fields = ", ".join(f"`{name}`" for name in subject.private_fields)
            lines += [f"Private fields ({fields}) are shown only under `{subject.private}`."]
        lines += ["", header, rule]
        for permission in permissions:
            cells = " | ".join(_cell(permission.grants.get(column)) for column in m.columns)
            lines.append(f"| `{permission.name}`<br>{permission.description} | {cells} |")
    lines += ["", "## Page routes", "", "| route | method | permission |", "|---|---|---|"]
    for route, entry in m.pages.items():
        for method, target in entry.methods.items():
            if isinstance(target, Dispatch):
                where = "URL" if target.source == "url" else "form field"
                for value, name in target.permissions.items():
                    lines.append(f"| `{route}` | {method.upper()} ({where} `{target.argument}={value}`) | `{name}` |")
            else:
                lines.append(f"| `{route}` | {method.upper()} | `{target}` |")
    lines += ["", "## API operations", "", "| route | method | permission |", "|---|---|---|"]
    for key, name in m.api.items():
        route, method = key.rsplit(".", 1)
        lines.append(f"| `api:{route}` | {method.upper()} | `{name}` |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the access matrix (who may see and do what) as Markdown."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render(matrix()), ending="")
