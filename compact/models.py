"""The follow-up of the Global Compact for Migration (PMM): reference data, focal points and the
national consultation that feeds the Informe País.

Reference data (objectives, thematic areas, guiding principles, SDG 10.7, the axes of the 2015
Lineamientos) are rows loaded from ``compact/data/reference.toml``, each with its source; their
history is kept (django-simple-history) like the rule registry's. Focal points are dated rows with
history; a consultation and its contributions keep every change of state.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import DatedQuerySet, Entity, Person
from mtigm.core.models import FREE_TEXT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH
from mtigm.core.rendering import RenderedDocument


class SourcedModel(models.Model):
    """A reference item: the document it comes from and where in it (page, section)."""

    source_document = models.CharField(_("documento fuente"), max_length=400)
    source_locator = models.CharField(_("página o sección"), max_length=300)

    class Meta:
        abstract = True

    @property
    def source(self) -> str:
        return f"{self.source_document}, {self.source_locator}"


class ThematicArea(SourcedModel):
    """One of the five thematic areas into which the Informe País groups the objectives."""

    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    title = models.CharField(_("título"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("área temática")
        verbose_name_plural = _("áreas temáticas")

    def __str__(self) -> str:
        return _("Área temática %(n)s: %(t)s") % {"n": self.number, "t": self.title}


class Objective(SourcedModel):
    """One of the 23 objectives of the Compact (A/RES/73/195, párr. 16)."""

    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    title = models.CharField(_("título"), max_length=300)
    short_title = models.CharField(_("título breve"), max_length=120)
    areas = models.ManyToManyField(ThematicArea, related_name="objectives", verbose_name=_("áreas temáticas"))
    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=23), name="compact_objective_number_1_23")
        ]
        verbose_name = _("objetivo del Pacto Mundial")
        verbose_name_plural = _("objetivos del Pacto Mundial")

    def __str__(self) -> str:
        return _("Objetivo %(n)s: %(t)s") % {"n": self.number, "t": self.short_title}


class ReferenceItem(SourcedModel):
    """Other reference texts: the Compact's guiding principles, SDG target 10.7 and its
    indicators, and the axes (general guidelines) of the 2015 Lineamientos."""

    class Kind(models.TextChoices):
        PRINCIPLE = "principle", _("Principio rector del Pacto Mundial")
        SDG_TARGET = "sdg_target", _("Meta de los ODS")
        SDG_INDICATOR = "sdg_indicator", _("Indicador de los ODS")
        POLICY_AXIS = "policy_axis", _("Lineamiento de la Política Migratoria (2015)")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("código"), max_length=20)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    title = models.TextField(_("texto"), max_length=FREE_TEXT_MAX_LENGTH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "position"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="compact_reference_item_unique_code")]
        verbose_name = _("dato de referencia")
        verbose_name_plural = _("datos de referencia")

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class FocalPoint(models.Model):
    """A person an entity names as its focal point for an objective or a thematic area.

    Dated like a designation: ending one keeps it (with its history) as past. The e-mail and phone
    are personal data: the access matrix marks them private (``focal_point.contact``)."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="focal_points", verbose_name=_("entidad"))
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("objetivo"),
    )
    area = models.ForeignKey(
        ThematicArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("área temática"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("persona del registro"),
    )
    name = models.CharField(_("nombre"), max_length=300)
    position = models.CharField(_("cargo"), max_length=200, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=60, blank=True)
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"), null=True, blank=True)
    end_reason = models.CharField(_("motivo de término"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["entity", "objective__number", "area__number", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="focal_point_range"),
            models.CheckConstraint(
                condition=Q(objective__isnull=False, area__isnull=True) | Q(objective__isnull=True, area__isnull=False),
                name="focal_point_objective_or_area",
            ),
        ]
        verbose_name = _("punto focal")
        verbose_name_plural = _("puntos focales")

    def __str__(self) -> str:
        return f"{self.name} ({self.entity}, {self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.objective is not None:
            return _("objetivo %(n)s") % {"n": self.objective.number}
        return _("área temática %(n)s") % {"n": self.area.number if self.area else "?"}


class Consultation(models.Model):
    """The national consultation the ST opens to gather the entities' contributions for the Informe País."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        OPEN = "open", _("Abierta")
        CLOSED = "closed", _("Cerrada")

    title = models.CharField(_("título"), max_length=300)
    period_start = models.DateField(_("periodo informado desde"))
    period_end = models.DateField(_("periodo informado hasta"))
    deadline = models.DateField(_("plazo de respuesta"))
    objectives = models.ManyToManyField(Objective, related_name="consultations", verbose_name=_("objetivos"))
    invited = models.ManyToManyField(
        Entity, related_name="compact_consultations", verbose_name=_("entidades invitadas")
    )
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(_("abierta el"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cerrada el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[objectives, invited])

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="consultation_period_range"),
        ]
        verbose_name = _("consulta nacional")
        verbose_name_plural = _("consultas nacionales")

    def __str__(self) -> str:
        return self.title


class Contribution(models.Model):
    """What an entity reports on one objective: a norm, a statistic, a good practice, a service, an event."""

    class Criterion(models.TextChoices):
        NORM = "norm", _("Norma aprobada y aplicada")
        STATISTIC = "statistic", _("Estadística desagregada")
        GOOD_PRACTICE = "good_practice", _("Buena práctica")
        SERVICE = "service", _("Servicio prestado")
        EVENT = "event", _("Evento")
        OTHER = "other", _("Otro")

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        SUBMITTED = "submitted", _("Enviado")
        RETURNED = "returned", _("Devuelto con observaciones")
        ACCEPTED = "accepted", _("Aceptado")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("consulta")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="compact_contributions", verbose_name=_("entidad")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("objetivo")
    )
    criterion = models.CharField(_("criterio"), max_length=20, choices=Criterion.choices)
    title = models.CharField(_("título"), max_length=300)
    description = models.TextField(_("estrategia o acción"), max_length=LONG_TEXT_MAX_LENGTH)
    period = models.CharField(_("periodo"), max_length=100, blank=True)
    results = models.TextField(_("resultados"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    difficulties_challenges = models.TextField(
        _("dificultades o desafíos"), blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    plan_products = models.ManyToManyField(
        "workplans.PlanLine", blank=True, related_name="compact_contributions", verbose_name=_("productos del plan")
    )
    agreements = models.ManyToManyField(
        "decisions.Agreement",
        blank=True,
        related_name="compact_contributions",
        verbose_name=_("acuerdos de la MTIGM"),
    )
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    observations = models.TextField(_("observaciones de la ST"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[plan_products, agreements])

    class Meta:
        ordering = ["consultation", "objective__number", "entity__acronym", "pk"]
        indexes = [models.Index(fields=["consultation", "entity", "state"], name="compact_contrib_cons_ent")]
        verbose_name = _("aporte")
        verbose_name_plural = _("aportes")

    def __str__(self) -> str:
        return f"{self.entity} — {self.title}"


class InformeNarrative(models.Model):
    """The ST's narrative of one thematic area in the Informe País of a consultation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="narratives", verbose_name=_("consulta")
    )
    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("área temática"))
    text = models.TextField(_("narrativa"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "area__number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "area"], name="informe_narrative_one_per_area")]
        verbose_name = _("narrativa del Informe País")
        verbose_name_plural = _("narrativas del Informe País")

    def __str__(self) -> str:
        return f"{self.consultation} — {self.area.number}"


class ContributionDocument(models.Model):
    """Evidence of a contribution (a norm's text, a statistical table, a report): a protected file,
    downloaded only through the access layer (no public URL)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="documents", verbose_name=_("aporte")
    )
    title = models.CharField(_("título"), max_length=300)
    file = models.FileField(_("archivo"), upload_to="pacto-mundial/aportes/%Y/", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("subido el"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contribution", "uploaded_at", "pk"]
        verbose_name = _("documento de sustento")
        verbose_name_plural = _("documentos de sustento")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """An indicator the ST defines to follow the Compact's implementation: tied to an objective, to
    an SDG 10.7 indicator or to both, with its baseline, target and the entity that reports it."""

    class Disaggregation(models.TextChoices):
        SEX = "sex", _("Sexo")
        AGE_GROUP = "age_group", _("Grupo de edad")
        NATIONALITY = "nationality", _("Nacionalidad")

    name = models.CharField(_("nombre"), max_length=300)
    code = models.CharField(_("código"), max_length=30, blank=True)
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("objetivo"),
    )
    sdg_indicator = models.ForeignKey(
        ReferenceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compact_indicators",
        limit_choices_to={"kind": ReferenceItem.Kind.SDG_INDICATOR},
        verbose_name=_("indicador ODS"),
    )
    unit = models.CharField(_("unidad de medida"), max_length=80)
    baseline_value = models.DecimalField(_("línea de base"), max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("año de la línea de base"), null=True, blank=True)
    target_value = models.DecimalField(_("meta"), max_digits=16, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("año de la meta"), null=True, blank=True)
    source = models.CharField(_("fuente de datos"), max_length=400, blank=True)
    disaggregation = models.JSONField(_("desagregación"), default=list, blank=True)
    responsible_entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="compact_indicators", verbose_name=_("entidad responsable")
    )
    description = models.TextField(_("descripción"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    active = models.BooleanField(_("vigente"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective__number", "code", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(objective__isnull=False) | Q(sdg_indicator__isnull=False),
                name="compact_indicator_objective_or_sdg",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_year__gte=1990, baseline_year__lte=2100),
                name="compact_indicator_baseline_year",
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(target_year__gte=1990, target_year__lte=2100),
                name="compact_indicator_target_year",
            ),
        ]
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def disaggregation_labels(self) -> list[str]:
        labels = dict(self.Disaggregation.choices)
        return [str(labels.get(key, key)) for key in self.disaggregation or []]


class IndicatorValue(models.Model):
    """The value of an indicator for one year, entered by the responsible entity with its evidence
    and validated (or returned with observations) by the ST."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        SUBMITTED = "submitted", _("Enviado")
        RETURNED = "returned", _("Devuelto con observaciones")
        VALIDATED = "validated", _("Validado")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicador")
    )
    year = models.PositiveSmallIntegerField(_("año"))
    value = models.DecimalField(_("valor"), max_digits=16, decimal_places=2)
    disaggregated = models.JSONField(_("valores desagregados"), default=dict, blank=True)
    evidence = models.FileField(_("sustento"), upload_to="pacto-mundial/indicadores/%Y/", max_length=200, blank=True)
    note = models.TextField(_("nota"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    observations = models.TextField(_("observaciones de la ST"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(_("validado el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="compact_indicator_value_one_per_year"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="compact_indicator_value_year"),
        ]
        indexes = [models.Index(fields=["indicator", "state", "year"], name="compact_indval_state")]
        verbose_name = _("valor de indicador")
        verbose_name_plural = _("valores de indicadores")

    def __str__(self) -> str:
        return f"{self.indicator} — {self.year}"


class InformeDocument(RenderedDocument):
    """The Informe País of a consultation as files: a PDF and an editable ODT, rendered by a Celery
    task (``compact.tasks.render_informe_document``) that stores its progress on the row, as the
    reports to the PCM do."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="informe_documents", verbose_name=_("consulta")
    )
    pdf = models.FileField(_("PDF"), upload_to="pacto-mundial/informe-pais/%Y/", max_length=200, blank=True)
    odt = models.FileField(_("ODT"), upload_to="pacto-mundial/informe-pais/%Y/", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "status"], name="informedoc_consult_status")]
        verbose_name = _("documento del Informe País")
        verbose_name_plural = _("documentos del Informe País")

    def __str__(self) -> str:
        return f"{_('Informe País')} #{self.pk}"
