"""Votes, agreements, procedures that end in a vote, and the minutes (acta) of sessions.

A ballot (motion) is opened by the Secretaría Técnica on an agenda item; each member entity present
casts at most one vote (R2, R10), enforced by a unique constraint and, once the ballot is closed,
by PostgreSQL triggers that refuse any change to its votes and its result (pgtrigger). The
threshold of every kind of decision is a rule of the registry, named by ``DecisionKind``.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CsoRegistryFields, Designation, Entity, Person, Subgroup, SupportCommission, WorkingGroup
from mtigm.core.models import FREE_TEXT_MAX_LENGTH, no_truncate


class Choice(models.TextChoices):
    YES = "yes", _("A favor")
    NO = "no", _("En contra")
    ABSTAIN = "abstain", _("Abstención")


class DecisionKind(models.Model):
    """A kind of decision and the registry rule that gives its threshold (R10, R11).

    The threshold itself (base, fraction, casting vote) lives in the rule; this row only names it,
    so that changing a threshold is a new rule version and adding a kind is a row, never code.
    """

    code = models.SlugField(_("código"), max_length=60, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    threshold_rule_key = models.CharField(_("regla de la mayoría"), max_length=100)
    description = models.TextField(_("descripción"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    plenary_only = models.BooleanField(_("solo el Pleno"), default=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("tipo de decisión")
        verbose_name_plural = _("tipos de decisión")

    def __str__(self) -> str:
        return self.name


class Ballot(models.Model):
    """A motion put to the vote on an agenda item."""

    class State(models.TextChoices):
        OPEN = "open", _("Votación abierta")
        TIED = "tied", _("Empate: espera el voto dirimente")
        CLOSED = "closed", _("Cerrada")

    class Method(models.TextChoices):
        VOTE = "vote", _("Votación")
        CONSENSUS = "consensus", _("Consenso")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Aprobada")
        REJECTED = "rejected", _("No aprobada")

    session = models.ForeignKey(
        "commission_sessions.Session", on_delete=models.PROTECT, related_name="ballots", verbose_name=_("sesión")
    )
    agenda_item = models.ForeignKey(
        "commission_sessions.AgendaItem",
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name=_("punto de agenda"),
    )
    kind = models.ForeignKey(DecisionKind, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("tipo"))
    text = models.TextField(_("texto de la moción"), max_length=FREE_TEXT_MAX_LENGTH)
    method = models.CharField(_("modo de decisión"), max_length=20, choices=Method.choices, default=Method.VOTE)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(_("abierta a las"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("abierta por")
    )
    # The rule in force when the ballot opened, frozen so that re-tallying never depends on later rule changes.
    rule_key = models.CharField(_("regla"), max_length=100)
    rule_value = models.JSONField(_("valor de la regla"))
    rule_citation = models.CharField(_("cita"), max_length=300)
    eligible_count = models.PositiveSmallIntegerField(_("entidades habilitadas al abrir"), default=0)
    # Result, written once by closing.
    closed_at = models.DateTimeField(_("cerrada a las"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cerrada por"),
    )
    members_in_office = models.PositiveSmallIntegerField(_("miembros en funciones"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("entidades presentes al cierre"), null=True, blank=True)
    yes_count = models.PositiveSmallIntegerField(_("a favor"), null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(_("en contra"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("abstenciones"), null=True, blank=True)
    required_yes = models.PositiveSmallIntegerField(_("votos a favor necesarios"), null=True, blank=True)
    outcome = models.CharField(_("resultado"), max_length=20, choices=Outcome.choices, blank=True)
    casting_vote = models.CharField(_("voto dirimente"), max_length=10, choices=Choice.choices, blank=True)
    casting_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("dirimió")
    )
    casting_role = models.CharField(_("calidad de quien dirimió"), max_length=20, blank=True)
    casting_at = models.DateTimeField(_("voto dirimente a las"), null=True, blank=True)
    casting_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voto dirimente registrado por"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item"], condition=Q(state__in=["open", "tied"]), name="ballot_one_open_per_item"
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | (Q(outcome__in=["adopted", "rejected"]) & Q(closed_at__isnull=False)),
                name="ballot_closed_has_outcome",
            ),
        ]
        triggers = [
            # Art. 13 and R12: once closed, the result is part of the record and never changes.
            pgtrigger.Protect(
                name="ballot_closed_is_immutable",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__state="closed"),
            ),
            no_truncate("ballot_no_truncate"),
        ]
        verbose_name = _("votación")
        verbose_name_plural = _("votaciones")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED


VOTE_FROZEN_SQL = """
DECLARE
    ballot_state varchar;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT state INTO ballot_state FROM decisions_ballot WHERE id = OLD.ballot_id;
    ELSE
        SELECT state INTO ballot_state FROM decisions_ballot WHERE id = NEW.ballot_id;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.ballot_id <> NEW.ballot_id THEN
        RAISE EXCEPTION 'a vote cannot move to another ballot' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF ballot_state IS DISTINCT FROM 'open' THEN
        RAISE EXCEPTION 'votes of a ballot that is not open are immutable (ballot state: %)', ballot_state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
