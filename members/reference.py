"""The commission's real composition, from the 2015 book on the MTIGM (shared/seeds/000_*.txt).

Loaded by ``manage.py load_reference`` (idempotent: rows are matched on their natural keys and
updated). It is not a migration so that tests start from an empty registry.

Sources, all in the seed:
- Members and observers: D.S. N° 067-2011-PCM, Art. 2 (Anexo III), published in «El Peruano» on
  27 July 2011 and in force the next day; the Reglamento (R.M. N° 0037-RE-2014 of 20 January 2014),
  Art. 7.1–7.2, lists them with their present names. The book places the installation meeting on
  15 April 2011, before the decree existed; membership is a legal status, so the original members'
  periods start when the decree came into force (28 July 2011).
- RENIEC: admitted at the XVI ordinary session (12 March 2014); SUNEDU (then the Asamblea Nacional
  de Rectores) at the XVII (10 April 2014); Parlamento Andino, observer, at the XV (12 February 2014).
- Support commissions: Reglamento Art. 30. OIM, OIT and APCI signed the II Planning Workshop's
  commitment as the Comisión Interagencial (10 February 2012); GIZ was admitted at the XXV ordinary
  session (24 February 2015). The civil-society commission (MTIGM-SC) was installed at the I Extended
  Session (16 September 2014); each CSO's admission session comes from the sessions' agendas.
- Working groups: Reglamento Art. 20.1; their 2014 coordinators were approved by the Pleno at the
  XV ordinary session together with the 2014 plan (Art. 20.2).
Where the sources are silent (registry numbers, legal representatives, CAL's admission session) the
fields stay blank; nothing is invented.
"""

from __future__ import annotations

import datetime
from typing import Any

D = datetime.date

DECREE = "D.S. N° 067-2011-PCM, Art. 2"
REGLAMENTO = "Reglamento de la MTIGM (R.M. N° 0037-RE-2014)"
DECREE_IN_FORCE = D(2011, 7, 28)
REGLAMENTO_DATE = D(2014, 1, 20)
XV_SESSION = D(2014, 2, 12)

# acronym, official name, former names
MEMBERS_ART_7_1 = [
    ("RREE", "Ministerio de Relaciones Exteriores", ""),
    ("PCM", "Presidencia del Consejo de Ministros", ""),
    ("MTPE", "Ministerio de Trabajo y Promoción del Empleo", ""),
    ("MININTER", "Ministerio del Interior", ""),
    (
        "MIGRACIONES",
        "Superintendencia Nacional de Migraciones",
        "Dirección General de Migraciones y Naturalización (DIGEMIN)",
    ),
    ("SUNAT", "Superintendencia Nacional de Aduanas y de Administración Tributaria", ""),
    ("ONP", "Oficina de Normalización Previsional", ""),
    ("SBS", "Superintendencia de Banca, Seguros y Administradoras Privadas de Fondos de Pensiones", ""),
    ("MINEDU", "Ministerio de Educación", ""),
    ("MIMP", "Ministerio de la Mujer y Poblaciones Vulnerables", "Ministerio de la Mujer y Desarrollo Social (MIMDES)"),
    ("PRODUCE", "Ministerio de la Producción", ""),
    ("MINJUSDH", "Ministerio de Justicia y Derechos Humanos", "Ministerio de Justicia (MINJUS)"),
    ("INPE", "Instituto Nacional Penitenciario", ""),
    ("MPFN", "Ministerio Público – Fiscalía de la Nación", ""),
    ("MINSA", "Ministerio de Salud", ""),
    ("ESSALUD", "Seguro Social de Salud", ""),
    ("SIS", "Seguro Integral de Salud", ""),
    ("MIVIVIENDA", "Fondo MIVIVIENDA S.A.", ""),
    ("INEI", "Instituto Nacional de Estadística e Informática", ""),
]

# acronym, name, former names, start, admitted at
MEMBERS_ADMITTED = [
    (
        "RENIEC",
        "Registro Nacional de Identificación y Estado Civil",
        "",
        D(2014, 3, 12),
        "XVI Sesión Ordinaria (12.03.2014)",
    ),
    (
        "SUNEDU",
        "Superintendencia Nacional de Educación Superior Universitaria",
        "Asamblea Nacional de Rectores (ANR)",
        D(2014, 4, 10),
        "XVII Sesión Ordinaria (10.04.2014)",
    ),
]

# acronym, name, start, admitted at, legal basis
OBSERVERS = [
    ("DP", "Defensoría del Pueblo", DECREE_IN_FORCE, "", DECREE),
    (
        "CRE-CONGRESO",
        "Comisión de Relaciones Exteriores del Congreso de la República",
        DECREE_IN_FORCE,
        "",
        DECREE,
    ),
    ("PARLANDINO", "Parlamento Andino", XV_SESSION, "XV Sesión Ordinaria (12.02.2014)", ""),
]

