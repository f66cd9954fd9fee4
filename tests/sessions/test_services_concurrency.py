"""Simultaneous sign-ins: every person once, the entity once, no lost or duplicated rows."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sessions import selectors, services
from sessions.models import Attendance

from .conftest import aware, build_commission, draft_session

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_concurrent_sign_ins(db):
    commission = build_commission(size=6)
    today = timezone.localdate()
    session = draft_session(commission, day=today, hour=23, now=aware(today - datetime.timedelta(days=30)))
    services.session_call(actor=commission.st, session=session, now=aware(today - datetime.timedelta(days=20)))
    users = [commission.user(a) for a in commission.titulars] + [
        commission.user(a, "alternate") for a in commission.titulars
    ]
    # Every user twice: 24 simultaneous attempts for 12 people of 6 entities.
    attempts = users + users
    barrier = threading.Barrier(len(attempts))
    results: list = []
    lock = threading.Lock()

    def sign_in(user) -> None:
        try:
            barrier.wait()
            services.attendance_sign_in(actor=user, session=session)
            outcome = "ok"
        except ValidationError as exc:
            outcome = "duplicate" if "ya registró" in str(exc) else str(exc)
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=sign_in, args=(user,)) for user in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(results)) == ["duplicate", "ok"]
    assert results.count("ok") == 12 and results.count("duplicate") == 12
    assert Attendance.objects.filter(session=session).count() == 12
    assert selectors.quorum_status(session).present == 6
