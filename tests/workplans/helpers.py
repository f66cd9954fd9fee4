"""A small plan world: groups 1 and 4, subgroups with leads, a coordinator, ST and a Presidency."""

from __future__ import annotations

import datetime

from members.models import WorkingGroup
from tests.factories import members as f
from workplans import services
from workplans.models import Plan


def world():
    rree = f.member_entity("RREE")
    migraciones = f.member_entity("MIGRACIONES")
    mininter = f.member_entity("MININTER")
    mtpe = f.member_entity("MTPE")
    g1 = WorkingGroup.objects.create(number=1, name="Peruanos en el exterior y sus familiares")
    g4 = WorkingGroup.objects.create(number=4, name="Extranjeros en el Perú")
    s41 = f.SubgroupFactory(group=g4, code="4.1", name="Convenios")
    s42 = f.SubgroupFactory(group=g4, code="4.2", name="Salud y educación")
    s11 = f.SubgroupFactory(group=g1, code="1.1", name="Protección")
    f.GroupCoordinatorFactory(group=g4, entity=migraciones)
    f.GroupCoordinatorFactory(group=g1, entity=rree)
    f.SubgroupLeadFactory(subgroup=s41, entity=mininter)
    f.SubgroupLeadFactory(subgroup=s42, entity=migraciones)
    f.SubgroupLeadFactory(subgroup=s11, entity=mtpe)
    users = {
        "st": f.secretariat_user("st"),
        "presidencia": f.representative_user(rree, username="presidencia"),
        "coordinador": f.representative_user(migraciones, username="coordinador"),
        "responsable": f.representative_user(mininter, username="responsable"),
        "otro": f.representative_user(mtpe, username="otro"),
    }
    return {
        "users": users,
        "entities": {"RREE": rree, "MIGRACIONES": migraciones, "MININTER": mininter, "MTPE": mtpe},
        "subgroups": {"4.1": s41, "4.2": s42, "1.1": s11},
        "groups": {1: g1, 4: g4},
    }


def approved_plan(w, year: int = 2015) -> Plan:
    st = w["users"]["st"]
    plan = services.plan_create(actor=st, year=year)
    e = w["entities"]
    for code, lead, months in (
        ("4.1", "MININTER", [3, 6]),
        ("4.1", "MININTER", [9]),
        ("4.2", "MIGRACIONES", [12]),
        ("1.1", "MTPE", [6, 12]),
    ):
        services.line_save(
            actor=st,
            version=plan.current_version,
            subgroup=w["subgroups"][code],
            lead_entity=e[lead],
            months=months,
            theme=f"Tema {code}",
            product=f"Producto {code} {months}",
            objectives="Objetivo",
            activities="Actividad",
        )
    services.plan_approve(actor=st, plan=plan, approved_on=datetime.date(year, 1, 15), agreement="Acuerdo 1")
    plan.refresh_from_db()
    return plan
