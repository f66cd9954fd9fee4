"""Fill decisions/locale/en/LC_MESSAGES/django.po with the English texts below.

Run it after ``makemessages`` and before compiling the catalogue. Keeping the texts here as well as
in the .po file lets the catalogue be regenerated, and reviewed in one place, without losing them.
Entries missing from EN keep the translation the .po file already has; the script stops with a list
of messages that have none, so no page silently falls back to Spanish.
"""

import re
from pathlib import Path

PO = Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"

# A tuple holds the singular and plural of an ngettext message.
EN: dict[str, str | tuple[str, str]] = {
    # Menu and tabs.
    "Acuerdos y actas": "Agreements and minutes",
    "Votaciones": "Ballots",
    "Votar en la sesión en curso.": "Vote in the session in progress.",
    "Acuerdos": "Agreements",
    "Seguimiento de acuerdos de todas las sesiones.": "Follow-up of the agreements of every session.",
    "Solicitudes": "Applications",
    "Incorporaciones y propuestas al Pleno.": "Admissions and proposals to the Plenary.",
    # Model fields and choices.
    "código": "code",
    "nombre": "name",
    "regla de la mayoría": "majority rule",
    "descripción": "description",
    "solo el Pleno": "Plenary only",
    "orden": "order",
    "tipo de decisión": "decision type",
    "tipos de decisión": "decision types",
    "A favor": "In favor",
    "En contra": "Against",
    "Abstención": "Abstention",
    "Votación abierta": "Ballot open",
    "Empate: espera el voto dirimente": "Tie: awaiting the casting vote",
    "Cerrada": "Closed",
    "Votación": "Ballot",
    "Consenso": "Consensus",
    "Aprobada": "Approved",
    "No aprobada": "Not approved",
    "sesión": "session",
    "punto de agenda": "agenda item",
    "tipo": "type",
    "texto de la moción": "motion text",
    "modo de decisión": "decision method",
    "estado": "status",
    "abierta a las": "opened at",
    "abierta por": "opened by",
    "regla": "rule",
    "valor de la regla": "rule value",
    "cita": "citation",
    "entidades habilitadas al abrir": "entities eligible at opening",
    "cerrada a las": "closed at",
    "cerrada por": "closed by",
    "miembros en funciones": "sitting members",
    "entidades presentes al cierre": "entities present at closing",
    "a favor": "in favor",
    "en contra": "against",
    "abstenciones": "abstentions",
    "votos a favor necesarios": "votes in favor required",
    "resultado": "result",
    "voto dirimente": "casting vote",
    "dirimió": "casting vote cast by",
    "calidad de quien dirimió": "capacity of the person casting the deciding vote",
    "voto dirimente a las": "casting vote at",
    "voto dirimente registrado por": "casting vote recorded by",
    "votación": "ballot",
    "votaciones": "ballots",
    "entidad": "entity",
    "votó": "voted by",
    "designación": "designation",
    "calidad": "capacity",
    "voto": "vote",
    "hora del voto": "time of the vote",
    "usuario": "user",
    "votos": "votes",
    "Voto emitido": "Vote cast",
    "Voto rechazado": "Vote rejected",
    "Voto dirimente": "Casting vote",
    "Votación cerrada": "Ballot closed",
    "evento": "event",
    "persona": "person",
    "fecha y hora": "date and time",
    "detalle": "detail",
    "registro de auditoría de voto": "vote audit record",
    "auditoría de votos": "vote audit",
    "Por votación": "By vote",
    "Por consenso": "By consensus",
    "número": "number",
    "texto del acuerdo": "agreement text",
    "adoptado": "adopted",
    "decidido por voto dirimente": "decided by casting vote",
    "Pendiente": "Pending",
    "En ejecución": "In progress",
    "Cumplido": "Fulfilled",
    "Vencido": "Overdue",
    "entidad responsable": "responsible entity",
    "plazo": "deadline",
    "nota de seguimiento": "follow-up note",
    "público": "public",
    "certificado para ejecución inmediata el": "certified for immediate execution on",
    "certificado por": "certified by",
    "recordatorio enviado el": "reminder sent on",
    "vencimiento avisado el": "overdue notice sent on",
    "registrado": "recorded",
    "modificado": "modified",
    "acuerdo": "agreement",
    "acuerdos": "agreements",
    "Borrador": "Draft",
    "Sin generar": "Not generated",
    "En cola": "Queued",
    "Generando": "Generating",
    "Generado": "Generated",
    "Error": "Error",
    "versión": "version",
    "corrige a": "corrects",
    "motivo de la corrección": "reason for the correction",
    "contenido": "content",
    "resúmenes por punto": "summaries by item",
    "otras constancias": "other records",
    "huella del contenido": "content fingerprint",
    "aprobada el": "approved on",
    "aprobada en la sesión": "approved in session",
    "aprobación registrada por": "approval recorded by",
    "PDF": "PDF",
    "PDF/A-3u de archivo": "Archival PDF/A-3u",
    "estado del PDF": "PDF status",
    "avance del PDF": "PDF progress",
    "error del PDF": "PDF error",
    "PDF generado el": "PDF generated on",
    "enviada el": "sent on",
    "creada": "created",
    "modificada": "modified",
    "acta": "minutes",
    "actas": "minutes",
    "Secretaría Técnica": "Technical Secretariat",
    "Miembro": "Member",
    "Observador": "Observer",
    "firmante": "signatory",
    "en calidad de": "in the capacity of",
    "firmada el": "signed on",
    "huella firmada": "signed fingerprint",
    "dirección IP": "IP address",
    "firma del acta": "minutes signature",
    "firmas del acta": "minutes signatures",
    "Incorporación de entidad miembro": "Admission of a member entity",
    "Incorporación de entidad observadora": "Admission of an observer entity",
    "Invitación a agencia de cooperación": "Invitation to a cooperation agency",
    "Incorporación de institución de la sociedad civil": "Admission of a civil-society organization",
    "Pérdida de la condición de institución de la sociedad civil": ("Loss of civil-society organization status"),
    "Creación de grupo de trabajo": "Creation of a working group",
    "Creación o cambio de comisión de apoyo": "Creation or change of a support commission",
    "Aprobación de coordinación de grupo": "Approval of a group coordinator",
    "Aprobación de responsable de subgrupo": "Approval of a subgroup lead",
    "Aprobación de directiva": "Approval of a directive",
    "Recibida": "Received",
    "En agenda": "On the agenda",
    "Invitación enviada": "Invitation sent",
    "Concluida": "Completed",
    "Desistida": "Withdrawn",
    "No corresponde": "Not applicable",
    "Decreto supremo por tramitar": "Supreme decree to be processed",
    "Decreto supremo en trámite": "Supreme decree in process",
    "Decreto supremo publicado": "Supreme decree published",
    "procedimiento": "procedure",
    "asunto": "subject",
    "sustento": "grounds",
    "recibida el": "received on",
    "registrada por": "registered by",
    "a pedido de la Presidencia": "at the Presidency's request",
    "entidades miembro que proponen": "proposing member entities",
    "nombre de la entidad": "entity name",
    "sigla": "acronym",
    "correo de la entidad": "entity email",
    "grupo": "group",
    "subgrupo": "subgroup",
    "comisión de apoyo": "support commission",
    "norma": "norm",
    "fecha de emisión de la partida registral": "issue date of the registry certificate",
    "número de partida registral": "registry certificate number",
    "registro": "registry",
    "representante legal": "legal representative",
    "correo del representante legal": "legal representative's email",
    "teléfono del representante legal": "legal representative's phone",
    "página web": "website",
    "domicilio": "address",
    "teléfonos": "phone numbers",
    "actividad principal": "main activity",
    "otros datos": "other information",
    "fines de la institución": "purposes of the organization",
    "fines vinculados a la temática migratoria": "purposes related to migration",
    "decidida el": "decided on",
    "decreto supremo": "supreme decree",
    "referencia del decreto": "decree reference",
    "invitación enviada el": "invitation sent on",
    "aceptada el": "accepted on",
    "solicitud": "application",
    "solicitudes": "applications",
    # Selectors and services.
    "No existe esa votación.": "That ballot does not exist.",
    "No existe ese acuerdo.": "That agreement does not exist.",
    "No existe esa acta.": "Those minutes do not exist.",
    "Invitado": "Guest",
    "No existe esa solicitud.": "That application does not exist.",
    "Su usuario no está vinculado a una persona del registro.": (
        "Your user account is not linked to a person in the registry."
    ),
    "Solo la Secretaría Técnica puede hacer esta operación.": "Only the Technical Secretariat can do this.",
    "Solo la Secretaría Técnica abre votaciones del Pleno.": "Only the Technical Secretariat opens Plenary ballots.",
    "Solo se vota durante una sesión en curso.": "Votes are only cast during a session in progress.",
    "El punto no está en la agenda de la sesión.": "The item is not on the session agenda.",
    "Escriba el texto de la moción.": "Enter the text of the motion.",
    "Ese tipo de decisión corresponde a los grupos de trabajo.": "That decision type belongs to the working groups.",
    "No hay quórum: están presentes %(present)s de %(required)s entidades miembro necesarias": (
        "No quorum: %(present)s of the %(required)s required member entities are present"
    ),
    "Ya hay una votación abierta sobre este punto.": "There is already an open ballot on this item.",
    "Usted no representa a ninguna entidad de la Mesa en esta fecha.": (
        "You do not represent any entity of the Commission on this date."
    ),
    "Las entidades observadoras y las comisiones de apoyo tienen voz pero no voto": (
        "Observer entities and support commissions have a voice but no vote"
    ),
    "Solo votan las entidades que integran el grupo": "Only the entities that make up the group vote",
    "Indique en nombre de qué entidad vota.": "State on behalf of which entity you are voting.",
    "Solo votan los representantes presentes en la sesión; registre antes su asistencia": (
        "Only representatives present at the session vote; record your attendance first"
    ),
    "Se perdió el quórum (%(present)s de %(required)s): no se puede votar": (
        "Quorum was lost (%(present)s of %(required)s): voting is not possible"
    ),
    "Su entidad ya votó en esta votación": "Your entity has already voted in this ballot",
    "%(entity)s ya votó (lo hizo %(person)s, %(role)s, a las %(time)s)": (
        "%(entity)s has already voted (by %(person)s, %(role)s, at %(time)s)"
    ),
    "La votación ya está cerrada; no se admiten más votos.": "The ballot is already closed; no more votes are accepted.",
    "Elija a favor, en contra o abstención.": "Choose in favor, against or abstention.",
    "Solo la Secretaría Técnica cierra votaciones del Pleno.": "Only the Technical Secretariat closes Plenary ballots.",
    "La votación ya está cerrada.": "The ballot is already closed.",
    "Empate: corresponde el voto dirimente": "Tie: the casting vote applies",
    "Solo se dirime una votación empatada.": "A casting vote is only cast on a tied ballot.",
    "El voto dirimente es a favor o en contra.": "The casting vote is either in favor or against.",
    "No está presente el titular ni el alterno de la Presidencia para dirimir": (
        "Neither the titular nor the alternate of the Presidency is present to cast the deciding vote"
    ),
    "El voto dirimente corresponde a quien preside la sesión (Art. 13 y 15).": (
        "The casting vote belongs to whoever presides over the session (Art. 13 and 15)."
    ),
    "El Pleno adopta acuerdos por votación; el consenso es el modo de los grupos de trabajo": (
        "The Plenary adopts agreements by vote; consensus is the working groups' method"
    ),
    "Solo la coordinación del grupo o la Secretaría Técnica registran sus acuerdos.": (
        "Only the group coordinator or the Technical Secretariat records the group's agreements."
    ),
    "Solo se decide durante una reunión en curso.": "Decisions are only made during a meeting in progress.",
    "Solo la Secretaría Técnica asigna y edita los acuerdos; la entidad responsable informa su avance.": (
        "Only the Technical Secretariat assigns and edits agreements; the responsible entity reports its progress."
    ),
    "Estado desconocido.": "Unknown status.",
    "Solo la Secretaría Técnica certifica acuerdos.": "Only the Technical Secretariat certifies agreements.",
    "El acta ya está aprobada: la certificación anticipada solo procede antes de su aprobación": (
        "The minutes are already approved: early certification is only possible before their approval"
    ),
    "El acuerdo ya fue certificado.": "The agreement has already been certified.",
    "Recordatorio: %(ref)s vence el %(date)s": "Reminder: %(ref)s is due on %(date)s",
    (
        "Estimado(a) %(name)s:\n\n"
        "Le recordamos que el %(ref)s, a cargo de %(entity)s, vence el %(date)s.\n\n"
        "Texto del acuerdo: %(text)s\n\n"
        "Secretaría Técnica de la MTIGM"
    ): (
        "Dear %(name)s:\n\n"
        "This is a reminder that %(ref)s, assigned to %(entity)s, is due on %(date)s.\n\n"
        "Text of the agreement: %(text)s\n\n"
        "MTIGM Technical Secretariat"
    ),
    "Acuerdo vencido: %(ref)s": "Overdue agreement: %(ref)s",
    ("El %(ref)s venció el %(date)s sin registrarse su cumplimiento.\n\nResponsable: %(entity)s\nTexto: %(text)s"): (
        "%(ref)s fell due on %(date)s and its fulfillment has not been recorded.\n\n"
        "Responsible: %(entity)s\n"
        "Text: %(text)s"
    ),
    "sin asignar": "unassigned",
    "No se pudo encolar la generación del PDF.": "The PDF generation could not be queued.",
    "Solo la Secretaría Técnica redacta el acta.": "Only the Technical Secretariat drafts the minutes.",
    "El acta se redacta de una sesión en curso o realizada.": (
        "Minutes are drafted for a session in progress or already held."
    ),
    "El acta ya está aprobada; una corrección es una nueva versión.": (
        "The minutes are already approved; a correction is a new version."
    ),
    "Un acta aprobada no se edita; registre una corrección.": (
        "Approved minutes cannot be edited; record a correction."
    ),
    "Solo la Secretaría Técnica registra la aprobación del acta.": (
        "Only the Technical Secretariat records the approval of the minutes."
    ),
    "El acta ya está aprobada.": "The minutes are already approved.",
    "El acta se aprueba al final de la misma sesión o al inicio de la siguiente": (
        "The minutes are approved at the end of the same session or at the start of the next one"
    ),
    "La sesión en que se aprueba el acta debe estar en curso": (
        "The session in which the minutes are approved must be in progress"
    ),
    "Solo la Secretaría Técnica registra correcciones del acta.": (
        "Only the Technical Secretariat records corrections to the minutes."
    ),
    "Solo se corrige un acta aprobada; el borrador se edita directamente.": (
        "Only approved minutes are corrected; a draft is edited directly."
    ),
    "Esta versión ya tiene una corrección.": "This version already has a correction.",
    "Indique el motivo de la corrección.": "State the reason for the correction.",
    "Firman el acta la Secretaría Técnica y los miembros y observadores que asistieron a la sesión": (
        "The minutes are signed by the Technical Secretariat and the members and observers who attended the session"
    ),
    "Solo se firma el acta aprobada.": "Only approved minutes are signed.",
    "Usted ya firmó esta acta.": "You have already signed these minutes.",
    "No tiene acceso a las actas.": "You do not have access to the minutes.",
    "Solo la Secretaría Técnica envía el acta.": "Only the Technical Secretariat sends the minutes.",
    "Solo se envía el acta aprobada.": "Only approved minutes are sent.",
    "El acta se envía firmada; falta la firma de la Secretaría Técnica": (
        "The minutes are sent signed; the Technical Secretariat's signature is missing"
    ),
    "Acta de la %(session)s": "Minutes of the %(session)s",
    (
        "Estimado(a) %(name)s:\n\n"
        "Adjuntamos el acta aprobada y firmada de la %(session)s (versión %(version)s), "
        "en cumplimiento del artículo 14 del Reglamento.\n\n"
        "Secretaría Técnica de la MTIGM"
    ): (
        "Dear %(name)s:\n\n"
        "Please find attached the approved and signed minutes of the %(session)s (version %(version)s), "
        "pursuant to Article 14 of the Rules of Procedure.\n\n"
        "MTIGM Technical Secretariat"
    ),
    "Indique la entidad.": "Enter the entity.",
    "Indique la agencia de cooperación.": "Enter the cooperation agency.",
    "Indique el correo para la invitación.": "Enter the email address for the invitation.",
    "La invitación a una agencia la propone la Presidencia o algún miembro": (
        "An invitation to an agency is proposed by the Presidency or a member"
    ),
    "Indique la institución.": "Enter the organization.",
    "Falta la copia certificada de la partida registral y su fecha de emisión": (
        "The certified copy of the registry certificate and its issue date are missing"
    ),
    (
        "La partida registral fue emitida el %(issued)s: tiene más de %(months)s meses a la fecha "
        "de la solicitud (%(day)s)"
    ): (
        "The registry certificate was issued on %(issued)s: it is more than %(months)s months old "
        "on the application date (%(day)s)"
    ),
    "La partida no puede ser posterior a la solicitud.": "The registry certificate cannot postdate the application.",
    "Indique el número de partida registral.": "Enter the registry certificate number.",
    "La partida debe indicar los representantes legales": "The registry certificate must name the legal representatives",
    "Los fines de la institución deben estar vinculados a la temática migratoria": (
        "The organization's purposes must be related to migration"
    ),
    "El pedido debe ser sustentado.": "The request must state its grounds.",
    "La pérdida de la condición la pide la Presidencia o al menos %(n)s entidades miembro": (
        "Loss of status is requested by the Presidency or by at least %(n)s member entities"
    ),
    "Indique el nombre propuesto.": "Enter the proposed name.",
    "La propuesta debe estar respaldada por al menos %(n)s entidades miembro (tiene %(have)s)": (
        "The proposal must be backed by at least %(n)s member entities (it has %(have)s)"
    ),
    "Indique el grupo.": "Enter the group.",
    "Indique la entidad propuesta.": "Enter the proposed entity.",
    "Indique el subgrupo.": "Enter the subgroup.",
    "Indique la directiva.": "Enter the directive.",
    "Las solicitudes se presentan a la Presidencia a través de la Secretaría Técnica.": (
        "Applications are submitted to the Presidency through the Technical Secretariat."
    ),
    "Procedimiento desconocido.": "Unknown procedure.",
    "Solicitud de incorporación: %(name)s": "Application for admission: %(name)s",
    (
        "Estimado(a) %(name)s:\n\n"
        "La Secretaría Técnica le remite copia de la solicitud de incorporación de %(cso)s a la "
        "Comisión de Coordinación con Instituciones de la Sociedad Civil (Directiva N° 002-2014 "
        "ST-MTIGM), recibida el %(day)s.\n\n"
        "Fines: %(purpose)s\n"
        "Partida registral: %(entry)s (%(office)s), emitida el %(issued)s\n"
        "Representante legal: %(rep)s\n\n"
        "Se tratará en la próxima sesión del Pleno.\n\n"
        "Secretaría Técnica de la MTIGM"
    ): (
        "Dear %(name)s:\n\n"
        "The Technical Secretariat sends you a copy of the application of %(cso)s for admission to "
        "the Commission for Coordination with Civil-Society Organizations (Directiva N° 002-2014 "
        "ST-MTIGM), received on %(day)s.\n\n"
        "Purposes: %(purpose)s\n"
        "Registry certificate: %(entry)s (%(office)s), issued on %(issued)s\n"
        "Legal representative: %(rep)s\n\n"
        "It will be dealt with at the next session of the Plenary.\n\n"
        "MTIGM Technical Secretariat"
    ),
    "Solo las entidades miembro respaldan propuestas.": "Only member entities back proposals.",
    "La propuesta ya está en agenda o fue decidida.": "The proposal is already on the agenda or has been decided.",
    "La Secretaría Técnica propone la agenda.": "The Technical Secretariat proposes the agenda.",
    "La solicitud ya está en agenda o fue decidida.": "The application is already on the agenda or has been decided.",
    "El responsable de un subgrupo lo aprueba el grupo de trabajo en su reunión": (
        "A subgroup lead is approved by the working group at its meeting"
    ),
    "Este procedimiento lo decide el Pleno.": "This procedure is decided by the Plenary.",
    "La sesión ya se realizó o fue cancelada.": "The session has already been held or was canceled.",
    "Aprobar: %(what)s — %(who)s": "Approve: %(what)s — %(who)s",
    "Primero ponga la solicitud en la agenda de una sesión.": "First put the application on a session's agenda.",
    "Ya hay una votación abierta sobre esta solicitud.": "There is already an open ballot on this application.",
    "Invitación a integrar la Mesa de Trabajo Intersectorial para la Gestión Migratoria": (
        "Invitation to join the Intersectoral Working Commission for Migration Management"
    ),
    (
        "Señores %(name)s:\n\n"
        "Adjuntamos la carta de invitación acordada por el Pleno en la %(session)s. Le rogamos "
        "confirmar su aceptación y designar a su representante titular y alterno.\n\n"
        "Secretaría Técnica de la MTIGM"
    ): (
        "To %(name)s:\n\n"
        "Please find attached the letter of invitation agreed by the Plenary at the %(session)s. We kindly "
        "ask you to confirm your acceptance and to designate your titular and alternate representatives.\n\n"
        "MTIGM Technical Secretariat"
    ),
    "Solo las agencias y las instituciones invitadas aceptan una invitación.": (
        "Only invited agencies and organizations accept an invitation."
    ),
    "La solicitud no tiene una invitación pendiente de aceptación.": (
        "The application has no invitation awaiting acceptance."
    ),
    "La comisión de apoyo no está registrada.": "The support commission is not registered.",
    "Indique nombres y apellidos del representante.": "Enter the representative's first and last names.",
    "El decreto supremo solo se tramita para miembros admitidos.": (
        "A supreme decree is only processed for admitted members."
    ),
    "Indique el número del decreto supremo.": "Enter the number of the supreme decree.",
    # Templates.
    "Su voto": "Your vote",
    "entidades presentes han votado. El sentido de los votos se muestra al cerrar la votación.": (
        "present entities have voted. How each voted is shown when the ballot closes."
    ),
    "%(e)s ya votó: %(c)s (%(p)s, %(t)s).": "%(e)s has already voted: %(c)s (%(p)s, %(t)s).",
    "¿Confirma su voto: %(label)s?": "Confirm your vote: %(label)s?",
    "Una entidad, un voto: vota el titular o, si este no lo ha hecho, el alterno (Art. 7.7 y 13).": (
        "One entity, one vote: the titular votes or, if the titular has not, the alternate (Art. 7.7 and 13)."
    ),
    "¿Cerrar la votación y calcular el resultado?": "Close the ballot and calculate the result?",
    "Cerrar la votación": "Close the ballot",
    "Empate.": "Tie.",
    "A favor %(y)s, en contra %(n)s, abstenciones %(a)s.": "In favor %(y)s, against %(n)s, abstentions %(a)s.",
    "Corresponde el voto dirimente de la Presidencia (Art. 13 y 15).": (
        "The Presidency's casting vote applies (Art. 13 and 15)."
    ),
    "Preside: %(p)s (%(r)s de RREE).": "Presiding: %(p)s (RREE %(r)s).",
    "No está presente el titular ni el alterno de RREE.": "Neither the RREE titular nor the alternate is present.",
    "Dirimir a favor": "Casting vote in favor",
    "Dirimir en contra": "Casting vote against",
    "Adoptado por consenso (Art. 20).": "Adopted by consensus (Art. 20).",
    "Abstenciones": "Abstentions",
    "Se requerían %(r)s votos a favor · miembros en funciones %(m)s · presentes al cierre %(p)s.": (
        "%(r)s votes in favor were required · sitting members %(m)s · present at closing %(p)s."
    ),
    "Empate decidido por el voto dirimente de %(p)s: %(c)s (Art. 13).": (
        "Tie decided by the casting vote of %(p)s: %(c)s (Art. 13)."
    ),
    "Votación nominal": "Roll-call vote",
    "Entidad": "Entity",
    "Votó": "Voted by",
    "Voto": "Vote",
    "Hora": "Time",
    "Generando el PDF…": "Generating the PDF…",
    "generado el %(d)s": "generated on %(d)s",
    "Descargar PDF": "Download PDF",
    "No se pudo generar el PDF.": "The PDF could not be generated.",
    "A favor %(y)s · en contra %(n)s · abstenciones %(a)s": "In favor %(y)s · against %(n)s · abstentions %(a)s",
    "decidido por voto dirimente de la Presidencia (Art. 13)": "decided by the Presidency's casting vote (Art. 13)",
    "Certificado para ejecución inmediata el %(d)s (Art. 14)": "Certified for immediate execution on %(d)s (Art. 14)",
    "Seguimiento de acuerdos": "Agreement follow-up",
    "Guardar seguimiento": "Save follow-up",
    "Certificar para ejecución inmediata": "Certify for immediate execution",
    "Responsable": "Responsible",
    "Plazo": "Deadline",
    "Estado": "Status",
    "Historial": "History",
    "Entidad registrada": "Registered entity",
    "Pedido": "Request",
    "De la Presidencia": "From the Presidency",
    "Respaldan": "Backed by",
    "Partida registral": "Registry certificate",
    "emitida el": "issued on",
    "Representante legal": "Legal representative",
    "Fines": "Purposes",
    "Sustento": "Grounds",
    "punto": "item",
    "Invitación": "Invitation",
    "Respaldar en nombre de mi entidad": "Back on behalf of my entity",
    "Poner en agenda": "Put on the agenda",
    "Sesión": "Session",
    "Abrir la votación": "Open the ballot",
    "Aceptación y designación de representantes": "Acceptance and designation of representatives",
    "Fecha de aceptación": "Acceptance date",
    "Titular": "Titular",
    "Nombres": "First names",
    "Apellidos": "Last names",
    "Correo": "Email",
    "Teléfono": "Phone",
    "Alterno": "Alternate",
    "Registrar aceptación": "Record acceptance",
    "Decreto supremo N°": "Supreme decree N°",
    "Actualizar decreto": "Update decree",
    (
        "Directiva N° 002-2014: la partida registral debe tener a lo sumo tres meses de emitida a la "
        "fecha de la solicitud y nombrar a los representantes legales; los fines deben vincularse a "
        "la temática migratoria. Al registrarla, la ST envía copia a todos los miembros."
    ): (
        "Directiva N° 002-2014: the registry certificate must have been issued no more than three "
        "months before the application date and must name the legal representatives; the purposes "
        "must be related to migration. Once it is registered, the Technical Secretariat sends a copy to all members."
    ),
    "Registrar": "Register",
    "Solicitudes y propuestas al Pleno": "Applications and proposals to the Plenary",
    "Registrar una solicitud": "Register an application",
    "Asunto": "Subject",
    "Procedimiento": "Procedure",
    "%(n)s entidad respalda": ("%(n)s entity backs it", "%(n)s entities back it"),
    "No hay solicitudes.": "There are no applications.",
    "Mayoría": "Majority",
    "%(n)s acuerdo abierto en todas las sesiones.": (
        "%(n)s open agreement across all sessions.",
        "%(n)s open agreements across all sessions.",
    ),
    "La Secretaría Técnica hace el seguimiento y la difusión de los acuerdos (Art. 18.9).": (
        "The Technical Secretariat follows up on and disseminates the agreements (Art. 18.9)."
    ),
    "Filtrar por estado": "Filter by status",
    "Abiertos": "Open",
    "Todos": "All",
    "Acuerdo": "Agreement",
    "Texto": "Text",
    "Certificado para ejecución inmediata": "Certified for immediate execution",
    "No hay acuerdos con ese estado.": "There are no agreements with that status.",
    "Acta": "Minutes",
    "Acta de la": "Minutes of the",
    "Versión %(v)s · %(s)s": "Version %(v)s · %(s)s",
    "corrige la versión %(v)s": "corrects version %(v)s",
    "Sin borrador todavía.": "No draft yet.",
    "Reglamento de la MTIGM": "MTIGM Rules of Procedure",
    "Redactar el borrador con los datos de la sesión": "Draft the minutes from the session data",
    "Fecha": "Date",
    "Lugar": "Place",
    "Inicio y término": "Start and end",
    "Quórum": "Quorum",
    "%(p)s de %(n)s miembros presentes (se requieren %(r)s)": "%(p)s of %(n)s members present (%(r)s required)",
    "Asistencia": "Attendance",
    "Representante": "Representative",
    "Designación": "Designation",
    "Sin asistencia registrada.": "No attendance recorded.",
    "Asuntos tratados": "Matters discussed",
    "Resumen de lo tratado": "Summary of the discussion",
    "consenso": "consensus",
    "en votación": "being voted on",
    "certificado para ejecución inmediata": "certified for immediate execution",
    "Sin acuerdos.": "No agreements.",
    "Otras constancias": "Other records",
    "Actualizar con los datos de la sesión": "Update from the session data",
    "Guardar borrador": "Save draft",
    "Aprobación": "Approval",
    (
        "El acta se aprueba al final de la misma sesión o al inicio de la siguiente; la aprobación "
        "queda registrada en esa sesión."
    ): (
        "The minutes are approved at the end of the same session or at the start of the next one; the "
        "approval is recorded in that session."
    ),
    "Sesión en que se aprueba": "Session in which they are approved",
    "Una vez aprobada, el acta no se edita. ¿Aprobar?": "Once approved, the minutes cannot be edited. Approve?",
    "Registrar la aprobación": "Record the approval",
    "Aprobada el %(d)s en la %(s)s.": "Approved on %(d)s at the %(s)s.",
    "Huella": "Fingerprint",
    "Firmas": "Signatures",
    "pendiente": "pending",
    "Leí el acta aprobada y la firmo electrónicamente.": "I have read the approved minutes and sign them electronically.",
    "Firmar el acta": "Sign the minutes",
    "Reenviar a miembros y observadores": "Resend to members and observers",
    "Enviar el PDF a miembros y observadores": "Send the PDF to members and observers",
    "Enviada el %(d)s.": "Sent on %(d)s.",
    "Regenerar PDF": "Regenerate PDF",
    "Registrar una corrección": "Record a correction",
    "Motivo": "Reason",
    "Crear nueva versión": "Create a new version",
    "Versiones": "Versions",
    "Abiertas para usted": "Open for you",
    "Votar": "Vote",
    "Ver empate": "View tie",
    "No hay votaciones abiertas en una sesión en la que usted esté registrado como presente.": (
        "There are no open ballots in a session where you are recorded as present."
    ),
    "Sesiones en curso": "Sessions in progress",
    "Sesiones realizadas": "Sessions held",
    "Ninguna todavía.": "None yet.",
    "Presentes %(p)s de %(n)s entidades miembro; quórum %(r)s.": (
        "%(p)s of %(n)s member entities present; quorum %(r)s."
    ),
    "Votaciones y acuerdos": "Ballots and agreements",
    "Moción": "Motion",
    "Tipo": "Type",
    "Resultado": "Result",
    "%(n)s voto": ("%(n)s vote", "%(n)s votes"),
    "Aún no hay votaciones en esta sesión.": "No ballots in this session yet.",
    "Abrir una votación": "Open a ballot",
    (
        "El tipo decide la mayoría exigida según el registro de reglas; por defecto, mayoría simple "
        "de presentes y votantes (Art. 13)."
    ): (
        "The type sets the required majority according to the rule registry; by default, a simple "
        "majority of those present and voting (Art. 13)."
    ),
    "Abrir votación": "Open ballot",
    "O registrar un acuerdo por consenso (Art. 20)": "Or record an agreement by consensus (Art. 20)",
    "Texto del acuerdo": "Text of the agreement",
    "Registrar consenso": "Record consensus",
    "Las votaciones se abren cuando la sesión está en curso.": "Ballots are opened while the session is in progress.",
    "Sin acuerdos todavía.": "No agreements yet.",
    "sin responsable": "no responsible entity",
    "certificado": "certified",
    "Ir al acta": "Go to the minutes",
    "Versión %(v)s — %(s)s": "Version %(v)s — %(s)s",
    # Views.
    "Su designación vigente no le permite esta operación.": "Your current designation does not allow this operation.",
    "Acuerdo certificado para su ejecución inmediata.": "Agreement certified for immediate execution.",
    "Seguimiento actualizado.": "Follow-up updated.",
    "Revise el punto y el texto de la moción.": "Check the item and the text of the motion.",
    "Votación abierta.": "Ballot opened.",
    "Acuerdo por consenso registrado.": "Agreement by consensus recorded.",
    "Su voto quedó registrado.": "Your vote has been recorded.",
    "Empate: corresponde el voto dirimente de la Presidencia (Art. 13).": (
        "Tie: the Presidency's casting vote applies (Art. 13)."
    ),
    "Votación cerrada: %(r)s.": "Ballot closed: %(r)s.",
    "Voto dirimente registrado.": "Casting vote recorded.",
    "Borrador actualizado.": "Draft updated.",
    "Primero redacte el borrador.": "Draft the minutes first.",
    "Borrador guardado.": "Draft saved.",
    "Acta aprobada. Se está generando el PDF.": "Minutes approved. The PDF is being generated.",
    "Firmó el acta.": "You signed the minutes.",
    "Acta enviada a %(n)s representantes.": "Minutes sent to %(n)s representatives.",
    "Nueva versión en borrador para la corrección.": "New draft version for the correction.",
    "PDF en cola.": "PDF queued.",
    "El PDF aún no se ha generado.": "The PDF has not been generated yet.",
    "Solicitud registrada.": "Application registered.",
    "Solicitud puesta en agenda.": "Application put on the agenda.",
    "Respaldo registrado.": "Backing recorded.",
    "Indique la fecha de aceptación.": "Enter the acceptance date.",
    "Aceptación registrada; representantes designados.": "Acceptance recorded; representatives designated.",
    "Estado del decreto supremo actualizado.": "Supreme decree status updated.",
}

UNESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(lines: str) -> str:
    """The text of a msgid whose quoted pieces span ``lines``."""
    pieces = re.findall(r'"((?:[^"\\]|\\.)*)"', lines)
    return re.sub(r"\\(.)", lambda m: UNESCAPES.get(m.group(1), m.group(0)), "".join(pieces))


def quote(keyword: str, text: str) -> str:
    """A PO statement; a text with line breaks is split after each one, as gettext writes it."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    parts = escaped.split("\n")
    if len(parts) == 1:
        return f'{keyword} "{escaped}"'
    pieces = [part + "\\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return f'{keyword} ""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def main() -> None:
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    out, missing = [blocks[0]], []
    for block in blocks[1:]:
        lines = [line for line in block.splitlines() if line != "#, fuzzy" and not line.startswith("#| ")]
        # A fuzzy flag next to python-format reads "#, fuzzy, python-format".
        lines = [line.replace("#, fuzzy, ", "#, ") for line in lines]
        text = "\n".join(lines)
        found = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        if not found or text.startswith("#~"):
            out.append(block)
            continue
        msgid = unquote(found.group(1))
        english = EN.get(msgid)
        head = text[: text.index("\nmsgstr") + 1]
        if english is None:
            if not re.search(r'^msgstr(\[0\])? "(?!")', text, re.M) and '\n"' not in text[len(head) :]:
                missing.append(msgid)
            out.append(text)
            continue
        if isinstance(english, tuple):
            body = quote("msgstr[0]", english[0]) + "\n" + quote("msgstr[1]", english[1])
        else:
            body = quote("msgstr", english)
        out.append(head + body)
    PO.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    if missing:
        raise SystemExit("Missing English for: " + " | ".join(missing))


if __name__ == "__main__":
    main()
