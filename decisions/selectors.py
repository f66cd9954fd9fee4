"""The public read API of the decisions app, by subdomain (see each subpackage's ``selectors``)."""

from .agreements.selectors import agreement_list, agreements_due_for_reminder, agreements_overdue
from .applications.selectors import application_list
from .ballots.selectors import (
    BallotProgress,
    ballot_list,
    ballot_progress,
    open_ballots_for,
    present_voting_entity_ids,
    presiding_designation,
    roll_call,
    user_vote,
    voting_entity_ids_on,
)
from .common import representatives_of, secretariat_people, session_day
from .minutes.selectors import (
    content_hash,
    current_minutes,
    minutes_content,
    minutes_signatures,
    minutes_versions,
    signature_status,
)

__all__ = [
    "BallotProgress",
    "agreement_list",
    "agreements_due_for_reminder",
    "agreements_overdue",
    "application_list",
    "ballot_list",
    "ballot_progress",
    "content_hash",
    "current_minutes",
    "signature_status",
    "minutes_content",
    "minutes_signatures",
    "minutes_versions",
    "open_ballots_for",
    "present_voting_entity_ids",
    "presiding_designation",
    "representatives_of",
    "roll_call",
    "secretariat_people",
    "session_day",
    "user_vote",
    "voting_entity_ids_on",
]