SUPPORT_COMMISSIONS: list[dict[str, Any]] = [
    {
        "kind": "cooperation",
        "name": "Comisión Interagencial de Cooperación Internacional",
        "acronym": "",
        "installed_on": None,
        "installed_at": "",
        "description": (
            "Comisión Especial de Apoyo integrada por la Agencia Peruana de Cooperación Internacional y las "
            "agencias cooperantes con experticia en programas migratorios (Art. 30.1 del Reglamento; "
            "Directiva N° 001-2014-MTIGM)."
        ),
    },
    {
        "kind": "civil_society",
        "name": "Comisión de Coordinación con Instituciones de la Sociedad Civil",
        "acronym": "MTIGM-SC",
        "installed_on": D(2014, 9, 16),
        "installed_at": "I Sesión Ampliada (16.09.2014)",
        "description": (
            "Comisión Especial de Apoyo integrada por las instituciones de la sociedad civil inscritas en el "
            "Registro (Art. 30.2 del Reglamento; Directiva N° 002-2014-MTIGM)."
        ),
    },
]

TALLER_2012 = "Acta de compromiso del II Taller de Planificación (10.02.2012)"
# acronym, name, start, admitted at
AGENCIES = [
    ("APCI", "Agencia Peruana de Cooperación Internacional", D(2012, 2, 10), TALLER_2012),
    ("OIM", "Organización Internacional para las Migraciones", D(2012, 2, 10), TALLER_2012),
    ("OIT", "Organización Internacional del Trabajo", D(2012, 2, 10), TALLER_2012),
    (
        "GIZ",
        "Agencia de Cooperación Alemana para el Desarrollo (Deutsche Gesellschaft für Internationale Zusammenarbeit)",
        D(2015, 2, 24),
        "XXV Sesión Ordinaria (24.02.2015)",
    ),
]

INSTALLATION_SC = D(2014, 9, 16)
# acronym, name, admitted on (None: not in the sources), admitted at, membership start, notes
CSOS = [
    (
        "UCSS",
        "Universidad Católica Sedes Sapientiae",
        D(2014, 5, 27),
        "XVIII Sesión Ordinaria (27.05.2014)",
        D(2014, 5, 27),
        "",
    ),
    (
        "CAL",
        "Colegio de Abogados de Lima",
        None,
        "",
        INSTALLATION_SC,
        "Integrante de la Comisión a su instalación (I Sesión Ampliada, 16.09.2014); "
        "las fuentes no indican la sesión en que fue admitido.",
    ),
    ("CAJ", "Comisión Andina de Juristas", D(2014, 8, 22), "XX Sesión Ordinaria (22.08.2014)", D(2014, 8, 22), ""),
    (
        "CEPAS",
        "Conferencia Episcopal Peruana",
        D(2014, 8, 22),
        "XX Sesión Ordinaria (22.08.2014)",
        D(2014, 8, 22),
        "Comisión Episcopal de Acción Social (CEPAS).",
    ),
    (
        "UARM",
        "Universidad Antonio Ruiz de Montoya",
        D(2014, 9, 16),
        "XXI Sesión Ordinaria (16.09.2014)",
        D(2014, 9, 16),
        "",
    ),
    (
        "ASPEM",
        "Asociación Solidaridad Países Emergentes",
        D(2014, 9, 16),
        "XXI Sesión Ordinaria (16.09.2014)",
        D(2014, 9, 16),
        "",
    ),
    (
        "FORUM-SP",
        "Fórum Solidaridad Perú",
        D(2014, 9, 16),
        "XXI Sesión Ordinaria (16.09.2014)",
        D(2014, 9, 16),
        "",
    ),
    (
        "IEP",
        "Instituto de Estudios Peruanos",
        D(2015, 1, 15),
        "XXIV Sesión Ordinaria (15.01.2015)",
        D(2015, 1, 15),
        "",
    ),
]

# number, name, coordinator acronym
WORKING_GROUPS = [
    (1, "Peruanos en el exterior y sus familiares", "RREE"),
    (2, "Peruanos con voluntad de emigrar", "RREE"),
    (3, "Peruanos retornantes o con voluntad de retornar", "MTPE"),
    (4, "Extranjeros en el Perú", "MIGRACIONES"),
]
GROUP_CREATED_BY = f"Art. 20.1, {REGLAMENTO}"
COORDINATOR_APPROVAL = "XV Sesión Ordinaria (12.02.2014): Plan de Trabajo 2014"


