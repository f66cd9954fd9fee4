"""The commission's registry: entities, their dated membership, representatives, groups.

Membership and designations are dated rows, never flags: "who were the members on date D" and
"who represented MTPE on date D" are queries (see ``members.selectors``), and every model keeps
its full history (django-simple-history).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mtigm.core.models import FREE_TEXT_MAX_LENGTH


class DatedQuerySet(models.QuerySet):
    """Rows with ``start``/``end`` dates; ``end`` is the last day in office (inclusive)."""

    def on(self, day: datetime.date) -> DatedQuerySet:
        return self.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))

    def current(self) -> DatedQuerySet:
        from django.utils import timezone

        return self.on(timezone.localdate())


def dated_range_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")), name=name)


class EntityKind(models.TextChoices):
    MEMBER = "member", _("Miembro")
    OBSERVER = "observer", _("Observador")
    COOPERATION_AGENCY = "agency", _("Agencia de cooperación")
    CIVIL_SOCIETY = "cso", _("Institución de la sociedad civil")


class SupportCommission(models.Model):
    """The support commissions of Art. 28–31 (cooperation agencies; civil society)."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Comisión Interagencial de Cooperación Internacional")
        CIVIL_SOCIETY = "civil_society", _("Comisión de Coordinación con Instituciones de la Sociedad Civil")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    installed_on = models.DateField(_("instalada el"), null=True, blank=True)
    installed_at = models.CharField(_("instalada en"), max_length=200, blank=True)
    description = models.TextField(_("descripción"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("comisión de apoyo")
        verbose_name_plural = _("comisiones de apoyo")

    def __str__(self) -> str:
        return self.name


class Entity(models.Model):
    kind = models.CharField(_("tipo"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("nombre"), max_length=300)
    acronym = models.CharField(_("sigla"), max_length=40)
    support_commission = models.ForeignKey(
        SupportCommission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        verbose_name=_("comisión de apoyo"),
    )
    website = models.URLField(_("página web"), blank=True)
    email = models.EmailField(_("correo institucional"), blank=True)
    address = models.CharField(_("domicilio"), max_length=300, blank=True)
    phones = models.CharField(_("teléfonos"), max_length=200, blank=True)
    former_names = models.CharField(
        _("denominaciones anteriores"),
        max_length=400,
        blank=True,
        help_text=_("Por ejemplo «Dirección General de Migraciones y Naturalización (DIGEMIN)»."),
    )
    notes = models.TextField(_("notas"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    history = HistoricalRecords()

    # Set only on rows read through selectors.representatives_prefetch() (a Prefetch with to_attr): the
    # titular and alternate in office on the selector's day. Declared here so the type checker knows it.
    current_designations: list[Designation]

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(Lower("acronym"), name="entity_acronym_unique_ci"),
            models.CheckConstraint(
                condition=Q(kind__in=["agency", "cso"]) | Q(support_commission__isnull=True),
                name="entity_support_commission_only_for_support_kinds",
            ),
        ]
        verbose_name = _("entidad")
        verbose_name_plural = _("entidades")

    def __str__(self) -> str:
        return self.acronym


class Membership(models.Model):
    """A period during which an entity belongs to the commission in a given capacity."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("entidad"))
    kind = models.CharField(_("calidad"), max_length=20, choices=EntityKind.choices)
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)
    admitted_at = models.CharField(
        _("admitida en"), max_length=200, blank=True, help_text=_("Sesión que aprobó la incorporación.")
    )
    admitting_agreement = models.CharField(_("acuerdo de admisión"), max_length=200, blank=True)
    legal_basis = models.CharField(
        _("base legal"), max_length=200, blank=True, help_text=_("Por ejemplo el decreto supremo de incorporación.")
    )
    end_reason = models.CharField(_("motivo de término"), max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["entity", "start"]
        constraints = [
            dated_range_check("membership_valid_range"),
            models.UniqueConstraint(
                fields=["entity"], condition=Q(end__isnull=True), name="membership_one_open_per_entity"
            ),
        ]
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")

    def __str__(self) -> str:
        return f"{self.entity} ({self.get_kind_display()}) {self.start}–{self.end or '…'}"


class Person(models.Model):
    first_name = models.CharField(_("nombres"), max_length=150)
    last_name = models.CharField(_("apellidos"), max_length=150)
    honorific = models.CharField(_("tratamiento"), max_length=40, blank=True)
    position = models.CharField(_("cargo"), max_length=200, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=60, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("usuario"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Designation(models.Model):
    """A person designated titular or alternate of an entity (Art. 7.5), in office until replaced (Art. 7.6)."""

    class Role(models.TextChoices):
        TITULAR = "titular", _("Titular")
        ALTERNATE = "alternate", _("Alterno")

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="designations", verbose_name=_("entidad"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="designations", verbose_name=_("persona"))
    role = models.CharField(_("calidad"), max_length=20, choices=Role.choices)
    resolution_number = models.CharField(_("número de resolución"), max_length=120, blank=True)
    resolution_date = models.DateField(_("fecha de resolución"), null=True, blank=True)
    notified_on = models.DateField(_("comunicada a la ST el"), null=True, blank=True)
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("reemplazada por"),
    )

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    # Computed by the list and detail views for their templates (never stored): whether the designation is
    # in office today and the Art. 7.5 notice warning from services.notice_warning().
    in_office: bool
    notice_warning: str | None
    # Set by the services on the designation they return: warnings for staff (a late notice, Art. 7.5).
    warnings: list[str]

    class Meta:
        ordering = ["entity", "role", "-start"]
        constraints = [
            dated_range_check("designation_valid_range"),
            models.UniqueConstraint(
                fields=["entity", "role"], condition=Q(end__isnull=True), name="designation_one_current_per_role"
            ),
        ]
        verbose_name = _("designación")
        verbose_name_plural = _("designaciones")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} {self.entity}"


class SecretariatAppointment(models.Model):
    """A person working in the Secretaría Técnica (Art. 18) during a period."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="secretariat_appointments", verbose_name=_("persona")
    )
    function = models.CharField(_("función"), max_length=200, blank=True)
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        constraints = [dated_range_check("secretariat_valid_range")]
        verbose_name = _("integrante de la Secretaría Técnica")
        verbose_name_plural = _("integrantes de la Secretaría Técnica")

    def __str__(self) -> str:
        return str(self.person)


class ApiClient(models.Model):
    """Another system that reads the API with a token (a calendar portal, say)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_client", verbose_name=_("usuario")
    )
    name = models.CharField(_("nombre"), max_length=200)
    active = models.BooleanField(_("activo"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cliente de la API")
        verbose_name_plural = _("clientes de la API")

    def __str__(self) -> str:
        return self.name


class ApprovingBody(models.TextChoices):
    PLENARY = "plenary", _("Pleno")
    GROUP = "group", _("Grupo de trabajo")


class WorkingGroup(models.Model):
    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    name = models.CharField(_("nombre"), max_length=300)
    description = models.TextField(_("descripción"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    created_on = models.DateField(_("creado el"), null=True, blank=True)
    created_by = models.CharField(_("creado por"), max_length=200, blank=True)
    dissolved_on = models.DateField(_("disuelto el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("grupo de trabajo")
        verbose_name_plural = _("grupos de trabajo")

    def __str__(self) -> str:
        return f"{_('Grupo')} {self.number}: {self.name}"


class GroupMembership(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("grupo")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="group_memberships", verbose_name=_("entidad")
    )
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            dated_range_check("group_membership_valid_range"),
            models.UniqueConstraint(
                fields=["group", "entity"], condition=Q(end__isnull=True), name="group_membership_one_open"
            ),
        ]
        verbose_name = _("integrante de grupo")
        verbose_name_plural = _("integrantes de grupo")

    def __str__(self) -> str:
        return f"{self.entity} — {self.group}"


class GroupCoordinator(models.Model):
    """The entity coordinating a group: proposed within the group, approved by the Pleno (Art. 20.2)."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("grupo")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="coordinated_groups", verbose_name=_("entidad")
    )
    approved_by = models.CharField(
        _("aprobado por"), max_length=20, choices=ApprovingBody.choices, default=ApprovingBody.PLENARY
    )
    approved_on = models.DateField(_("aprobado el"), null=True, blank=True)
    approval_reference = models.CharField(_("referencia de aprobación"), max_length=200, blank=True)
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-start"]
        constraints = [
            dated_range_check("group_coordinator_valid_range"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(end__isnull=True), name="group_one_current_coordinator"
            ),
        ]
        verbose_name = _("coordinación de grupo")
        verbose_name_plural = _("coordinaciones de grupo")

    def __str__(self) -> str:
        return f"{self.entity} — {_('coordina')} {self.group}"


class Subgroup(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="subgroups", verbose_name=_("grupo"))
    code = models.CharField(_("código"), max_length=20, help_text=_("Por ejemplo «1.3»."))
    name = models.CharField(_("tema"), max_length=400)
    created_on = models.DateField(_("creado el"), null=True, blank=True)
    created_by = models.CharField(_("creado por"), max_length=200, blank=True)
    dissolved_on = models.DateField(_("disuelto el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__number", "code"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="subgroup_unique_code_per_group")]
        verbose_name = _("subgrupo de trabajo")
        verbose_name_plural = _("subgrupos de trabajo")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SubgroupMembership(models.Model):
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("subgrupo")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="subgroup_memberships", verbose_name=_("entidad")
    )
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            dated_range_check("subgroup_membership_valid_range"),
            models.UniqueConstraint(
                fields=["subgroup", "entity"], condition=Q(end__isnull=True), name="subgroup_membership_one_open"
            ),
        ]
        verbose_name = _("integrante de subgrupo")
        verbose_name_plural = _("integrantes de subgrupo")

    def __str__(self) -> str:
        return f"{self.entity} — {self.subgroup}"


