"""Norms (the decree, the Reglamento, the directives) and the rule registry.

Every number the product enforces (quorum, notice days, thresholds, deadlines) is a ``Rule`` row
that names the norm and article it comes from and the dates it is in force, so that a later change
of the Reglamento is a new row, not a code change. Other apps read rules only through
``directives.rules.rule``.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mtigm.core.models import FREE_TEXT_MAX_LENGTH


class Norm(models.Model):
    class Kind(models.TextChoices):
        SUPREME_DECREE = "decree", _("Decreto supremo")
        REGULATION = "regulation", _("Reglamento")
        DIRECTIVE = "directive", _("Directiva")
        GUIDELINES = "guidelines", _("Lineamientos")
        OTHER = "other", _("Otra norma")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Proyecto")
        IN_FORCE = "in_force", _("Vigente")
        REPEALED = "repealed", _("Derogada")

    code = models.SlugField(_("código"), max_length=60, unique=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("número"), max_length=80)
    title = models.CharField(_("título"), max_length=300)
    short_name = models.CharField(
        _("nombre corto"), max_length=120, help_text=_("Cómo se cita la norma en los mensajes.")
    )
    issued_on = models.DateField(_("fecha de emisión"), null=True, blank=True)
    approved_by = models.CharField(
        _("aprobada por"),
        max_length=300,
        blank=True,
        help_text=_("Resolución, decreto o acuerdo del Pleno que la aprobó."),
    )
    approved_on = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    agreement_reference = models.CharField(
        _("acuerdo de aprobación"),
        max_length=300,
        blank=True,
        help_text=_("Para las directivas: el acuerdo del Pleno que la aprobó (sesión y número)."),
    )
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    in_force_from = models.DateField(_("vigente desde"), null=True, blank=True)
    in_force_to = models.DateField(_("vigente hasta"), null=True, blank=True)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    text = models.TextField(_("texto"), blank=True)
    source_note = models.TextField(
        _("nota sobre la fuente"),
        blank=True,
        help_text=_("De dónde salen las fechas y datos, y cualquier discrepancia entre las fuentes."),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("modifica a"),
        help_text=_("Para una directiva que modifica otra: la norma modificada."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "code"]
        verbose_name = _("norma")
        verbose_name_plural = _("normas")

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_draft_directive(self) -> bool:
        """A directive the Plenary has not approved yet: its text and pending rules may still change."""
        return self.kind == self.Kind.DIRECTIVE and self.status == self.Status.DRAFT and self.approved_on is None


class Article(models.Model):
    norm = models.ForeignKey(Norm, on_delete=models.CASCADE, related_name="articles", verbose_name=_("norma"))
    number = models.CharField(_("número"), max_length=30, help_text=_("Por ejemplo «11» o «6.4.3.1»."))
    label = models.CharField(_("rótulo"), max_length=80, help_text=_("Por ejemplo «Art. 11» o «§6.4.3.1»."))
    heading = models.CharField(_("epígrafe"), max_length=200, blank=True)
    text = models.TextField(_("texto"), blank=True)
    position = models.PositiveIntegerField(_("orden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["norm", "position", "number"]
        constraints = [models.UniqueConstraint(fields=["norm", "number"], name="article_unique_per_norm")]
        verbose_name = _("artículo")
        verbose_name_plural = _("artículos")

    def __str__(self) -> str:
        return f"{self.label}, {self.norm.short_name}"


class Rule(models.Model):
    """One number or formula the product enforces, with its legal source and validity."""

    class Unit(models.TextChoices):
        BUSINESS_DAYS = "business_days", _("días hábiles")
        CALENDAR_DAYS = "calendar_days", _("días calendario")
        MONTHS = "months", _("meses")
        MINUTES = "minutes", _("minutos")
        ENTITIES = "entities", _("entidades")
        SESSIONS = "sessions", _("sesiones")
        PAGES = "pages", _("páginas")
        FORMULA = "formula", _("fórmula")
        CALENDAR_POINT = "calendar_point", _("fecha del año")
        FLAG = "flag", _("indicador")

    key = models.CharField(_("clave"), max_length=100, db_index=True)
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    value = models.JSONField(_("valor"))
    unit = models.CharField(_("unidad"), max_length=20, choices=Unit.choices)
    norm = models.ForeignKey(
        Norm, on_delete=models.PROTECT, related_name="rules", verbose_name=_("norma"), null=True, blank=True
    )
    article = models.CharField(
        _("artículo"),
        max_length=60,
        blank=True,
        help_text=_("Rótulo de la disposición citada, por ejemplo «Art. 11» o «§6.4.3.1»."),
    )
    valid_from = models.DateField(_("vigente desde"), default=datetime.date(2011, 1, 1))
    valid_to = models.DateField(_("vigente hasta"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="rule_unique_key_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rule_valid_range",
            ),
        ]
        verbose_name = _("regla")
        verbose_name_plural = _("reglas")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"

    @property
    def citation(self) -> str:
        # A null foreign key reads as None without a query, so this costs nothing more than checking norm_id.
        norm = self.norm
        if norm is None:
            return str(_("Parámetro de la Secretaría Técnica"))
        return f"{self.article}, {norm.short_name}" if self.article else norm.short_name


class PendingRuleVersion(models.Model):
    """A new value of a rule that a draft directive sets, waiting for the Plenary's approval (R24).

    It is not a ``Rule`` row on purpose: the registry (``directives.rules.rule``) and every list of
    rules in force read ``Rule`` alone, so a pending value can never be applied by mistake. When the
    directive is approved, ``directive_approve`` turns each pending version into a ``Rule`` version
    in force from the day the directive is, citing the directive's article, and links it here.
    """

    norm = models.ForeignKey(Norm, on_delete=models.CASCADE, related_name="pending_rules", verbose_name=_("directiva"))
    key = models.CharField(_("clave"), max_length=100)
    value = models.JSONField(_("valor"))
    article = models.CharField(
        _("artículo"),
        max_length=60,
        help_text=_("Disposición de la directiva que fija el valor, por ejemplo «Art. 3» o «§5.2»."),
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)
    rule = models.OneToOneField(
        Rule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("versión en vigor"),
        help_text=_("La versión de la regla que la aprobación de la directiva puso en vigor."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["norm", "key"]
        constraints = [models.UniqueConstraint(fields=["norm", "key"], name="pending_rule_one_per_key_and_norm")]
        verbose_name = _("versión de regla pendiente")
        verbose_name_plural = _("versiones de reglas pendientes")

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.norm.short_name})"

    # The version of the rule in force today (or its latest), set by the selectors that list pending
    # versions, so that pages and the API show its name and unit without a query per row.
    current_rule: Rule | None = None

    @property
    def is_pending(self) -> bool:
        return self.rule_id is None

    @property
    def status(self) -> str:
        return "pending" if self.rule_id is None else "in_force"

    @property
    def name(self) -> str:
        return self.current_rule.name if self.current_rule else self.key

    @property
    def description(self) -> str:
        return self.current_rule.description if self.current_rule else ""

    @property
    def unit(self) -> str:
        return self.current_rule.unit if self.current_rule else ""

    @property
    def valid_from(self) -> datetime.date | None:
        """Unknown until the Plenary approves the directive: then the day the directive is in force."""
        return self.norm.in_force_from if self.rule_id else None

    @property
    def valid_to(self) -> datetime.date | None:
        return None

    @property
    def citation(self) -> str:
        return f"{self.article}, {self.norm.short_name}"


class NonWorkingDay(models.Model):
    """A non-working day for the public sector that the ST records (besides national holidays)."""

    date = models.DateField(_("fecha"), unique=True)
    reason = models.CharField(_("motivo"), max_length=200)
    legal_basis = models.CharField(
        _("base legal"), max_length=200, blank=True, help_text=_("Decreto supremo que lo declara, si lo hay.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("día no laborable")
        verbose_name_plural = _("días no laborables")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.reason}"