def load(stdout=None) -> dict[str, int]:
    """Create or update the reference composition; return how many rows of each kind it touched."""
    from django.db import transaction

    with transaction.atomic():
        return _load()


def _entity(kind: str, acronym: str, name: str, *, former_names: str = "", support_commission=None, notes: str = ""):
    from .models import Entity

    entity = Entity.objects.filter(acronym__iexact=acronym).first() or Entity(acronym=acronym)
    entity.kind = kind
    entity.name = name
    entity.former_names = former_names
    entity.support_commission = support_commission
    if notes:
        entity.notes = notes
    entity.save()
    return entity


def _membership(entity, kind: str, start: datetime.date, *, admitted_at: str = "", legal_basis: str = "") -> None:
    """Ensure the entity's first membership period starts on ``start``; later history is left alone."""
    from .models import Membership

    first = Membership.objects.filter(entity=entity).order_by("start").first()
    if first is None:
        Membership.objects.create(
            entity=entity, kind=kind, start=start, admitted_at=admitted_at, legal_basis=legal_basis
        )
        return
    first.kind, first.start, first.admitted_at, first.legal_basis = kind, start, admitted_at, legal_basis
    first.save()


def _load() -> dict[str, int]:
    from .models import (
        ApprovingBody,
        CsoRegistration,
        EntityKind,
        GroupCoordinator,
        GroupMembership,
        SupportCommission,
        WorkingGroup,
    )

    counts = {"entities": 0, "support_commissions": 0, "groups": 0}
    for acronym, name, former in MEMBERS_ART_7_1:
        entity = _entity(EntityKind.MEMBER, acronym, name, former_names=former)
        _membership(entity, EntityKind.MEMBER, DECREE_IN_FORCE, legal_basis=DECREE)
        counts["entities"] += 1
    for acronym, name, former, start, admitted_at in MEMBERS_ADMITTED:
        entity = _entity(EntityKind.MEMBER, acronym, name, former_names=former)
        _membership(entity, EntityKind.MEMBER, start, admitted_at=admitted_at)
        counts["entities"] += 1
    for acronym, name, start, admitted_at, legal_basis in OBSERVERS:
        entity = _entity(EntityKind.OBSERVER, acronym, name)
        _membership(entity, EntityKind.OBSERVER, start, admitted_at=admitted_at, legal_basis=legal_basis)
        counts["entities"] += 1

    commissions: dict[str, SupportCommission] = {}
    for data in SUPPORT_COMMISSIONS:
        commissions[data["kind"]], _ = SupportCommission.objects.update_or_create(
            kind=data["kind"], defaults={k: v for k, v in data.items() if k != "kind"}
        )
        counts["support_commissions"] += 1
    for acronym, name, start, admitted_at in AGENCIES:
        entity = _entity(EntityKind.COOPERATION_AGENCY, acronym, name, support_commission=commissions["cooperation"])
        _membership(entity, EntityKind.COOPERATION_AGENCY, start, admitted_at=admitted_at)
        counts["entities"] += 1
    for acronym, name, admitted_on, admitted_at, start, notes in CSOS:
        entity = _entity(
            EntityKind.CIVIL_SOCIETY, acronym, name, support_commission=commissions["civil_society"], notes=notes
        )
        _membership(entity, EntityKind.CIVIL_SOCIETY, start, admitted_at=admitted_at)
        registration = CsoRegistration.objects.filter(entity=entity).first() or CsoRegistration(entity=entity)
        registration.admitted_on = admitted_on
        registration.admitted_at = admitted_at
        registration.save()
        counts["entities"] += 1

    from .models import Entity

    for number, name, coordinator in WORKING_GROUPS:
        group, _ = WorkingGroup.objects.update_or_create(
            number=number,
            defaults={"name": name, "created_on": REGLAMENTO_DATE, "created_by": GROUP_CREATED_BY},
        )
        entity = Entity.objects.get(acronym=coordinator)
        first = GroupCoordinator.objects.filter(group=group).order_by("start").first()
        values = {
            "entity": entity,
            "approved_by": ApprovingBody.PLENARY,
            "approved_on": XV_SESSION,
            "approval_reference": COORDINATOR_APPROVAL,
            "start": XV_SESSION,
        }
        if first is None:
            GroupCoordinator.objects.create(group=group, **values)
        else:
            for field, value in values.items():
                setattr(first, field, value)
            first.save()
        # The coordinating entity takes part in its group (Art. 20.2 names it from within the group).
        if not GroupMembership.objects.filter(group=group, entity=entity).exists():
            GroupMembership.objects.create(group=group, entity=entity, start=XV_SESSION)
        counts["groups"] += 1
    return counts
