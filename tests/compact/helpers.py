"""A small Global Compact world: the ST, two member entities, an observer, a CSO, a non-invited member."""

from __future__ import annotations

import datetime

from rest_framework.test import APIClient

from compact import services
from compact.models import Objective
from members.models import EntityKind
from tests.factories import members as f

START = datetime.date(2025, 1, 1)


def world() -> dict:
    mtpe = f.member_entity("MTPE")
    migraciones = f.member_entity("MIGRACIONES")
    minsa = f.member_entity("MINSA")  # a member not invited to the consultation
    dp = f.member_entity("DP", kind=EntityKind.OBSERVER)
    ucss = f.member_entity("UCSS", kind=EntityKind.CIVIL_SOCIETY)
    users = {
        "st": f.secretariat_user("st"),
        "mtpe": f.representative_user(mtpe, username="mtpe"),
        "migraciones": f.representative_user(migraciones, username="migraciones"),
        "minsa": f.representative_user(minsa, username="minsa"),
        "dp": f.representative_user(dp, username="dp"),
        "ucss": f.representative_user(ucss, username="ucss"),
    }
    return {
        "users": users,
        "entities": {"MTPE": mtpe, "MIGRACIONES": migraciones, "MINSA": minsa, "DP": dp, "UCSS": ucss},
    }


def objective(number: int) -> Objective:
    return Objective.objects.get(number=number)


def focal_point(w: dict, acronym: str, number: int, email: str, *, name: str = "Punto Focal"):
    return services.focal_point_create(
        actor=w["users"]["st"],
        entity=w["entities"][acronym],
        objective=objective(number),
        name=name,
        position="Especialista",
        email=email,
        phone="+51 1 200 0000",
        start=START,
    )


def api_client(user) -> APIClient:
    """An API client logged in as ``user`` (a session, as the browser's)."""
    client = APIClient()
    client.force_login(user)
    return client
