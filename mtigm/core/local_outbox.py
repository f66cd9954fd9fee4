"""The local outbox: e-mail written to a folder instead of being sent, browsable by the ST.

On the embedded default (no EMAIL_URL) Django's file-based e-mail backend writes every message into
``settings.EMAIL_FILE_PATH``: one ``.log`` file per connection, messages separated by a line of 79
dashes. These views parse that folder so that the Secretaría Técnica can see exactly what the
application sent — the calls, minutes and alerts with their attachments — without an SMTP server.

Wire it with ``path("correo-local/", include("mtigm.core.local_outbox"))``. Only the Secretaría
Técnica opens these pages (``outbox.view`` in the access matrix).
"""

from __future__ import annotations

import datetime
import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView, View

SEPARATOR = b"\n" + b"-" * 79 + b"\n"
# Django names the files "%Y%m%d-%H%M%S-<id>.log"; anything else in the folder is ignored, and the
# strict pattern also keeps a crafted URL from reaching files outside the folder.
FILE_NAME = re.compile(r"^[\w.-]+\.log$")


@dataclass
class OutboxAttachment:
    index: int
    filename: str
    content_type: str
    size: int


@dataclass
class OutboxMessage:
    file: str
    index: int
    subject: str
    sender: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    reply_to: list[str]
    date: datetime.datetime | None
    text: str = ""
    html: str = ""
    attachments: list[OutboxAttachment] = field(default_factory=list)
    raw: EmailMessage | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return f"{self.file}/{self.index}"


def outbox_dir() -> Path | None:
    """The folder the file backend writes to, or None when e-mail goes out by SMTP."""
    if settings.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend":
        return None
    return Path(settings.EMAIL_FILE_PATH)


def _addresses(message: EmailMessage, header: str) -> list[str]:
    values = message.get_all(header, [])
    return [f"{name} <{addr}>" if name else addr for name, addr in getaddresses([str(v) for v in values])]


def _parse(file: str, index: int, raw: bytes) -> OutboxMessage:
    message: EmailMessage = email.message_from_bytes(raw.strip(b"\n") + b"\n", policy=email.policy.default)
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    if date is not None and timezone.is_naive(date):
        date = timezone.make_aware(date, datetime.UTC)
    parsed = OutboxMessage(
        file=file,
        index=index,
        subject=str(message.get("Subject", "")),
        sender=str(message.get("From", "")),
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        bcc=_addresses(message, "Bcc"),
        reply_to=_addresses(message, "Reply-To"),
        date=date,
        raw=message,
    )
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    parsed.text = text_part.get_content() if text_part is not None else ""
    parsed.html = html_part.get_content() if html_part is not None else ""
    for number, part in enumerate(message.iter_attachments()):
        payload = part.get_payload(decode=True) or b""
        parsed.attachments.append(
            OutboxAttachment(
                index=number,
                filename=part.get_filename() or f"adjunto-{number + 1}",
                content_type=part.get_content_type(),
                size=len(payload),
            )
        )
    return parsed


def read_file(folder: Path, name: str) -> list[OutboxMessage]:
    """All messages of one ``.log`` file, in the order they were written."""
    if not FILE_NAME.match(name):
        return []
    target = folder / name
    if not target.is_file():
        return []
    chunks = [chunk for chunk in target.read_bytes().split(SEPARATOR) if chunk.strip()]
    return [_parse(name, index, chunk) for index, chunk in enumerate(chunks)]


def list_messages(folder: Path | None = None) -> list[OutboxMessage]:
    """Every message of the outbox, newest first."""
    folder = folder if folder is not None else outbox_dir()
    if folder is None or not folder.is_dir():
        return []
    messages = [m for entry in folder.iterdir() if entry.is_file() for m in read_file(folder, entry.name)]
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return sorted(messages, key=lambda m: (m.date or oldest, m.file, m.index), reverse=True)


def access_message(name: str, index: int) -> OutboxMessage:
    """Fetch one message of the outbox or raise Http404."""
    folder = outbox_dir()
    if folder is None:
        raise Http404
    messages = read_file(folder, name)
    if not 0 <= index < len(messages):
        raise Http404
    return messages[index]


class LocalOutboxListView(TemplateView):
    template_name = "core/local_outbox_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        folder = outbox_dir()
        messages = list_messages(folder)
        query = self.request.GET.get("q", "").strip()
        if query:
            needle = query.casefold()
            messages = [
                m
                for m in messages
                if needle in m.subject.casefold() or any(needle in a.casefold() for a in m.to + m.cc)
            ]
        page = Paginator(messages, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(folder=folder, page_obj=page, messages_page=page.object_list, query=query, total=len(messages))
        return context


class LocalOutboxDetailView(TemplateView):
    template_name = "core/local_outbox_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["message"] = access_message(kwargs["name"], kwargs["index"])
        return context


class LocalOutboxAttachmentView(View):
    def get(self, request: Any, name: str, index: int, number: int) -> HttpResponse:
        message = access_message(name, index)
        parts = list(message.raw.iter_attachments()) if message.raw is not None else []
        if not 0 <= number < len(parts):
            raise Http404
        part = parts[number]
        response = HttpResponse(part.get_payload(decode=True) or b"", content_type=part.get_content_type())
        filename = part.get_filename() or f"adjunto-{number + 1}"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response


app_name = "local_outbox"
urlpatterns = [
    path("", LocalOutboxListView.as_view(), name="list"),
    path("<str:name>/<int:index>/", LocalOutboxDetailView.as_view(), name="detail"),
    path("<str:name>/<int:index>/adjunto/<int:number>/", LocalOutboxAttachmentView.as_view(), name="attachment"),
]
