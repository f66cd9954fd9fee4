"""Fill directives/locale/en/LC_MESSAGES/django.po with the English texts below (run after
makemessages; then compilemessages). Keeping the translations here lets makemessages be re-run
without losing them."""

import re
from pathlib import Path

PO = Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"

# A tuple holds the singular and plural of an ngettext message.
EN: dict[str, str | tuple[str, str]] = {
    "Normas y reglas": "Norms and rules",
    "Sábado": "Saturday",
    "Domingo": "Sunday",
    "Reglas vigentes el": "Rules in force on",
    "Nuevo valor": "New value",
    "Un número entero, o para fórmulas y fechas el mismo JSON de la versión anterior.": "A whole number, or for formulas and dates the same JSON as the previous version.",
    "Vigente desde": "In force from",
    "Norma": "Norm",
    "Artículo o numeral": "Article or section",
    "Escriba un número o un JSON válido.": "Enter a number or valid JSON.",
    "Fecha": "Date",
    "Motivo": "Reason",
    "Base legal": "Legal basis",
    "Por ejemplo: D.S. N° 123-2024-PCM.": "For example: D.S. N° 123-2024-PCM.",
    "Ordinaria": "Ordinary",
    "Extraordinaria": "Extraordinary",
    "Fecha de la sesión": "Session date",
    "Tipo de sesión": "Session type",
    "%(n)s día hábil": ("%(n)s business day", "%(n)s business days"),
    "%(n)s día calendario": ("%(n)s calendar day", "%(n)s calendar days"),
    "%(n)s mes": ("%(n)s month", "%(n)s months"),
    "%(n)s minuto": ("%(n)s minute", "%(n)s minutes"),
    "%(n)s entidad miembro": ("%(n)s member entity", "%(n)s member entities"),
    "%(n)s sesión": ("%(n)s session", "%(n)s sessions"),
    "%(n)s página": ("%(n)s page", "%(n)s pages"),
    "1.ª semana de %(month)s": "1st week of %(month)s",
    "2.ª semana de %(month)s": "2nd week of %(month)s",
    "3.ª semana de %(month)s": "3rd week of %(month)s",
    "4.ª semana de %(month)s": "4th week of %(month)s",
    "todos los miembros presentes y acuerdo por unanimidad": "all members present and a unanimous agreement",
    "mitad más uno de las entidades miembro": "half plus one of the member entities",
    "%(num)s/%(den)s más %(plus)s de las entidades miembro": "%(num)s/%(den)s plus %(plus)s of the member entities",
    "mayoría simple de los miembros presentes y votantes": "simple majority of the members present and voting",
    "%(text)s; en empate dirime el Presidente": "%(text)s; the President breaks a tie",
    "mayoría simple de todos los miembros en funciones": "simple majority of all members in office",
    "%(day)s de %(month)s": "%(month)s %(day)s",
    "Sí": "Yes",
    "No": "No",
    "Normas": "Norms",
    "Decreto, Reglamento, directivas y lineamientos.": "Decree, Regulation, directives and guidelines.",
    "Reglas vigentes": "Rules in force",
    "Plazos, quórum y mayorías con su artículo; calculadora de plazos.": "Deadlines, quorum and majorities with their article; deadline calculator.",
    "Días no laborables": "Non-working days",
    "Feriados y días no laborables que no cuentan como días hábiles.": "Holidays and non-working days that do not count as business days.",
    "Decreto supremo": "Supreme decree",
    "Reglamento": "Regulation",
    "Directiva": "Directive",
    "Lineamientos": "Guidelines",
    "Otra norma": "Other norm",
    "Proyecto": "Draft",
    "Vigente": "In force",
    "Derogada": "Repealed",
    "código": "code",
    "tipo": "kind",
    "número": "number",
    "título": "title",
    "nombre corto": "short name",
    "Cómo se cita la norma en los mensajes.": "How the norm is cited in messages.",
    "fecha de emisión": "date issued",
    "aprobada por": "approved by",
    "Resolución, decreto o acuerdo del Pleno que la aprobó.": "Resolution, decree or Plenary agreement that approved it.",
    "fecha de aprobación": "date approved",
    "acuerdo de aprobación": "approving agreement",
    "Para las directivas: el acuerdo del Pleno que la aprobó (sesión y número).": "For directives: the Plenary agreement that approved it (session and number).",
    "fecha de publicación": "date published",
    "vigente desde": "in force from",
    "vigente hasta": "in force until",
    "estado": "status",
    "texto": "text",
    "nota sobre la fuente": "note on the source",
    "De dónde salen las fechas y datos, y cualquier discrepancia entre las fuentes.": "Where the dates and data come from, and any discrepancy between sources.",
    "norma": "norm",
    "normas": "norms",
    "Por ejemplo «11» o «6.4.3.1».": "For example “11” or “6.4.3.1”.",
    "rótulo": "label",
    "Por ejemplo «Art. 11» o «§6.4.3.1».": "For example “Art. 11” or “§6.4.3.1”.",
    "epígrafe": "heading",
    "orden": "order",
    "artículo": "article",
    "artículos": "articles",
    "días hábiles": "business days",
    "días calendario": "calendar days",
    "meses": "months",
    "minutos": "minutes",
    "entidades": "entities",
    "sesiones": "sessions",
    "páginas": "pages",
    "fórmula": "formula",
    "fecha del año": "date of the year",
    "indicador": "flag",
    "clave": "key",
    "nombre": "name",
    "descripción": "description",
    "valor": "value",
    "unidad": "unit",
    "Rótulo de la disposición citada, por ejemplo «Art. 11» o «§6.4.3.1».": "Label of the cited provision, for example “Art. 11” or “§6.4.3.1”.",
    "regla": "rule",
    "reglas": "rules",
    "Parámetro de la Secretaría Técnica": "Parameter set by the Technical Secretariat",
    "fecha": "date",
    "motivo": "reason",
    "base legal": "legal basis",
    "Decreto supremo que lo declara, si lo hay.": "Supreme decree declaring it, if any.",
    "día no laborable": "non-working day",
    "días no laborables": "non-working days",
    "No hay una regla «%(key)s» vigente el %(day)s.": "There is no rule “%(key)s” in force on %(day)s.",
    "No existe la norma «%(code)s».": "The norm “%(code)s” does not exist.",
    "No existe esa disposición.": "That provision does not exist.",
    "El valor debe ser un número entero no negativo.": "The value must be a non-negative whole number.",
    "El valor debe tener los mismos campos que la versión anterior: %(keys)s.": "The value must have the same fields as the previous version: %(keys)s.",
    "El valor debe ser sí o no.": "The value must be yes or no.",
    "Solo la Secretaría Técnica puede registrar una nueva versión de una regla.": "Only the Technical Secretariat can record a new version of a rule.",
    "No existe la regla «%(key)s».": "The rule “%(key)s” does not exist.",
    "La nueva versión debe regir después del %(date)s, inicio de la versión vigente.": "The new version must start after %(date)s, when the current version started.",
    "La regla dejó de regir el %(date)s; la nueva versión debe empezar el día siguiente.": "The rule ceased to apply on %(date)s; the new version must start the next day.",
    "Toda regla cita la norma y el artículo de donde viene.": "Every rule cites the norm and article it comes from.",
    "Ya existe una versión de esta regla que rige desde esa fecha.": "A version of this rule already starts on that date.",
    "Solo la Secretaría Técnica registra la aprobación de una directiva.": "Only the Technical Secretariat records the approval of a directive.",
    "Solo las directivas se aprueban por acuerdo del Pleno.": "Only directives are approved by a Plenary agreement.",
    "La directiva ya fue aprobada el %(date)s.": "The directive was already approved on %(date)s.",
    "Indique el acuerdo del Pleno que aprobó la directiva.": "Give the Plenary agreement that approved the directive.",
    "Pleno de la MTIGM": "MTIGM Plenary",
    "Solo la Secretaría Técnica registra días no laborables.": "Only the Technical Secretariat records non-working days.",
    "Indique el motivo del día no laborable.": "Give the reason for the non-working day.",
    "Los sábados y domingos ya no son días hábiles.": "Saturdays and Sundays are already not business days.",
    "Ese día ya es feriado nacional: %(name)s.": "That day is already a national holiday: %(name)s.",
    "Ese día ya está registrado como no laborable.": "That day is already recorded as non-working.",
    "Calculadora de plazos": "Deadline calculator",
    "Reglas que aplican esta disposición": "Rules applying this provision",
    "Ver en el texto completo": "See in the full text",
    "Indique la fecha de la sesión y su tipo para saber el último día en que puede citarse.": "Enter the session's date and type to find the last day on which it can be called.",
    "Calcular": "Calculate",
    "Último día para citar: %(date)s": "Last day to send the call: %(date)s",
    "La citación debe dejar al menos %(notice)s entre su fecha y la de la sesión, sin contar ninguna de las dos. Citando ese día quedan %(days)s.": "The call must leave at least %(notice)s between its date and the session's, counting neither. A call on that day leaves %(days)s.",
    "Esa fecha ya pasó: la sesión no puede citarse a tiempo; solo podría sesionar sin citación con todos los miembros y acuerdo unánime (Art. 11).": "That date has passed: the session cannot be called in time; it could only meet without a call with all members present and a unanimous agreement (Art. 11).",
    "Días no hábiles en el plazo": "Non-business days in the period",
    "Eliminar día no laborable": "Delete non-working day",
    "¿Eliminar el %(date)s (%(reason)s)? Ese día volverá a contar como día hábil en los plazos.": "Delete %(date)s (%(reason)s)? That day will count as a business day again in deadlines.",
    "Eliminar": "Delete",
    "Cancelar": "Cancel",
    "Además de sábados, domingos y feriados nacionales, no son días hábiles los días no laborables para el sector público que la Secretaría Técnica registra aquí con su base legal.": "Besides Saturdays, Sundays and national holidays, the public-sector non-working days that the Technical Secretariat records here with their legal basis are not business days.",
    "Registrados por la Secretaría Técnica": "Recorded by the Technical Secretariat",
    "No hay días registrados en este año.": "No days recorded for this year.",
    "Registrar un día no laborable": "Record a non-working day",
    "Registrar": "Record",
    "Feriados nacionales": "National holidays",
    "Tipo": "Kind",
    "Aprobada por": "Approved by",
    "Acuerdo de aprobación": "Approving agreement",
    "Publicada": "Published",
    "Estado": "Status",
    "vigente desde el %(date)s": "in force from %(date)s",
    "Disposiciones": "Provisions",
    "Índice": "Contents",
    "Texto": "Text",
    "Normas de la Mesa": "Norms of the Commission",
    "El marco legal de la MTIGM: el decreto de creación, su Reglamento, las directivas internas aprobadas por el Pleno y los lineamientos de política.": "The MTIGM's legal framework: the founding decree, its Regulation, the internal directives approved by the Plenary and the policy guidelines.",
    "Versiones": "Versions",
    "Vigente hasta": "In force until",
    "Valor": "Value",
    "Fuente": "Source",
    "Registrar una nueva versión": "Record a new version",
    "La versión vigente se cierra el día anterior; las versiones anteriores no se modifican.": "The current version closes the day before; earlier versions are never changed.",
    "Registrar versión": "Record version",
    "Cada número que la plataforma aplica, con la disposición de la que proviene, tal como rige el %(date)s.": "Every number the platform applies, with the provision it comes from, as in force on %(date)s.",
    "Ver": "Show",
    "Regla": "Rule",
    "Unidad": "Unit",
    "Vigencia": "Validity",
    "desde %(start)s": "from %(start)s",
    "hasta %(end)s": "until %(end)s",
    "No hay reglas vigentes en esa fecha.": "No rules in force on that date.",
    "Las reglas se aplican también a fechas anteriores a la vigencia de su norma (desde 2011), para poder registrar la historia de la Mesa con los mismos criterios.": "Rules also apply to dates before their norm came into force (from 2011), so that the Commission's history is recorded by the same criteria.",
    "No existe esa regla.": "That rule does not exist.",
    "Se registró la nueva versión de la regla.": "The new version of the rule was recorded.",
    "Se registró el día no laborable %(date)s.": "Non-working day %(date)s recorded.",
    "Se eliminó el día no laborable %(date)s.": "Non-working day %(date)s deleted.",
}


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    out, missing = [blocks[0]], []
    for block in blocks[1:]:
        lines = [line for line in block.splitlines() if line != "#, fuzzy" and not line.startswith("#| ")]
        text = "\n".join(lines)
        found = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        if not found:
            out.append(block)
            continue
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', found.group(1))).replace('\\"', '"')
        english = EN.get(msgid)
        if english is None:
            missing.append(msgid)
            out.append(text)
            continue
        head = text[: text.index("msgstr")]
        if isinstance(english, tuple):
            body = f"msgstr[0] {quote(english[0])}\nmsgstr[1] {quote(english[1])}"
        else:
            body = f"msgstr {quote(english)}"
        out.append(head + body)
    PO.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    if missing:
        raise SystemExit("Missing English for: " + " | ".join(missing))


if __name__ == "__main__":
    main()
