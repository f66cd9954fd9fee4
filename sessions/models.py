"""Sessions of the Plenary and meetings of working groups: call, agenda, attendance.

The state of a session moves draft → called → in session → held (or cancelled / postponed), and
every change is kept (django-simple-history). Sessions of the Plenary are numbered in Roman
numerals within their series: ordinary, extraordinary, and extended (ampliada) sessions, which are
numbered on their own whatever their kind (R3).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Designation, Entity, Person, Subgroup, WorkingGroup
from mtigm.core.models import FREE_TEXT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH

ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def to_roman(number: int) -> str:
    if number <= 0:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class Session(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinaria")
        EXTRAORDINARY = "extraordinary", _("Extraordinaria")
        GROUP = "group", _("Reunión de grupo de trabajo")
        SUBGROUP = "subgroup", _("Reunión de subgrupo de trabajo")

    # Sessions of the Plenary (Art. 10): what calls, notice, quorum and the Presidency apply to.
    PLENARY_KINDS = (Kind.ORDINARY, Kind.EXTRAORDINARY)

    class Series(models.TextChoices):
        ORDINARY = "ordinary", _("Sesión Ordinaria")
        EXTRAORDINARY = "extraordinary", _("Sesión Extraordinaria")
        EXTENDED = "extended", _("Sesión Ampliada")
        GROUP = "group", _("Reunión de grupo")
        SUBGROUP = "subgroup", _("Reunión de subgrupo")

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        CALLED = "called", _("Convocada")
        IN_SESSION = "in_session", _("En sesión")
        HELD = "held", _("Realizada")
        CANCELLED = "cancelled", _("Cancelada")
        POSTPONED = "postponed", _("Postergada")

    class Initiative(models.TextChoices):
        PRESIDENCY = "presidency", _("Iniciativa de la Presidencia")
        MEMBERS_REQUEST = "members_request", _("Pedido de entidades miembro")
        GROUP_COORDINATOR = "group_coordinator", _("Coordinación del grupo")
        SCHEDULE = "schedule", _("Calendario ordinario")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    extended = models.BooleanField(
        _("ampliada"), default=False, help_text=_("Con las comisiones de apoyo (Art. 26–27).")
    )
    series = models.CharField(_("serie"), max_length=20, choices=Series.choices, editable=False)
    number = models.PositiveIntegerField(_("número"), null=True, blank=True)
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("grupo")
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("subgrupo")
    )
    initiative = models.CharField(_("convocada por"), max_length=20, choices=Initiative.choices, blank=True)
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin previsto"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=300, blank=True)
    video_link = models.URLField(_("enlace de videoconferencia"), blank=True)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    state_reason = models.TextField(_("motivo del estado"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    called_on = models.DateField(_("fecha de citación"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citada por"),
    )
    held_without_call = models.BooleanField(
        _("sin citación formal"),
        default=False,
        help_text=_("Válida por presencia de todos los miembros y acuerdo unánime (Art. 11)."),
    )
    opened_at = models.DateTimeField(_("hora de instalación"), null=True, blank=True)
    closed_at = models.DateTimeField(_("hora de cierre"), null=True, blank=True)
    # Set when the session's acta is approved (R12): from then on nothing is added to its record
    # (attendance, agenda, ballots, votes), so the approved acta tells the whole story.
    record_sealed_at = models.DateTimeField(_("registro cerrado por el acta aprobada"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("secuencia iCalendar"), default=0)
    # Rendered by a Celery task (never in a request) after the call; regenerated on reschedule.
    call_pdf = models.FileField(_("citación en PDF"), upload_to="citaciones/%Y/", blank=True)
    call_pdf_sequence = models.PositiveIntegerField(_("secuencia del PDF"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], condition=Q(number__isnull=False), name="session_unique_number_in_series"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ordinary", "extraordinary"]) | Q(extended=False),
                name="session_only_plenary_is_extended",
            ),
            models.CheckConstraint(
                condition=~Q(kind="group") | Q(group__isnull=False), name="session_group_meeting_has_group"
            ),
            models.CheckConstraint(
                condition=~Q(kind="subgroup") | Q(subgroup__isnull=False), name="session_subgroup_meeting_has_subgroup"
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_at"], name="session_state_start")]
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.series = self.series_for(self.kind, self.extended)
        super().save(*args, **kwargs)

    @staticmethod
    def series_for(kind: str, extended: bool) -> str:
        if kind in Session.PLENARY_KINDS and extended:
            return Session.Series.EXTENDED
        return kind

    @property
    def is_plenary(self) -> bool:
        return self.kind in self.PLENARY_KINDS

    @property
    def title(self) -> str:
        series = self.Series(self.series_for(self.kind, self.extended)).label
        if self.kind == self.Kind.GROUP and self.group is not None:
            return f"{series} {self.group.number}"
        if self.kind == self.Kind.SUBGROUP and self.subgroup is not None:
            return f"{series} {self.subgroup.code}"
        return f"{to_roman(self.number)} {series}" if self.number else str(series)


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Propuesto")
        ACCEPTED = "accepted", _("En agenda")
        REJECTED = "rejected", _("No admitido")

    class Origin(models.TextChoices):
        CALL = "call", _("Agenda de la citación")
        EXTENSION_REQUEST = "extension", _("Ampliación pedida dentro del plazo")
        SESSION_AGREEMENT = "session_agreement", _("Ampliación acordada en la sesión")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("sesión")
    )
    position = models.PositiveSmallIntegerField(_("orden"))
    title = models.CharField(_("asunto"), max_length=500)
    description = models.TextField(_("detalle"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    presenter = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("presenta")
    )
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    origin = models.CharField(_("origen"), max_length=20, choices=Origin.choices, default=Origin.CALL)
    proposed_by = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("propuesto por")
    )
    proposed_at = models.DateTimeField(_("propuesto el"), null=True, blank=True)
    summary = models.TextField(_("resumen de lo tratado"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    # A late extension is valid only by a majority agreement taken on the day (Art. 11); the count
    # of that vote is kept with the item.
    agreement_votes_for = models.PositiveSmallIntegerField(_("votos a favor"), null=True, blank=True)
    agreement_votes_against = models.PositiveSmallIntegerField(_("votos en contra"), null=True, blank=True)
    agreement_abstentions = models.PositiveSmallIntegerField(_("abstenciones"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="agenda_unique_position"),
        ]
        verbose_name = _("punto de agenda")
        verbose_name_plural = _("puntos de agenda")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AgendaDocument(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("punto"))
    title = models.CharField(_("título"), max_length=300)
    # Uploads are checked and renamed by the service (mtigm.core.files.validate_document_upload).
    file = models.FileField(_("archivo"), upload_to="agenda/%Y/", max_length=200)
    uploaded_at = models.DateTimeField(_("subido el"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("documento de agenda")
        verbose_name_plural = _("documentos de agenda")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One person present at a session, in the name of an entity (R2: the entity counts once)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("sesión"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("persona"))
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("entidad"))
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("designación")
    )
    signed_in_at = models.DateTimeField(_("registrada a las"))
    left_at = models.DateTimeField(_("se retiró a las"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "entity__acronym", "signed_in_at"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_person")]
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")

    def __str__(self) -> str:
        return f"{self.person} ({self.entity})"


class Suspension(models.Model):
    """A recess of a session in course: suspended at, resumed at (both in the acta)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="suspensions", verbose_name=_("sesión"))
    suspended_at = models.DateTimeField(_("suspendida a las"))
    resumed_at = models.DateTimeField(_("reanudada a las"), null=True, blank=True)
    reason = models.CharField(_("motivo"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "suspended_at"]
        constraints = [
            # A session is suspended once at a time: at most one recess without a resumption.
            models.UniqueConstraint(
                fields=["session"], condition=Q(resumed_at__isnull=True), name="suspension_one_open_per_session"
            ),
        ]
        verbose_name = _("suspensión")
        verbose_name_plural = _("suspensiones")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.suspended_at:%H:%M}"


