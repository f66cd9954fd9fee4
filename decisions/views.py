"""The pages of the decisions app, by subdomain (each subpackage keeps its own ``views``)."""

from .agreements.views import AgreementEditView, BoardView
from .applications.views import ApplicationCreateView, ApplicationDetailView, ApplicationListView
from .ballots.console import ConsoleView
from .ballots.views import (
    BallotActionView,
    BallotDetailView,
    BallotLiveView,
    BallotOpenView,
    ConsensusView,
    MyBallotsView,
)
from .minutes.views import MinutesPdfStatusView, MinutesPdfView, MinutesView
from .overview import SessionDecisionsView

__all__ = [
    "AgreementEditView",
    "ApplicationCreateView",
    "ApplicationDetailView",
    "ApplicationListView",
    "BallotActionView",
    "BallotDetailView",
    "BallotLiveView",
    "BallotOpenView",
    "BoardView",
    "ConsensusView",
    "ConsoleView",
    "MinutesPdfStatusView",
    "MinutesPdfView",
    "MinutesView",
    "MyBallotsView",
    "SessionDecisionsView",
]
