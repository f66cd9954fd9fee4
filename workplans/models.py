"""Annual work plans, their versions and lines, and the quarterly and annual evaluations (R19–R23).

A plan has versions: the first is the plan the Pleno approves in January (Art. 24); each amendment
approved by the Pleno after a quarterly evaluation is a new version (Art. 25). Lines belong to a
version and carry a stable ``key`` so two versions can be compared line by line. Reports refer to
the lines of the version in force when they were written.
"""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Entity, Subgroup, WorkingGroup
from mtigm.core.models import FREE_TEXT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH
from mtigm.core.rendering import RenderedDocument

MONTHS = range(1, 13)


def _days_late(sent_at: datetime.datetime | None, due: datetime.date | None) -> int:
    """Calendar days between the due date and the (Lima) day a report was sent; 0 when on time or unsent."""
    if sent_at is None or due is None:
        return 0
    return max(0, (timezone.localdate(sent_at) - due).days)


class Plan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Anteproyecto")
        PRESENTED = "presented", _("Presentado al Pleno")
        APPROVED = "approved", _("Aprobado")
        PUBLISHED = "published", _("Publicado")

    year = models.PositiveSmallIntegerField(_("año"), unique=True)
    title = models.CharField(_("título"), max_length=200, blank=True)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    drafted_on = models.DateField(_("anteproyecto formulado el"), null=True, blank=True)
    presented_on = models.DateField(_("presentado al Pleno el"), null=True, blank=True)
    presented_session = models.ForeignKey(
        "commission_sessions.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sesión de presentación"),
    )
    approved_on = models.DateField(_("aprobado el"), null=True, blank=True)
    approval_session = models.ForeignKey(
        "commission_sessions.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sesión de aprobación"),
    )
    approval_agreement = models.CharField(_("acuerdo de aprobación"), max_length=200, blank=True)
    published_on = models.DateField(_("publicado el"), null=True, blank=True)
    current_version = models.ForeignKey(
        "PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versión vigente"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("plan de trabajo")
        verbose_name_plural = _("planes de trabajo")

    def __str__(self) -> str:
        return self.title or f"{_('Plan de Trabajo')} {self.year}"

    @property
    def is_public(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.PUBLISHED)

    def version_in_force(self) -> PlanVersion:
        """The current version. plan_create gives every plan its first version in the same transaction,
        so the nullable column (needed to create the plan before its version) is never empty afterwards."""
        version = self.current_version
        assert version is not None
        return version


class PlanVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        PROPOSED = "proposed", _("Modificación propuesta")
        APPROVED = "approved", _("Aprobada")
        SUPERSEDED = "superseded", _("Reemplazada")
        WITHDRAWN = "withdrawn", _("Retirada")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("versión"))
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("basada en")
    )
    evaluation = models.ForeignKey(
        "Evaluation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("evaluación que la motiva"),
    )
    reason = models.TextField(_("fundamento de la modificación"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    approved_on = models.DateField(_("aprobada el"), null=True, blank=True)
    approval_session = models.ForeignKey(
        "commission_sessions.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sesión de aprobación"),
    )
    approval_agreement = models.CharField(_("acuerdo de aprobación"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number")]
        verbose_name = _("versión del plan")
        verbose_name_plural = _("versiones del plan")

    def __str__(self) -> str:
        return f"{self.plan} — v{self.number}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.PROPOSED)


class PlanLine(models.Model):
    """One goal/product of a subgroup, as one row of the plan's table (R19)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="lines", verbose_name=_("versión"))
    key = models.CharField(_("clave"), max_length=40, help_text=_("Identifica la línea entre versiones."))
    position = models.PositiveIntegerField(_("orden"), default=0)
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.PROTECT, related_name="plan_lines", verbose_name=_("subgrupo")
    )
    lead_entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="led_plan_lines", verbose_name=_("entidad responsable")
    )
    entities = models.ManyToManyField(Entity, related_name="plan_lines", blank=True, verbose_name=_("entidades"))
    responsible_text = models.CharField(_("responsables (texto del plan)"), max_length=400, blank=True)
    theme = models.CharField(_("tema"), max_length=400)
    objectives = models.TextField(_("objetivos"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    activities = models.TextField(_("actividades"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    product = models.TextField(_("metas / productos"), max_length=LONG_TEXT_MAX_LENGTH)
    expected_results = models.TextField(_("resultados esperados"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    months = models.JSONField(_("cronograma (meses)"), default=list, blank=True)
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("arrastrada de"),
        help_text=_("Tarea pendiente del plan anterior (Dir. 003 §6.4.4.4)."),
    )
    source_note = models.CharField(_("nota de fuente"), max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[entities])

    DIFF_FIELDS = (
        "subgroup_id",
        "lead_entity_id",
        "theme",
        "objectives",
        "activities",
        "product",
        "expected_results",
        "months",
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="planline_unique_key_per_version")]
        verbose_name = _("línea del plan")
        verbose_name_plural = _("líneas del plan")

    def __str__(self) -> str:
        return f"{self.subgroup.code} — {self.product[:60]}"

    @property
    def group_id(self) -> int:
        return self.subgroup.group_id


class Evaluation(models.Model):
    class Period(models.TextChoices):
        Q1 = "q1", _("I Trimestre")
        Q2 = "q2", _("II Trimestre")
        Q3 = "q3", _("III Trimestre")
        ANNUAL = "annual", _("Anual")

    class State(models.TextChoices):
        OPEN = "open", _("Abierta")
        PRESENTED = "presented", _("Presentada al Pleno")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("plan"))
    period = models.CharField(_("periodo"), max_length=10, choices=Period.choices)
    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("versión evaluada")
    )
    due_date = models.DateField(_("vence el"))
    due_citation = models.CharField(_("base del plazo"), max_length=200)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.OPEN)
    st_assessment = models.TextField(
        _("evaluación cualitativa de la Secretaría Técnica"), blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    presented_on = models.DateField(_("presentada al Pleno el"), null=True, blank=True)
    presented_item = models.ForeignKey(
        "commission_sessions.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("punto de agenda"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due_date"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="evaluation_unique_period")]
        verbose_name = _("evaluación")
        verbose_name_plural = _("evaluaciones")

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.plan.year}"

    @property
    def is_annual(self) -> bool:
        return self.period == self.Period.ANNUAL


class GroupReport(models.Model):
    """The coordinator's consolidated report of a group to the ST (Dir. 003 §6.4.3.1, §6.4.4.1)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("En consolidación")
        FILED = "filed", _("Remitido a la ST")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="group_reports", verbose_name=_("evaluación")
    )
    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("grupo"))
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("síntesis del grupo"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    difficulties = models.TextField(
        _("dificultades o problemas encontrados"), blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    corrective_measures = models.TextField(
        _("medidas correctivas adoptadas o sugeridas"), blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    filed_at = models.DateTimeField(_("remitido el"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The evaluation's due date as it stood when the report was filed: the evaluation's own date can
    # still be corrected in the admin afterwards, and the "late" mark must keep saying what happened.
    due_date = models.DateField(_("vencía el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "group__number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "group"], name="groupreport_unique")]
        verbose_name = _("informe de grupo")
        verbose_name_plural = _("informes de grupo")

    # The subgroup reports of the group, attached by the PDF context of workplans.tasks; not a column.
    subgroup_list: list[SubgroupReport]

    def __str__(self) -> str:
        return f"{self.evaluation} — {_('Grupo')} {self.group.number}"

    @property
    def due(self) -> datetime.date:
        """The due date that applies: the one recorded at filing, else the evaluation's current one."""
        return self.due_date or self.evaluation.due_date

    @property
    def days_late(self) -> int:
        return _days_late(self.filed_at, self.due_date)

    @property
    def late(self) -> bool:
        """Filed to the ST after its due date (Dir. 003 §6.1.3, §6.4.5)."""
        return self.days_late > 0


class SubgroupReport(models.Model):
    """The subgroup lead's report of at most one page (Dir. 003 §6.4.3.1, template §6.4.3.4)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        SUBMITTED = "submitted", _("Enviado a la coordinación")
        RETURNED = "returned", _("Devuelto con observaciones")
        ACCEPTED = "accepted", _("Consolidado")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="subgroup_reports", verbose_name=_("evaluación")
    )
    subgroup = models.ForeignKey(Subgroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("subgrupo"))
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    objectives = models.TextField(_("objetivos"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    activities = models.TextField(_("actividades"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    goals_products = models.TextField(_("metas / productos"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    difficulties = models.TextField(
        _("dificultades o problemas encontrados"), blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    corrective_measures = models.TextField(
        _("medidas correctivas adoptadas o sugeridas"), blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    pending_tasks = models.TextField(
        _("tareas pendientes"), blank=True, help_text=_("Evaluación anual (§6.4.4.4)."), max_length=LONG_TEXT_MAX_LENGTH
    )
    coordinator_comments = models.TextField(
        _("observaciones de la coordinación"), blank=True, max_length=FREE_TEXT_MAX_LENGTH
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    # A report returned with observations is sent again later; what counts for the deadline is the
    # first time the lead sent it, with the due date in force at that moment (see GroupReport.due_date).
    first_submitted_at = models.DateTimeField(_("enviado por primera vez el"), null=True, blank=True)
    due_date = models.DateField(_("vencía el"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modificado"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "subgroup__group__number", "subgroup__code"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "subgroup"], name="subgroupreport_unique")]
        verbose_name = _("informe de subgrupo")
        verbose_name_plural = _("informes de subgrupo")

    def __str__(self) -> str:
        return f"{self.evaluation} — {self.subgroup.code}"

    @property
    def due(self) -> datetime.date:
        """The due date that applies: the one recorded when first sent, else the evaluation's current one."""
        return self.due_date or self.evaluation.due_date

    @property
    def days_late(self) -> int:
        return _days_late(self.first_submitted_at, self.due_date)

    @property
    def late(self) -> bool:
        """First sent to the coordination after its due date (Dir. 003 §6.1.3, §6.4.5)."""
        return self.days_late > 0


class ProductProgress(models.Model):
    """Estimated % progress of one product of the plan in a subgroup report (§6.4.3.4)."""

    report = models.ForeignKey(
        SubgroupReport, on_delete=models.CASCADE, related_name="progress", verbose_name=_("informe")
    )
    line = models.ForeignKey(PlanLine, on_delete=models.PROTECT, related_name="progress", verbose_name=_("producto"))
    percent = models.PositiveSmallIntegerField(
        _("avance estimado (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    delivered = models.BooleanField(_("entregado"), default=False)
    note = models.CharField(_("comentario"), max_length=300, blank=True)
    carry_over = models.BooleanField(
        _("recomendar para el plan siguiente"), default=False, help_text=_("Dir. 003 §6.4.4.4.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "line__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "line"], name="progress_unique_line"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100"),
            models.CheckConstraint(condition=~Q(delivered=True) | Q(percent=100), name="progress_delivered_is_100"),
        ]
        verbose_name = _("avance de producto")
        verbose_name_plural = _("avances de producto")

    def __str__(self) -> str:
        return f"{self.line} — {self.percent} %"


class CorrectiveAlert(models.Model):
    """The ST's alert to the Presidency that corrective measures are needed (Dir. 003 §6.3.2)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("evaluación")
    )
    group_report = models.ForeignKey(
        GroupReport, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts", verbose_name=_("informe")
    )
    message = models.TextField(_("mensaje"), max_length=FREE_TEXT_MAX_LENGTH)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("enviada el"), auto_now_add=True)
    recipients = models.JSONField(_("destinatarios"), default=list)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("alerta a la Presidencia")
        verbose_name_plural = _("alertas a la Presidencia")

    def __str__(self) -> str:
        return f"{self.evaluation} — {self.sent_at:%Y-%m-%d}"


class ReportDocument(RenderedDocument):
    """A PDF rendered by a Celery task: the consolidated evaluation or the yearly report (memoria).

    An approved yearly report is archived: its file is never written again, and no new yearly
    report of that year can be generated (Art. 8.2 d).
    """

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluación consolidada")
        ANNUAL = "annual", _("Memoria anual")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents", verbose_name=_("plan"))
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("evaluación"),
    )
    file = models.FileField(_("archivo"), upload_to="workplans/%Y/", blank=True)
    approved = models.BooleanField(_("aprobado por el Pleno"), default=False)
    approved_on = models.DateField(_("aprobado el"), null=True, blank=True)
    approval_session = models.ForeignKey(
        "commission_sessions.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sesión de aprobación"),
    )
    approval_agreement = models.CharField(_("acuerdo de aprobación"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(approved=True, kind="annual"), name="reportdocument_one_approved_annual"
            ),
            models.CheckConstraint(
                condition=Q(kind="annual") | Q(evaluation__isnull=False),
                name="reportdocument_evaluation_has_evaluation",
            ),
        ]
        # The database itself keeps an approved memoria as it was approved: no update, no delete.
        triggers = [
            pgtrigger.Protect(
                name="approved_report_is_archived",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__approved=True),
            )
        ]
        verbose_name = _("documento PDF")
        verbose_name_plural = _("documentos PDF")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.plan.year} #{self.pk}"

    def is_frozen(self) -> bool:
        return self.approved
