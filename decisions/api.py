"""The REST API of the decisions app, by subdomain (each subpackage keeps its own ``api``)."""

from .agreements.api import AgreementSerializer, AgreementViewSet
from .applications.api import ApplicationSerializer, ApplicationViewSet
from .ballots.api import BallotSerializer, BallotViewSet, VoteSerializer
from .minutes.api import MinutesSerializer, MinutesViewSet, SignatureSerializer

__all__ = [
    "AgreementSerializer",
    "AgreementViewSet",
    "ApplicationSerializer",
    "ApplicationViewSet",
    "BallotSerializer",
    "BallotViewSet",
    "MinutesSerializer",
    "MinutesViewSet",
    "SignatureSerializer",
    "VoteSerializer",
]