class SubgroupLead(models.Model):
    """The entity leading a subgroup, approved by its group (Art. 21)."""

    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="leads", verbose_name=_("subgrupo"))
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="led_subgroups", verbose_name=_("entidad")
    )
    approved_by = models.CharField(
        _("aprobado por"), max_length=20, choices=ApprovingBody.choices, default=ApprovingBody.GROUP
    )
    approved_on = models.DateField(_("aprobado el"), null=True, blank=True)
    approval_reference = models.CharField(_("referencia de aprobación"), max_length=200, blank=True)
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["subgroup", "-start"]
        constraints = [
            dated_range_check("subgroup_lead_valid_range"),
            models.UniqueConstraint(
                fields=["subgroup"], condition=Q(end__isnull=True), name="subgroup_one_current_lead"
            ),
        ]
        verbose_name = _("responsable de subgrupo")
        verbose_name_plural = _("responsables de subgrupo")

    def __str__(self) -> str:
        return f"{self.entity} — {_('responsable de')} {self.subgroup}"


class CsoRegistryFields(models.Model):
    """The data of a civil-society institution that Dir. 002 §4.2.3 asks the Registry to hold, items
    d–k (a and b, the name and the representatives, are the entity and its designations; c, the date
    of admission, is the Registry's own).

    Defined once: the Registry entry (``CsoRegistration``) and the admission procedure
    (``decisions.Application``) both inherit these fields, and forms, API, exports and the copy from
    an accepted application into the Registry all list them through ``CSO_REGISTRY_FIELDS``.
    """

    registry_entry_number = models.CharField(_("número de partida registral"), max_length=100, blank=True)  # (d)
    registry_office = models.CharField(
        _("registro"),
        max_length=200,
        default="SUNARP",
        blank=True,
        help_text=_("SUNARP o la instancia equivalente en el exterior."),
    )
    legal_representative = models.CharField(_("representante legal"), max_length=300, blank=True)  # (e)
    website = models.URLField(_("página web"), blank=True)  # (f)
    legal_representative_email = models.EmailField(_("correo del representante legal"), blank=True)  # (g)
    address = models.CharField(_("domicilio"), max_length=300, blank=True)  # (h)
    phones = models.CharField(_("teléfonos de la institución"), max_length=200, blank=True)  # (i)
    legal_representative_phone = models.CharField(
        _("teléfono del representante legal"), max_length=60, blank=True
    )  # (i)
    main_activity = models.CharField(_("actividad principal"), max_length=300, blank=True)  # (j)
    other_data = models.TextField(_("otros datos"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)  # (k)

    class Meta:
        abstract = True


CSO_REGISTRY_FIELDS: tuple[str, ...] = tuple(field.name for field in CsoRegistryFields._meta.local_fields)


class CsoRegistration(CsoRegistryFields):
    """The Registry of civil-society institutions, with every field of Dir. 002 §4.2.3 (a–k).

    Field (a), the name, and (b), titular and alternate, live on the entity and its designations.
    Rows loaded from the historical record may lack data the sources do not give (a registry
    number, say): those fields are blank, never invented, and the registry shows them as
    pending. New registrations made through ``members.services.cso_register`` require them.
    """

    entity = models.OneToOneField(
        Entity, on_delete=models.PROTECT, related_name="cso_registration", verbose_name=_("institución")
    )
    admitted_on = models.DateField(_("fecha de incorporación"), null=True, blank=True)  # (c)
    admitted_at = models.CharField(
        _("sesión de incorporación"), max_length=200, blank=True, help_text=_("Sesión y acuerdo del Pleno.")
    )
    registered_on = models.DateField(_("inscrita el"), null=True, blank=True)
    history = HistoricalRecords()

    # Fields the Registry must hold for a complete entry (Dir. 002 §4.2.3 c, d, e, h, j).
    REQUIRED_FIELDS = ("admitted_on", "registry_entry_number", "legal_representative", "address", "main_activity")

    class Meta:
        ordering = ["entity__name"]
        verbose_name = _("inscripción en el Registro de la sociedad civil")
        verbose_name_plural = _("Registro de instituciones de la sociedad civil")

    def __str__(self) -> str:
        return str(self.entity)

    @property
    def missing_fields(self) -> list[str]:
        """Verbose names of the required Registry fields that are still blank."""
        missing = []
        for name in self.REQUIRED_FIELDS:
            if getattr(self, name):
                continue
            field = self._meta.get_field(name)
            # REQUIRED_FIELDS names concrete columns of this model, never reverse relations (which have no
            # verbose_name); the assertion tells the type checker so.
            assert isinstance(field, models.Field)
            missing.append(str(field.verbose_name))
        return missing
