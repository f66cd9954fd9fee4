"""English for the project-level catalogue (locale/en): fills empty msgstr entries.

Run ``.venv/bin/python scripts/translations_en.py`` after ``scripts/makemessages``; it writes the
translations below into locale/en/LC_MESSAGES/django.po and leaves entries already translated alone.
Then ``manage.py compilemessages -l en``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

EN = {
    "Mensajes": "Messages",
    "Correos que la plataforma envió o tiene en cola, con su estado.": "E-mails the platform sent or has queued, with their status.",
    "En cola": "Queued",
    "Enviado": "Sent",
    "Fallido": "Failed",
    "clave": "key",
    "tipo": "kind",
    "destinatario": "recipient",
    "nombre del destinatario": "recipient name",
    "asunto": "subject",
    "texto": "text",
    "HTML": "HTML",
    "adjuntos": "attachments",
    "estado": "status",
    "intentos": "attempts",
    "último error": "last error",
    "creado": "created",
    "enviado": "sent",
    "no antes de": "not before",
    "próximo intento": "next attempt",
    "mensaje saliente": "outbound message",
    "mensajes salientes": "outbound messages",
    "Solo la Secretaría Técnica puede reenviar mensajes.": "Only the Technical Secretariat may resend messages.",
    "El mensaje a %(to)s volvió a la cola de envío.": "The message to %(to)s is back in the sending queue.",
    "Español": "Spanish",
    "English": "English",
    "Mesa de Trabajo Intersectorial para la Gestión Migratoria": "Intersectoral Working Group for Migration Management",
    "Salir": "Log out",
    "Idioma": "Language",
    "Cambiar": "Change",
    "Mesa de Trabajo Intersectorial para la Gestión Migratoria — Secretaría Técnica, Ministerio de Relaciones Exteriores del Perú.": "Intersectoral Working Group for Migration Management — Technical Secretariat, Ministry of Foreign Affairs of Peru.",
    "(sin asunto)": "(no subject)",
    "Bandeja local de correo": "Local mail outbox",
    "Mensaje": "Message",
    "De": "From",
    "Para": "To",
    "Copia": "Cc",
    "Copia oculta": "Bcc",
    "Responder a": "Reply to",
    "Fecha": "Date",
    "El mensaje solo tiene versión HTML; se muestra sin estilos ni scripts.": "The message only has an HTML version; it is shown without styles or scripts.",
    "Contenido HTML": "HTML content",
    "Adjuntos": "Attachments",
    "Mensajes que la aplicación habría enviado por correo electrónico. Sin servidor SMTP configurado, se guardan en una carpeta local en lugar de enviarse.": "Messages the application would have sent by e-mail. With no SMTP server configured, they are saved in a local folder instead of being sent.",
    "El correo se envía por SMTP (EMAIL_URL está configurado), por eso no hay bandeja local.": "E-mail is sent through SMTP (EMAIL_URL is set), so there is no local outbox.",
    "Buscar por asunto o destinatario": "Search by subject or recipient",
    "Buscar": "Search",
    "%(counter)s mensaje": ("%(counter)s message", "%(counter)s messages"),
    "Asunto": "Subject",
    "Páginas": "Pages",
    "Anterior": "Previous",
    "Página %(number)s de %(total)s": "Page %(number)s of %(total)s",
    "Siguiente": "Next",
    "Todavía no hay mensajes en la bandeja local.": "There are no messages in the local outbox yet.",
    "Inicio": "Home",
    "Bienvenido": "Welcome",
    "Su usuario no tiene una designación vigente en la Mesa. Si cree que es un error, comuníquese con la Secretaría Técnica.": "Your user has no current designation in the Working Group. If you think this is a mistake, contact the Technical Secretariat.",
    "Mensajes enviados por la plataforma": "Messages sent by the platform",
    "Cada correo que la plataforma promete queda registrado aquí antes de enviarse. Los fallidos pueden reenviarse.": "Every e-mail the platform promises is recorded here before it is sent. Failed ones can be resent.",
    "Filtrar por estado": "Filter by status",
    "Todos": "All",
    "Creado": "Created",
    "Tipo": "Kind",
    "Destinatario": "Recipient",
    "Estado": "Status",
    "Intentos": "Attempts",
    "Reenviar": "Resend",
    "No hay mensajes.": "No messages.",
    "Anteriores": "Previous",
    "Página %(n)s de %(total)s": "Page %(n)s of %(total)s",
    "Siguientes": "Next",
    "Ingresar": "Log in",
    "Use el usuario y la contraseña que le entregó la Secretaría Técnica.": "Use the username and password the Technical Secretariat gave you.",
    "Usuario": "Username",
    "Contraseña": "Password",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _unquote(lines: list[str]) -> str:
    text = "".join(re.match(r'^(?:msgid(?:_plural)?|msgstr(?:\[\d\])?)?\s*"(.*)"$', line).group(1) for line in lines)  # type: ignore[union-attr]
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def fill(po_text: str) -> tuple[str, list[str]]:
    out, missing = [], []
    for block in po_text.split("\n\n"):
        lines = block.split("\n")
        keys = [i for i, line in enumerate(lines) if re.match(r"^(msgid|msgid_plural|msgstr)", line)]
        fields: dict[str, list[str]] = {}
        for n, start in enumerate(keys):
            end = keys[n + 1] if n + 1 < len(keys) else len(lines)
            name = lines[start].split(" ", 1)[0]
            fields[name] = [line for line in lines[start:end] if line.startswith(('"', "msg"))]
        msgid = _unquote(fields["msgid"]) if "msgid" in fields else ""
        if not msgid:
            out.append(block)
            continue
        head = list(lines[: keys[0]])
        translation = EN.get(msgid)
        already = [f for f in fields if f.startswith("msgstr") and _unquote(fields[f])]
        if already or translation is None:
            if not already:
                missing.append(msgid)
            out.append(block)
            continue
        head = [line for line in head if line != "#, fuzzy"]
        body = [*fields["msgid"]]
        if "msgid_plural" in fields:
            body += fields["msgid_plural"]
            singular, plural = translation
            body += [f"msgstr[0] {_quote(singular)}", f"msgstr[1] {_quote(plural)}"]
        else:
            body.append(f"msgstr {_quote(translation)}")
        out.append("\n".join(head + body))
    return "\n\n".join(out), missing


if __name__ == "__main__":
    text, missing = fill(PO.read_text(encoding="utf-8"))
    PO.write_text(text, encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)
