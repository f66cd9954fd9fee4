"""A transaction hands its tasks to the broker once: one on-commit callback, one loop, one probe.

Savepoints keep their meaning: a savepoint that rolls back takes its tasks with it and nothing else,
a rolled-back transaction publishes nothing, and every task of a committed one is published once.
"""

from __future__ import annotations

import datetime
import json
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from mtigm.core import dispatch
from mtigm.core.dispatch import after_commit
from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import OUTBOX_SEND_TASK
from sessions import services
from tests.core.smtp import free_port
from tests.sessions.conftest import build_commission, draft_session
from tests.sessions.redis_broker import ThrowawayRedis, broker

CALL_PDF_TASK = services.CALL_PDF_TASK


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_tasks_of_one_transaction_are_published_together_after_it_commits_in_order(broker):
    with transaction.atomic():
        after_commit("t.a", 1)
        after_commit("t.b", 2)
        after_commit("t.a", 3)
        assert broker == []
    assert broker == [("t.a", (1,)), ("t.b", (2,)), ("t.a", (3,))]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_publishes_nothing(broker):
    with pytest.raises(Boom), transaction.atomic():
        after_commit("t.a", 1)
        with transaction.atomic():
            after_commit("t.a", 2)
        raise Boom
    assert broker == []


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_that_rolls_back_takes_its_tasks_and_nothing_else(broker):
    with transaction.atomic():
        after_commit("t.a", 1)
        with transaction.atomic():
            after_commit("t.a", 2)  # released with its savepoint: published
        after_commit("t.a", 3)
        with pytest.raises(Boom), transaction.atomic():
            after_commit("t.a", 4)
            with transaction.atomic():
                after_commit("t.a", 5)
            raise Boom
        after_commit("t.a", 6)
        with transaction.atomic():
            after_commit("t.a", 7)
            with pytest.raises(Boom), transaction.atomic():
                after_commit("t.a", 8)
                raise Boom
            after_commit("t.a", 9)
    assert [args[0] for _name, args in broker] == [1, 2, 3, 6, 7, 9]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_task_is_published_at_once(broker):
    after_commit("t.a", 1)
    assert broker == [("t.a", (1,))]


@pytest.mark.django_db
def test_one_callback_for_all_the_tasks_of_a_transaction(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for number in range(5):
            # As outbox_enqueue does: a savepoint of its own for the row, the task queued after it.
            with transaction.atomic():
                OutboundMessage.objects.create(key=f"k{number}", kind="test", recipient="a@example.org")
            after_commit("t.a", number)
    assert len(callbacks) == 1
    assert broker == [("t.a", (n,)) for n in range(5)]


@pytest.mark.django_db
def test_a_refused_task_stops_the_batch_and_every_caller_hears_of_it(monkeypatch, django_capture_on_commit_callbacks):
    offered = []

    def send(task_name, *args):
        offered.append(args[0])
        return args[0] < 2

    monkeypatch.setattr("mtigm.core.dispatch.send", send)
    failed = []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for number in range(5):
            after_commit("t.a", number, on_failure=lambda number=number: failed.append(number))
    assert offered == [0, 1, 2]  # the rest wait for their sweeps
    assert failed == [2, 3, 4]


def _queued_outbox_ids(raw_messages: list[bytes]) -> list[int]:
    import base64

    found = []
    for raw in raw_messages:
        envelope = json.loads(raw)
        if envelope["headers"]["task"] == OUTBOX_SEND_TASK:
            found.append(json.loads(base64.b64decode(envelope["body"]))[0][0])
    return found


@pytest.mark.django_db
def test_calling_a_session_publishes_every_message_once_from_one_callback(django_capture_on_commit_callbacks):
    commission = build_commission(size=6)
    session = draft_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))
    server = ThrowawayRedis()
    server.start()
    try:
        with broker(server.url), django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.session_call(actor=commission.st, session=session)
        queued = server.queued()
    finally:
        server.cleanup()
    assert len(callbacks) == 1
    messages = set(OutboundMessage.objects.filter(kind="session_call").values_list("pk", flat=True))
    assert len(messages) >= 12
    published = _queued_outbox_ids(queued)
    assert sorted(published) == sorted(messages)  # each message once
    assert len(queued) == len(messages) + 1  # and the call letter's render


@pytest.mark.django_db
def test_calling_a_session_with_the_broker_down_asks_it_once(monkeypatch, caplog, django_capture_on_commit_callbacks):
    commission = build_commission(size=6)
    session = draft_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))
    probes = []
    real_probe = dispatch._probe

    def probe(url):
        probes.append(url)
        return real_probe(url)

    monkeypatch.setattr("mtigm.core.dispatch._probe", probe)
    caplog.set_level(logging.WARNING, logger="mtigm.core.dispatch")
    with broker(f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.session_call(actor=commission.st, session=session)
        assert dispatch.breaker.down_until > 0
    assert len(callbacks) == 1
    assert len(probes) == 1
    # One warning for the refusal and one for the rest of the batch, not one per message.
    assert len([r for r in caplog.records if r.name == "mtigm.core.dispatch"]) == 2
    assert OutboundMessage.objects.filter(kind="session_call", status="pending").count() >= 12
