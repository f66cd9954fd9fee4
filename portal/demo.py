"""Demo data of the public portal (idempotent): a few news items the Secretaría Técnica published,
and one draft that never reaches the public site. Written through the services, as the ST would."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import News

# slug, title, summary, body, days ago (None: a draft)
DEMO_NEWS: list[tuple[str, str, str, str, int | None]] = [
    (
        "la-mtigm-presenta-su-plan-de-trabajo",
        "La MTIGM presenta su plan de trabajo anual",
        "El Pleno aprobó el plan de trabajo de los grupos de trabajo para el año, con sus productos y plazos.",
        "El Pleno de la **Mesa de Trabajo Intersectorial para la Gestión Migratoria** aprobó el plan de "
        "trabajo anual.\n\nEl plan organiza a los grupos de trabajo en torno a:\n\n"
        "- la atención a peruanos en el exterior y retornantes,\n- la migración de extranjeros al Perú,\n"
        "- la lucha contra la trata de personas y el tráfico ilícito de migrantes.\n\n"
        "El avance de cada grupo puede seguirse en la sección de grupos de trabajo del portal.",
        40,
    ),
    (
        "sesion-ordinaria-del-pleno",
        "Se realizó una nueva sesión ordinaria del Pleno",
        "Las entidades miembros revisaron el avance de los grupos de trabajo y adoptaron acuerdos de seguimiento.",
        "En la sesión ordinaria, las entidades miembros revisaron el avance de los grupos de trabajo.\n\n"
        "El acta aprobada se publica en la página de la sesión, en la sección *Sesiones* del portal.",
        12,
    ),
    (
        "nuevo-portal-peru-contigo",
        "Nuevo portal público de la MTIGM",
        "Las sesiones, los acuerdos, las normas y los grupos de trabajo de la Mesa, ahora al alcance de todos.",
        "La Secretaría Técnica pone en línea el portal público de la MTIGM.\n\n"
        "Puede suscribirse al [calendario de sesiones](https://www.rree.gob.pe/) y a las noticias "
        "mediante su canal Atom, o escribirnos desde la página de contacto.",
        2,
    ),
    (
        "borrador-informe-anual",
        "Borrador: informe anual de la MTIGM",
        "Borrador en preparación: no se publica hasta que la Secretaría Técnica lo revise.",
        "Texto en preparación.",
        None,
    ),
]


def load(stdout: Any) -> None:
    created = _load_news()
    stdout.write(f"  portal: {created} news items created ({len(DEMO_NEWS)} in the demo)")


@transaction.atomic
def _load_news() -> int:
    author = get_user_model().objects.filter(username="st").first()
    if author is None:
        return 0  # the members demo creates the ST's user; without it there is nobody to write
    now = timezone.now()
    created = 0
    for slug, title, summary, body, days_ago in DEMO_NEWS:
        if News.objects.filter(slug=slug).exists():
            continue
        news = services.news_create(actor=author, title=title, slug=slug, summary=summary, body=body)
        if days_ago is not None:
            services.news_publish(actor=author, news=news, now=now - datetime.timedelta(days=days_ago))
        created += 1
    return created
