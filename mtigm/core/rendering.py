"""Documents rendered by a Celery task with their progress on the row: the work plan's reports
(workplans.ReportDocument), the Informe País (compact.InformeDocument) and the report to the PCM
(accountability.PcmReport) share this one machinery.

A row goes ``pending`` → ``running`` → ``done``. The task claims it under a row lock, so a message
delivered twice renders once; every step writes a heartbeat, so a run whose worker died (killed
during WeasyPrint, a cold shutdown, a lost connection) is recognised by its stale heartbeat and taken
back by the sweep instead of showing "Generando" forever. A failed attempt returns the row to
``pending`` with its error while the retry waits (the page keeps polling and nobody can queue a
second copy); only the last failure leaves it ``failed``. Steps are stored as codes and shown in the
reader's language.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import dispatch

logger = logging.getLogger(__name__)

# A running row whose last heartbeat is older than this is a run that died: the longest step (the
# PDF of a full year, about 1 s on the demo) is far shorter, and the task's hard time limit below.
STALE_AFTER = datetime.timedelta(minutes=15)
# A pending row the broker never delivered (an outage while requesting) is sent again after this.
LOST_AFTER = datetime.timedelta(minutes=2)
MAX_RETRIES = 3
# The options of every rendering task. acks_late with reject_on_worker_lost puts the message back
# when the worker dies mid-render; the claim's attempt count keeps a document that kills its worker
# from being tried forever.
TASK_OPTIONS: dict[str, Any] = {
    "bind": True,
    "max_retries": MAX_RETRIES,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": 300,
    "time_limit": 360,
}


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("En cola")
    RUNNING = "running", _("Generando")
    DONE = "done", _("Listo")
    FAILED = "failed", _("Falló")


class RenderStep(models.TextChoices):
    GATHERING = "gathering", _("Reuniendo datos")
    SHEET = "sheet", _("Componiendo la hoja de cálculo")
    PDF = "pdf", _("Componiendo el PDF")
    ODT = "odt", _("Componiendo el documento editable (ODT)")
    SAVING = "saving", _("Guardando")


class RenderedDocument(models.Model):
    """The fields and states every rendered document shares; the subclass adds its files."""

    Status = RenderStatus

    status = models.CharField(_("estado"), max_length=20, choices=RenderStatus.choices, default=RenderStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("avance"), default=0)
    step = models.CharField(_("paso"), max_length=200, blank=True)
    sha256 = models.CharField(_("huella SHA-256 del PDF"), max_length=64, blank=True)
    # For the staff and the logs only; pages say that it failed, never the exception's text.
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("solicitado el"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("última señal del proceso"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado el"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def in_progress(self) -> bool:
        return self.status in (RenderStatus.PENDING, RenderStatus.RUNNING)

    @property
    def retrying(self) -> bool:
        """An attempt failed and another is scheduled."""
        return self.status == RenderStatus.PENDING and bool(self.error)

    @property
    def step_label(self) -> str:
        """The step in the reader's language (rows written before steps were codes keep their text)."""
        try:
            return str(RenderStep(self.step).label)
        except ValueError:
            return self.step

    def is_frozen(self) -> bool:
        """A document that may no longer be written (an approved yearly report): never claimed."""
        return False


def in_flight() -> Q:
    """Rows a new request should answer with instead of queueing a copy: pending, or running and alive."""
    alive = timezone.now() - STALE_AFTER
    return Q(status=RenderStatus.PENDING) | Q(status=RenderStatus.RUNNING, heartbeat_at__gt=alive)


@dataclass
class Output:
    """What a build produced: files by field name as (file name, bytes), the field whose bytes the
    SHA-256 is of, and other fields to store."""

    files: dict[str, tuple[str, bytes]]
    digest_of: str = "pdf"
    fields: dict[str, Any] = field(default_factory=dict)


class Progress:
    """Given to a build to report its steps; each one is also the run's heartbeat."""

    def __init__(self, model: type[RenderedDocument], pk: int) -> None:
        self.model, self.pk = model, pk

    def step(self, progress: int, step: RenderStep) -> None:
        self.model._default_manager.filter(pk=self.pk, status=RenderStatus.RUNNING).update(
            progress=progress, step=step.value, heartbeat_at=timezone.now()
        )


