"""Database guards against overlapping periods, and the rule keys the members app cites.

The partial unique constraints of 0001 forbid two *open* designations (or coordinators, leads,
memberships) at once; they cannot see two *closed* periods that overlap, which a careless edit of
history could produce. On PostgreSQL an exclusion constraint over ``daterange(start, end, '[]')``
forbids any overlap. It needs the btree_gist extension (for the ``=`` parts of the constraint).
SQLite (the embedded default) has no such constraint: there the services' own checks are the guard,
so these operations do nothing on other databases and the migration still applies.
"""

from django.db import migrations

# table, constraint name, equality columns
EXCLUSIONS = [
    ("members_designation", "designation_no_overlap", ["entity_id", "role"]),
    ("members_membership", "membership_no_overlap", ["entity_id"]),
    ("members_groupcoordinator", "group_coordinator_no_overlap", ["group_id"]),
    ("members_subgrouplead", "subgroup_lead_no_overlap", ["subgroup_id"]),
    ("members_groupmembership", "group_membership_no_overlap", ["group_id", "entity_id"]),
    ("members_subgroupmembership", "subgroup_membership_no_overlap", ["subgroup_id", "entity_id"]),
]


def add_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, columns in EXCLUSIONS:
        equal = ", ".join(f"{column} WITH =" for column in columns)
        schema_editor.execute(
            f'ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist '  # noqa: S608
            f"({equal}, daterange(start, \"end\", '[]') WITH &&)"
        )


def drop_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _columns in EXCLUSIONS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


# key, name, value, unit, norm code, article: rules without a number that the members app still
# cites in its messages, so that every refusal names its provision from the registry.
RULES = [
    (
        "designation.one_titular_one_alternate",
        "Cada entidad designa un representante titular y uno alterno",
        {"titular": 1, "alternate": 1},
        "flag",
        "reglamento",
        "Art. 7.5",
    ),
    (
        "designation.tenure_until_replaced",
        "Los representantes permanecen en el cargo hasta su reemplazo",
        True,
        "flag",
        "reglamento",
        "Art. 7.6",
    ),
    (
        "membership.admission",
        "Incorporación de miembros y observadores por acuerdo del Pleno",
        True,
        "flag",
        "reglamento",
        "Art. 7.4",
    ),
    (
        "group.coordinator_approval",
        "El coordinador de grupo es aprobado por el Pleno",
        {"approved_by": "plenary"},
        "flag",
        "reglamento",
        "Art. 20.2",
    ),
    (
        "subgroup.lead_approval",
        "El responsable de subgrupo es aprobado por el grupo",
        {"approved_by": "group"},
        "flag",
        "reglamento",
        "Art. 21",
    ),
    (
        "cso.registry_fields",
        "Datos del Registro de instituciones de la sociedad civil",
        True,
        "flag",
        "dir-002-2014",
        "§4.2.3",
    ),
]


def add_rules(apps, schema_editor):
    Norm = apps.get_model("directives", "Norm")
    Rule = apps.get_model("directives", "Rule")
    for key, name, value, unit, norm_code, article in RULES:
        Rule.objects.update_or_create(
            key=key,
            valid_from="2011-01-01",
            defaults={
                "name": name,
                "value": value,
                "unit": unit,
                "norm": Norm.objects.get(code=norm_code),
                "article": article,
            },
        )


def drop_rules(apps, schema_editor):
    Rule = apps.get_model("directives", "Rule")
    Rule.objects.filter(key__in=[row[0] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_registry_fields"),
        ("directives", "0002_reference_data"),
    ]
    operations = [
        migrations.RunPython(add_exclusions, drop_exclusions),
        migrations.RunPython(add_rules, drop_rules),
    ]
