"""A workspace world on top of the plan world: group 4 with an integrant entity, documents in its
library and in a subgroup's, one of them público, one reservado."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from library import services
from library.models import Classification
from members.models import GroupMembership
from tests.factories import members as f
from tests.workplans.helpers import world

RESERVED_TITLE = "Borrador-deliberativo-RESERVADO"
INTERNAL_TITLE = "Nota-interna-del-grupo"
PUBLIC_TITLE = "Guia-publica-de-tramites"


def pdf(name: str = "informe.pdf", text: str = "contenido") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f"%PDF-1.4\n% {text}\n%%EOF".encode(), content_type="application/pdf")


def library_world() -> dict[str, Any]:
    w = world()
    mtc = f.member_entity("MTC")
    GroupMembership.objects.create(group=w["groups"][4], entity=mtc, start=f.START)
    w["entities"]["MTC"] = mtc
    w["users"]["integrante"] = f.representative_user(mtc, username="integrante")
    st = w["users"]["st"]
    g4 = w["groups"][4]
    coordinator = w["users"]["coordinador"]
    w["reserved"] = services.document_create(
        actor=coordinator, workspace=g4, title=RESERVED_TITLE, file=pdf(), classification=Classification.RESERVED
    )
    w["internal"] = services.document_create(
        actor=w["users"]["responsable"], workspace=w["subgroups"]["4.1"], title=INTERNAL_TITLE, file=pdf()
    )
    w["public"] = services.document_create(
        actor=st, workspace=g4, title=PUBLIC_TITLE, file=pdf(text="publico"), classification=Classification.PUBLIC
    )
    return w


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def content_of(response: Any) -> bytes:
    if hasattr(response, "streaming_content"):
        buffer = io.BytesIO()
        for chunk in response.streaming_content:
            buffer.write(chunk)
        return buffer.getvalue()
    return response.content