def claim(model: type[RenderedDocument], pk: int, *, related: tuple[str, ...] = ()) -> Any:
    """Take the row to running, or None when another run holds it, it is finished or frozen. A
    running row with a stale heartbeat is a dead run's and is taken back; one that has been tried
    ``MAX_RETRIES + 1`` times is failed for good (it may be what kills the worker)."""
    stale = timezone.now() - STALE_AFTER
    with transaction.atomic():
        document = (
            model._default_manager.select_for_update(skip_locked=True, of=("self",))
            .select_related(*related)
            .filter(pk=pk)
            .alias(last_sign=Coalesce("heartbeat_at", "created_at"))
            .filter(Q(status=RenderStatus.PENDING) | Q(status=RenderStatus.RUNNING, last_sign__lte=stale))
            .first()
        )
        if document is None or document.is_frozen():
            return None
        if document.attempts > MAX_RETRIES:
            document.status, document.step = RenderStatus.FAILED, ""
            document.error = document.error or "gave up after repeated attempts"
            document.save(update_fields=["status", "step", "error"])
            return None
        document.status, document.progress, document.step = RenderStatus.RUNNING, 5, RenderStep.GATHERING.value
        document.attempts += 1
        document.heartbeat_at = timezone.now()
        document.save(update_fields=["status", "progress", "step", "attempts", "heartbeat_at"])
    return document


def finish(model: type[RenderedDocument], pk: int, output: Output) -> bool:
    """Store the files and mark the row done; False when the row is no longer this run's."""
    with transaction.atomic():
        document = model._default_manager.select_for_update().get(pk=pk)
        if document.status != RenderStatus.RUNNING or document.is_frozen():
            return False
        for name, (filename, data) in output.files.items():
            getattr(document, name).save(filename, ContentFile(data), save=False)
        for name, value in output.fields.items():
            setattr(document, name, value)
        if output.digest_of in output.files:
            document.sha256 = hashlib.sha256(output.files[output.digest_of][1]).hexdigest()
        document.status, document.progress, document.step, document.error = RenderStatus.DONE, 100, "", ""
        document.finished_at = document.heartbeat_at = timezone.now()
        document.save()
    return True


def run(
    task: Any,
    model: type[RenderedDocument],
    pk: int,
    build: Callable[[Any, Progress], Output],
    *,
    related: tuple[str, ...] = (),
) -> str:
    """The body of a rendering task: claim, build (in Spanish, the language of the commission's
    documents), store; on an error, retry with back-off (30 s, 60 s, 120 s) and fail for good last."""
    document = claim(model, pk, related=related)
    if document is None:
        return "skipped"
    progress = Progress(model, pk)
    try:
        with translation.override("es"):
            output = build(document, progress)
        progress.step(90, RenderStep.SAVING)
        return "done" if finish(model, pk, output) else "skipped"
    except Exception as exc:
        logger.exception("%s %s failed", model.__name__, pk)
        final = task.request.called_directly or task.request.retries >= MAX_RETRIES
        try:
            model._default_manager.filter(pk=pk, status=RenderStatus.RUNNING).update(
                status=RenderStatus.FAILED if final else RenderStatus.PENDING,
                error=f"{type(exc).__name__}: {exc}"[:2000],
                step="",
                progress=0,
                heartbeat_at=timezone.now(),
            )
        except DatabaseError:
            # The connection itself failed: the row stays running and the sweep takes it back
            # once its heartbeat is stale.
            logger.exception("%s %s: the failure could not be recorded", model.__name__, pk)
        if task.request.called_directly:
            raise
        if final:
            return "failed"
        raise task.retry(exc=exc, countdown=30 * 2**task.request.retries) from exc


def sweep(model: type[RenderedDocument], task_name: str) -> int:
    """Send again the rows whose task was lost: pending ones nobody took (a broker outage while
    requesting; a retry's own message comes first) and running ones whose run died."""
    now = timezone.now()
    last_sign = Coalesce("heartbeat_at", "created_at")
    lost = model._default_manager.alias(last_sign=last_sign).filter(
        Q(status=RenderStatus.PENDING, last_sign__lte=now - LOST_AFTER)
        | Q(status=RenderStatus.RUNNING, last_sign__lte=now - STALE_AFTER)
    )
    ids = list(lost.values_list("pk", flat=True))
    return dispatch.publish_many(task_name, [(pk,) for pk in ids])