class AbsenceNotice(models.Model):
    """Titular and alternate cannot attend; told to the ST a day ahead (Art. 7.7 b)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="absences", verbose_name=_("sesión"))
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("entidad"))
    notified_at = models.DateTimeField(_("comunicada el"))
    reason = models.TextField(_("motivo"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    on_time = models.BooleanField(_("en plazo"), default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "entity"], name="absence_once_per_entity")]
        verbose_name = _("aviso de inasistencia")
        verbose_name_plural = _("avisos de inasistencia")

    def __str__(self) -> str:
        return f"{self.entity} — {self.session}"


class SessionTransition(models.Model):
    """One change of a session's state, with who made it and why (shown on the session page)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("sesión"))
    from_state = models.CharField(_("estado anterior"), max_length=20, choices=Session.State.choices, blank=True)
    to_state = models.CharField(_("nuevo estado"), max_length=20, choices=Session.State.choices)
    reason = models.TextField(_("motivo"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("realizado por"),
    )
    at = models.DateTimeField(_("fecha y hora"))

    class Meta:
        ordering = ["session", "at", "pk"]
        verbose_name = _("cambio de estado")
        verbose_name_plural = _("cambios de estado")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.from_state or '—'} → {self.to_state}"


class ExtraordinarySessionRequest(models.Model):
    """A request of member entities for an extraordinary session (Art. 10, Art. 27 when extended)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Recogiendo respaldos")
        CONVENED = "convened", _("Sesión convocada")
        WITHDRAWN = "withdrawn", _("Retirado")

    subject = models.CharField(_("asunto"), max_length=500)
    motive = models.TextField(_("fundamento"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    extended = models.BooleanField(_("ampliada"), default=False)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presentado por"),
    )
    created_at = models.DateTimeField(_("presentado el"), auto_now_add=True)
    session = models.OneToOneField(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="extraordinary_request",
        verbose_name=_("sesión convocada"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pedido de sesión extraordinaria")
        verbose_name_plural = _("pedidos de sesión extraordinaria")

    def __str__(self) -> str:
        return self.subject


class RequestBacking(models.Model):
    """A member entity backing a request, signed by one of its current representatives."""

    request = models.ForeignKey(
        ExtraordinarySessionRequest, on_delete=models.CASCADE, related_name="backings", verbose_name=_("pedido")
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("entidad"))
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, related_name="+", verbose_name=_("designación")
    )
    backed_at = models.DateTimeField(_("respaldado el"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "backed_at"]
        # An entity backs a request once, whichever of its representatives signs (Art. 10).
        constraints = [models.UniqueConstraint(fields=["request", "entity"], name="request_backing_once_per_entity")]
        verbose_name = _("respaldo")
        verbose_name_plural = _("respaldos")

    def __str__(self) -> str:
        return f"{self.entity} → {self.request}"


class CalendarFeedToken(models.Model):
    """The secret in the address of a user's personal calendar feed; rotating it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feed_token", verbose_name=_("usuario")
    )
    token = models.CharField(_("clave"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("creada"), auto_now=True)

    class Meta:
        verbose_name = _("clave de calendario personal")
        verbose_name_plural = _("claves de calendario personal")

    def __str__(self) -> str:
        return f"{self.user}"