"""


class Vote(models.Model):
    """The one vote of a member entity on a ballot, cast by its titular or alternate (R2)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="votes", verbose_name=_("votación"))
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("entidad"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("votó"))
    designation = models.ForeignKey(
        Designation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("designación")
    )

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("Voto electrónico del representante")
        ROLL_CALL = "roll_call", _("Votación nominal, registrada por la Secretaría Técnica")
        SHOW_OF_HANDS = "show_of_hands", _("Mano alzada, registrada por la Secretaría Técnica")

    role = models.CharField(_("calidad"), max_length=20, choices=Designation.Role.choices)
    choice = models.CharField(_("voto"), max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(_("hora del voto"), default=timezone.now)
    # Who entered the vote: the representative (electronic) or the ST on the entity's behalf in the room.
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("usuario")
    )
    method = models.CharField(_("forma del voto"), max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    # Fundamento de voto: why an entity voted against or abstained, read into the acta beside its vote.
    reasons = models.TextField(_("fundamento del voto"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["ballot", "entity__acronym"]
        constraints = [models.UniqueConstraint(fields=["ballot", "entity"], name="vote_one_per_entity")]
        triggers = [
            pgtrigger.Trigger(
                name="vote_frozen_unless_ballot_open",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=VOTE_FROZEN_SQL,
            ),
            no_truncate("vote_no_truncate"),
        ]
        verbose_name = _("voto")
        verbose_name_plural = _("votos")

    def __str__(self) -> str:
        return f"{self.entity}: {self.get_choice_display()}"


class VoteAuditEntry(models.Model):
    """Append-only trail of every voting event, refused attempts included (who, entity, when)."""

    class Event(models.TextChoices):
        CAST = "cast", _("Voto emitido")
        RECORDED = "recorded", _("Voto registrado por la Secretaría Técnica")
        REFUSED = "refused", _("Voto rechazado")
        CASTING = "casting", _("Voto dirimente")
        OPENED = "opened", _("Votación abierta")
        CLOSED = "closed", _("Votación cerrada")

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="audit", verbose_name=_("votación"))
    event = models.CharField(_("evento"), max_length=20, choices=Event.choices)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("entidad")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("persona")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
    )
    at = models.DateTimeField(_("fecha y hora"), default=timezone.now)
    detail = models.CharField(_("detalle"), max_length=500, blank=True)

    class Meta:
        ordering = ["ballot", "at", "pk"]
        triggers = [
            pgtrigger.Protect(name="vote_audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            no_truncate("vote_audit_no_truncate"),
        ]
        verbose_name = _("registro de auditoría de voto")
        verbose_name_plural = _("auditoría de votos")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_event_display()}"


class Agreement(models.Model):
    """An adopted decision, numbered within its session, followed up by the ST (R13, Art. 18.9)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        IN_PROGRESS = "in_progress", _("En ejecución")
        DONE = "done", _("Cumplido")
        OVERDUE = "overdue", _("Vencido")

    class Method(models.TextChoices):
        VOTE = "vote", _("Por votación")
        CONSENSUS = "consensus", _("Por consenso")

    session = models.ForeignKey(
        "commission_sessions.Session", on_delete=models.PROTECT, related_name="agreements", verbose_name=_("sesión")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement", verbose_name=_("votación")
    )
    agenda_item = models.ForeignKey(
        "commission_sessions.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("punto de agenda"),
    )
    text = models.TextField(_("texto del acuerdo"), max_length=FREE_TEXT_MAX_LENGTH)
    method = models.CharField(_("adoptado"), max_length=20, choices=Method.choices, default=Method.VOTE)
    yes_count = models.PositiveSmallIntegerField(_("a favor"), null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(_("en contra"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("abstenciones"), null=True, blank=True)
    decided_by_casting_vote = models.BooleanField(_("decidido por voto dirimente"), default=False)
    owner = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_agreements",
        verbose_name=_("entidad responsable"),
    )
    due_date = models.DateField(_("plazo"), null=True, blank=True)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.PENDING)
    status_note = models.TextField(_("nota de seguimiento"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    public = models.BooleanField(_("público"), default=True)
    certified_at = models.DateTimeField(_("certificado para ejecución inmediata el"), null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificado por"),
    )
    reminder_sent_on = models.DateField(_("recordatorio enviado el"), null=True, blank=True)
    overdue_notified_on = models.DateField(_("vencimiento avisado el"), null=True, blank=True)
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificado"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session__starts_at", "number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="agreement_number_per_session")]
        indexes = [models.Index(fields=["status", "due_date"], name="agreement_status_due")]
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")

    def __str__(self) -> str:
        return f"{_('Acuerdo')} N° {self.number} — {self.session}"

    @property
    def reference(self) -> str:
        return f"{_('Acuerdo')} N° {self.number:02d}, {self.session.title}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DONE


class Minutes(models.Model):
    """One version of the acta of a session (R12). Approved versions are never edited."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        APPROVED = "approved", _("Aprobada")

    class PdfStatus(models.TextChoices):
        NONE = "none", _("Sin generar")
        QUEUED = "queued", _("En cola")
        RENDERING = "rendering", _("Generando")
        DONE = "done", _("Generado")
        FAILED = "failed", _("Error")

    session = models.ForeignKey(
        "commission_sessions.Session", on_delete=models.PROTECT, related_name="minutes", verbose_name=_("sesión")
    )
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrige a"),
    )
    correction_reason = models.TextField(_("motivo de la corrección"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    content = models.JSONField(_("contenido"), default=dict)
    summaries = models.JSONField(_("resúmenes por punto"), default=dict, blank=True)
    observations = models.TextField(_("otras constancias"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    content_hash = models.CharField(_("huella del contenido"), max_length=64, blank=True)
    approved_at = models.DateTimeField(_("aprobada el"), null=True, blank=True)
    approved_in_session = models.ForeignKey(
        "commission_sessions.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("aprobada en la sesión"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aprobación registrada por"),
    )
    pdf = models.FileField(_("PDF"), upload_to="actas/%Y/", blank=True)
    archive_pdf = models.FileField(_("PDF/A-3u de archivo"), upload_to="actas/archivo/%Y/", blank=True)
    pdf_status = models.CharField(_("estado del PDF"), max_length=20, choices=PdfStatus.choices, default="none")
    pdf_progress = models.PositiveSmallIntegerField(_("avance del PDF"), default=0)
    pdf_error = models.CharField(_("error del PDF"), max_length=500, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF generado el"), null=True, blank=True)
    pdf_requested_at = models.DateTimeField(_("PDF pedido el"), null=True, blank=True)
    pdf_started_at = models.DateTimeField(_("PDF en generación desde"), null=True, blank=True)
    sent_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "version"]
        constraints = [
            models.UniqueConstraint(fields=["session", "version"], name="minutes_unique_version"),
            models.CheckConstraint(
                condition=~Q(state="approved") | (Q(approved_at__isnull=False) & ~Q(content_hash="")),
                name="minutes_approved_has_date_and_hash",
            ),
        ]
        triggers = [
            # R12: the approved text is never edited; only rendering and delivery fields may change.
            pgtrigger.Protect(
                name="minutes_approved_content_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "OLD.state = 'approved' AND ("
                    "NEW.state IS DISTINCT FROM OLD.state OR NEW.content IS DISTINCT FROM OLD.content OR "
                    "NEW.summaries IS DISTINCT FROM OLD.summaries OR "
                    "NEW.observations IS DISTINCT FROM OLD.observations OR "
                    "NEW.content_hash IS DISTINCT FROM OLD.content_hash OR "
                    "NEW.approved_at IS DISTINCT FROM OLD.approved_at OR "
                    "NEW.approved_in_session_id IS DISTINCT FROM OLD.approved_in_session_id OR "
                    "NEW.session_id IS DISTINCT FROM OLD.session_id OR NEW.version IS DISTINCT FROM OLD.version)"
                ),
            ),
            pgtrigger.Protect(
                name="minutes_approved_not_deleted",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__state="approved"),
            ),
            no_truncate("minutes_no_truncate"),
        ]
        verbose_name = _("acta")
        verbose_name_plural = _("actas")

    def __str__(self) -> str:
        return f"{_('Acta')} — {self.session} (v{self.version})"

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED


class MinutesScan(models.Model):
    """The approved acta signed on paper by those without an account, scanned and uploaded by the ST.

    It is kept with the approved version it was signed on (its hash) and with the file's own hash.
    """

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="scans", verbose_name=_("acta"))
    file = models.FileField(_("archivo escaneado"), upload_to="actas/firmas/%Y/", max_length=200)
    file_sha256 = models.CharField(_("huella del archivo"), max_length=64)
    content_hash = models.CharField(_("huella del acta firmada"), max_length=64)
    uploaded_at = models.DateTimeField(_("subido el"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("subido por")
    )

    class Meta:
        ordering = ["minutes", "uploaded_at"]
        triggers = [
            pgtrigger.Protect(name="minutes_scan_immutable", operation=pgtrigger.Update | pgtrigger.Delete),
            no_truncate("minutes_scan_no_truncate"),
        ]
        verbose_name = _("acta firmada en papel")
        verbose_name_plural = _("actas firmadas en papel")

    def __str__(self) -> str:
        return f"{self.minutes} — {self.uploaded_at:%d/%m/%Y}"


class MinutesSignature(models.Model):
    """A signature of the approved acta by the ST or a member/observer representative who attended
    (R12): in the browser, or on paper (a scan uploaded by the ST covers it)."""

    class Method(models.TextChoices):
        APP = "app", _("Firma en la plataforma")
        PAPER = "paper", _("Firma en papel (acta escaneada)")

    class Capacity(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretaría Técnica")
        MEMBER = "member", _("Miembro")
        OBSERVER = "observer", _("Observador")

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("acta"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("firmante"))
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("entidad")
    )
    capacity = models.CharField(_("en calidad de"), max_length=20, choices=Capacity.choices)
    role = models.CharField(_("designación"), max_length=20, blank=True)
    signed_at = models.DateTimeField(_("firmada el"), default=timezone.now)
    content_hash = models.CharField(_("huella firmada"), max_length=64)
    method = models.CharField(_("forma de la firma"), max_length=10, choices=Method.choices, default=Method.APP)
    scan = models.ForeignKey(
        MinutesScan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("acta escaneada"),
    )
    # The signer's own account for a signature in the platform; the ST's for one on paper.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)

    class Meta:
        ordering = ["minutes", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="minutes_signed_once_per_person"),
            models.CheckConstraint(
                condition=Q(method="app", scan__isnull=True) | Q(method="paper", scan__isnull=False),
                name="signature_paper_has_scan",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="signature_immutable", operation=pgtrigger.Update | pgtrigger.Delete),
            no_truncate("signature_no_truncate"),
        ]
        verbose_name = _("firma del acta")
        verbose_name_plural = _("firmas del acta")

    def __str__(self) -> str:
        return f"{self.person} — {self.signed_at:%d/%m/%Y %H:%M}"


class Application(CsoRegistryFields):
    """A procedure that ends in a vote of the Plenary (or of a group): R14–R18, R24.

    A civil-society institution's request carries the Registry's fields (Dir. 002 §4.2.3, from
    ``CsoRegistryFields``), which the Registry entry takes over once the institution accepts.
    """

    class Kind(models.TextChoices):
        MEMBER_ADMISSION = "member_admission", _("Incorporación de entidad miembro")
        OBSERVER_ADMISSION = "observer_admission", _("Incorporación de entidad observadora")
        COOPERATION_AGENCY = "cooperation_agency", _("Invitación a agencia de cooperación")
        CSO_ADMISSION = "cso_admission", _("Incorporación de institución de la sociedad civil")
        CSO_LOSS = "cso_loss", _("Pérdida de la condición de institución de la sociedad civil")
        WORKING_GROUP = "working_group", _("Creación de grupo de trabajo")
        SUPPORT_COMMISSION = "support_commission", _("Creación o cambio de comisión de apoyo")
        COORDINATOR = "coordinator", _("Aprobación de coordinación de grupo")
        SUBGROUP_LEAD = "subgroup_lead", _("Aprobación de responsable de subgrupo")
        DIRECTIVE = "directive", _("Aprobación de directiva")

    class State(models.TextChoices):
        RECEIVED = "received", _("Recibida")
        SCHEDULED = "scheduled", _("En agenda")
        APPROVED = "approved", _("Aprobada")
        REJECTED = "rejected", _("No aprobada")
        INVITED = "invited", _("Invitación enviada")
        COMPLETED = "completed", _("Concluida")
        WITHDRAWN = "withdrawn", _("Desistida")

    class DecreeState(models.TextChoices):
        NOT_APPLICABLE = "", _("No corresponde")
        PENDING = "pending", _("Decreto supremo por tramitar")
        IN_PROCESS = "in_process", _("Decreto supremo en trámite")
        ISSUED = "issued", _("Decreto supremo publicado")

    kind = models.CharField(_("procedimiento"), max_length=30, choices=Kind.choices)
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.RECEIVED)
    title = models.CharField(_("asunto"), max_length=300)
    reasons = models.TextField(_("sustento"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    received_on = models.DateField(_("recibida el"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrada por")
    )
    requested_by_presidency = models.BooleanField(_("a pedido de la Presidencia"), default=False)
    backers = models.ManyToManyField(
        Entity, blank=True, related_name="backed_applications", verbose_name=_("entidades miembro que proponen")
    )
    # The applicant or the entity the procedure is about.
    name = models.CharField(_("nombre de la entidad"), max_length=300, blank=True)
    acronym = models.CharField(_("sigla"), max_length=40, blank=True)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="applications", verbose_name=_("entidad")
    )
    applicant_email = models.EmailField(_("correo de la entidad"), blank=True)
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("grupo")
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("subgrupo")
    )
    support_commission = models.ForeignKey(
        SupportCommission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comisión de apoyo"),
    )
    norm = models.ForeignKey(
        "directives.Norm", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("norma")
    )
    # Civil-society requirements (Dir. 002 §4.2.3–4.2.4) besides the Registry's fields.
    certificate_issued_on = models.DateField(_("fecha de emisión de la partida registral"), null=True, blank=True)
    purpose = models.TextField(_("fines de la institución"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    purpose_migration_related = models.BooleanField(_("fines vinculados a la temática migratoria"), default=False)
    # Progress.
    agenda_item = models.ForeignKey(
        "commission_sessions.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("punto de agenda"),
    )
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="application", verbose_name=_("votación")
    )
    decided_on = models.DateField(_("decidida el"), null=True, blank=True)
    decree_state = models.CharField(
        _("decreto supremo"), max_length=20, choices=DecreeState.choices, default="", blank=True
    )
    decree_reference = models.CharField(_("referencia del decreto"), max_length=200, blank=True)
    invitation_sent_on = models.DateField(_("invitación enviada el"), null=True, blank=True)
    accepted_on = models.DateField(_("aceptada el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("solicitud")
        verbose_name_plural = _("solicitudes")

    def __str__(self) -> str:
        return self.title
