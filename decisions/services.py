"""The public write API of the decisions app, by subdomain.

    from decisions import services
    services.vote_cast(actor=user, ballot=ballot, choice="yes")

Each subdomain keeps its own services: ``agreements``, ``ballots``, ``minutes`` and
``applications`` (each application kind is a handler in ``applications.services.PROCEDURES``).
"""

from .agreements.services import (
    AGREEMENT_EDITABLE,
    agreement_certify,
    agreement_create,
    agreement_reminders,
    agreement_update,
)
from .applications.services import (
    PROCEDURES,
    application_accept,
    application_back,
    application_check,
    application_motion_text,
    application_open_ballot,
    application_schedule,
    application_set_decree,
    application_submit,
)
from .ballots.services import (
    AlreadyVoted,
    ballot_cast_deciding_vote,
    ballot_close,
    ballot_decided,
    ballot_open,
    ballot_record_room_votes,
    ballot_retally,
    group_decision_by_consensus,
    vote_cast,
)
from .minutes.services import (
    minutes_approve,
    minutes_correct,
    minutes_draft,
    minutes_request_pdf,
    minutes_send,
    minutes_sign,
    minutes_update,
    minutes_upload_scan,
)

__all__ = [
    "AGREEMENT_EDITABLE",
    "PROCEDURES",
    "AlreadyVoted",
    "agreement_certify",
    "agreement_create",
    "agreement_reminders",
    "agreement_update",
    "application_accept",
    "application_back",
    "application_check",
    "application_motion_text",
    "application_open_ballot",
    "application_schedule",
    "application_set_decree",
    "application_submit",
    "ballot_cast_deciding_vote",
    "ballot_close",
    "ballot_decided",
    "ballot_open",
    "ballot_record_room_votes",
    "ballot_retally",
    "group_decision_by_consensus",
    "minutes_approve",
    "minutes_correct",
    "minutes_draft",
    "minutes_request_pdf",
    "minutes_send",
    "minutes_sign",
    "minutes_update",
    "minutes_upload_scan",
    "vote_cast",
]
