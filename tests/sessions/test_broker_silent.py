"""A broker that accepts connections and never answers cannot hang a request: calling a session
answers within a bounded time, the call is saved, its messages wait as rows, and once a real broker
is back each message goes out exactly once."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from mtigm.core import dispatch
from mtigm.core.models import OutboundMessage
from mtigm.core.tasks import outbox_send, outbox_sweep
from sessions.models import Session

from .conftest import draft_session
from .redis_broker import SilentListener, ThrowawayRedis, broker
from .test_outbox_delivery import _task_ids

pytestmark = [pytest.mark.django_db]


def test_calling_a_session_with_a_silent_broker_answers_at_once_and_sends_each_message_once_later(
    commission, django_capture_on_commit_callbacks, settings
):
    client = APIClient()
    client.force_authenticate(commission.st)
    # A first call with a healthy broker, so that what is timed below is the broker's share and not
    # the first request's template compiling; it also gives the figure to compare with.
    warm = draft_session(commission, day=timezone.localdate() + datetime.timedelta(days=20))
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(f"/api/v1/sessions/{warm.pk}/call/", format="json").status_code == 200
    healthy = time.monotonic() - started
    OutboundMessage.objects.all().delete()
    session = draft_session(commission, day=timezone.localdate() + datetime.timedelta(days=30))
    listener = SilentListener()
    try:
        with broker(listener.url):
            # In a request the callbacks run when the service's transaction commits, before the
            # answer leaves; here they run when the block ends, so the clock covers the block.
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                response = client.post(f"/api/v1/sessions/{session.pk}/call/", format="json")
            elapsed = time.monotonic() - started
    finally:
        listener.close()
    print(
        f"\nsilent broker: calling a session answered {response.status_code} in {elapsed:.2f} s "
        f"(first call, tasks not published: {healthy:.2f} s)"
    )
    assert response.status_code == 200, response.content
    # The messages and the call letter's render were published by one on-commit callback, which
    # waited for the silent broker once (the probe, BROKER_PUBLISH_BUDGET_SECONDS) and skipped the rest.
    assert len(callbacks) == 1
    assert listener.accepted, "the probe did reach the silent listener"
    # A hang detector, not a benchmark: a single wait on the silent broker would take 2 s or more.
    assert elapsed < 2
    assert Session.objects.get(pk=session.pk).state == Session.State.CALLED
    queued = set(OutboundMessage.objects.filter(kind="session_call", status="pending").values_list("pk", flat=True))
    assert len(queued) == 11

    redis_server = ThrowawayRedis()
    redis_server.start()
    try:
        settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
        with broker(redis_server.url):
            assert outbox_sweep() == 11
            assert outbox_sweep() == 11  # a second sweep before the worker ran: duplicates in the queue
            published = _task_ids(redis_server.queued())
    finally:
        redis_server.cleanup()
    assert sorted(published) == sorted(list(queued) * 2)
    dispatch.breaker.reset()
    # The worker runs every published task, duplicates included.
    for message_id in published:
        outbox_send.apply(args=[message_id])
    assert len(mail.outbox) == 11
    assert len({message.to[0] for message in mail.outbox}) == 11
    assert OutboundMessage.objects.filter(kind="session_call", status="sent").count() == 11
