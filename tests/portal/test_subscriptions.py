"""E-mail subscriptions of the public portal: double opt-in, notices of sessions called, actas approved
and news published, one-click unsubscribe (RFC 8058).

Nothing reaches an address before it confirms; a notice goes once to each confirmed subscriber of
its topic however often the fan-out runs; a link opened (GET) changes nothing; a bad link answers a
page in Spanish (400), never a 500; what the public site does not show notifies no one.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions import services as decisions
from decisions.models import Minutes
from mtigm.core.models import OutboundMessage
from mtigm.core.tasks import outbox_send
from portal import subscriptions
from portal.models import News, Subscription, SubscriptionEvent, Topic
from portal.services import news_publish
from portal.tasks import subscription_fan_out, subscription_sweep
from sessions.models import Session
from sessions.services import session_close
from tests.core.smtp import smtp_listener
from tests.decisions.factories import plenary
from tests.factories.members import secretariat_user
from tests.sessions.conftest import called_session, commission  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

FAN_OUT = subscriptions.FAN_OUT_TASK
ADDRESS = "lucia.mamani@example.pe"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the transactions of the block hand over after commit (the fan-out, the outbox)."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


def subscribe(client, email: str = ADDRESS, topics=("minutes",), **extra):
    return client.post(reverse("portal:subscribe"), {"email": email, "topics": list(topics), "website": ""}, **extra)


def confirmations(email: str = ADDRESS) -> list[OutboundMessage]:
    return list(
        OutboundMessage.objects.filter(kind=subscriptions.CONFIRM_KIND, recipient=email).order_by("created_at", "pk")
    )


def notices(email: str | None = None) -> list[OutboundMessage]:
    found = OutboundMessage.objects.filter(kind=subscriptions.NOTICE_KIND).order_by("pk")
    return list(found.filter(recipient=email) if email else found)


def link_path(message: OutboundMessage, kind: str) -> str:
    """The path of the ``confirmar`` or ``baja`` link of a message's text."""
    match = re.search(rf"https?://[^/\s]+(/publico/suscripcion/{kind}/[^\s]+/)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def confirm(client, email: str = ADDRESS):
    path = link_path(confirmations(email)[-1], "confirmar")
    return client.post(path)


def approve_acta() -> Minutes:
    """An acta approved through the decisions services, for a plenary session just held."""
    p = plenary(3, with_observer=False)
    session_close(actor=p.st, session=p.session)
    minutes = decisions.minutes_draft(actor=p.st, session=p.session)
    return decisions.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)


def run_fan_outs(broker) -> None:
    """The worker: every fan-out task handed to the broker, run here."""
    for event_id in broker.ids(FAN_OUT):
        subscription_fan_out.apply(args=[event_id])
    broker.clear()


# The form ---------------------------------------------------------------------------------------------


def test_the_form_answers_without_login_with_labels_and_topics(client):
    page = client.get(reverse("portal:subscribe"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<label for="id_email">' in html and "<legend>" in html
    for topic in Topic.values:
        assert f'value="{topic}"' in html
    for label in ("Sesiones convocadas", "Actas aprobadas", "Noticias"):
        assert label in html
    assert 'name="website"' in html  # the honeypot


def test_a_request_queues_only_a_confirmation_and_the_answer_says_check_your_mail(client, broker):
    response = subscribe(client, email="  Lucia.Mamani@Example.PE ", topics=["minutes", "news"])
    assert response.status_code == 302 and response["Location"] == reverse("portal:subscribe-sent")
    assert "Revise su correo" in client.get(response["Location"]).content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == ADDRESS and subscription.confirmed_at is None and subscription.topics == []
    assert subscription.pending_topics == ["minutes", "news"]
    [message] = confirmations()
    assert "Confirmar" in message.body_text and "7 días" in message.body_text
    assert message.headers == {}  # a confirmation is no notice: no unsubscribe header


def test_a_known_address_gets_the_same_answer_and_a_new_link_that_kills_the_old(client, broker):
    first = subscribe(client, topics=["minutes"])
    old_link = link_path(confirmations()[-1], "confirmar")
    second = subscribe(client, email=ADDRESS.upper(), topics=["sessions"])
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Subscription.objects.count() == 1 and len(confirmations()) == 2
    dead = client.post(old_link)
    assert dead.status_code == 400 and "ya no es válido" in dead.content.decode()
    assert client.post(link_path(confirmations()[-1], "confirmar")).status_code == 302
    assert Subscription.objects.get().topics == ["sessions"]


def test_new_topics_of_a_subscriber_apply_only_on_confirmation(client, broker):
    subscribe(client, topics=["minutes"])
    confirm(client)
    subscribe(client, topics=["news"])
    subscription = Subscription.objects.get()
    assert subscription.topics == ["minutes"] and subscription.pending_topics == ["news"]
    confirm(client)
    subscription.refresh_from_db()
    assert subscription.topics == ["news"] and subscription.pending_topics == [] and subscription.nonce == ""


@pytest.mark.parametrize(
    "data",
    [
        {"email": "no-es-un-correo", "topics": ["minutes"]},
        {"email": ADDRESS},
        {"email": ADDRESS, "topics": ["otro"]},
        {"email": "", "topics": ["minutes"]},
        {"email": "a" * 250 + "@example.pe", "topics": ["news"]},
        {},
    ],
)
def test_bad_input_gives_the_form_back_with_errors_linked_to_the_fields(client, data):
    response = client.post(reverse("portal:subscribe"), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and 'class="field-error"' in html
    for error_id in re.findall(r'class="field-error" id="([^"]+)"', html):
        assert f'aria-describedby="{error_id}"' in html or re.search(rf'aria-describedby="[^"]*{error_id}', html)
    assert not OutboundMessage.objects.exists() and not Subscription.objects.exists()


def test_the_honeypot_is_answered_alike_and_dropped(client):
    response = client.post(reverse("portal:subscribe"), {"email": ADDRESS, "topics": ["news"], "website": "x"})
    assert response.status_code == 302 and not Subscription.objects.exists() and not OutboundMessage.objects.exists()


def test_requests_are_throttled_per_network_address_and_per_e_mail_address(client, throttle_rates, broker):
    throttle_rates(subscribe="2/hour")
    assert subscribe(client, email="a@example.pe").status_code == 302
    assert subscribe(client, email="b@example.pe").status_code == 302
    refused = subscribe(client, email="c@example.pe")
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    # The same address from elsewhere: counted per address too.
    assert subscribe(client, email=ADDRESS, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert subscribe(client, email=ADDRESS, REMOTE_ADDR="10.0.0.3").status_code == 302
    assert subscribe(client, email=ADDRESS, REMOTE_ADDR="10.0.0.4").status_code == 429
    assert OutboundMessage.objects.count() == 4


# Links -------------------------------------------------------------------------------------------------


def test_opening_the_confirmation_link_changes_nothing_and_shows_one_button(client, broker):
    subscribe(client, topics=["sessions", "minutes"])
    path = link_path(confirmations()[-1], "confirmar")
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and html.count('type="submit"') == 2  # the language switch, and Confirmar
    assert ">Confirmar</button>" in html and "Sesiones convocadas" in html and ADDRESS not in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert Subscription.objects.get().confirmed_at is None
    assert client.post(path)["Location"] == reverse("portal:subscribe-confirmed")
    assert Subscription.objects.get().confirmed_at is not None
    again = client.post(path)  # a second click: the link is used up, said plainly
    assert again.status_code == 400 and "ya no es válido" in again.content.decode()


def test_an_expired_confirmation_link_gives_a_clear_page(client, broker, monkeypatch):
    subscribe(client)
    path = link_path(confirmations()[-1], "confirmar")
    later = timezone.now().timestamp() + datetime.timedelta(days=8).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400 and "venció" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("kind", ["confirmar", "baja"])
@pytest.mark.parametrize(
    "token",
    [
        "x",
        "abc:def:ghi",
        signing.dumps({"s": 1, "n": "0" * 16, "k": "0" * 32}, salt="otra-sal"),
        signing.dumps([1, 2], salt=subscriptions.CONFIRM_SALT),
        signing.dumps([1, 2], salt=subscriptions.UNSUBSCRIBE_SALT),
    ],
)
def test_forged_links_give_a_clear_page_never_a_500(client, kind, token):
    for method in ("get", "post"):
        response = getattr(client, method)(f"/publico/suscripcion/{kind}/{token}/")
        assert response.status_code == 400, (method, token)
        assert "Enlace no válido" in response.content.decode()


def test_a_confirmation_token_does_not_unsubscribe_and_the_reverse(client, broker):
    subscribe(client)
    subscription = Subscription.objects.get()
    confirm_token = subscriptions.confirmation_token(subscription)
    assert client.post(reverse("portal:unsubscribe", args=[confirm_token])).status_code == 400
    cancel_token = subscriptions.unsubscribe_token(subscription)
    assert client.post(reverse("portal:subscribe-confirm", args=[cancel_token])).status_code == 400
    assert Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).exists()


# Notices -----------------------------------------------------------------------------------------------


def test_acta_approval_notifies_a_confirmed_subscriber_once_and_never_after_unsubscribing(
    client, broker, committed, settings
):
    settings.SITE_URL = "https://mtigm.example.pe"
    subscribe(client, topics=["minutes"])
    subscribe(client, email="solo.noticias@example.pe", topics=["news"])
    confirm(client, "solo.noticias@example.pe")
    # Not confirmed yet: an acta approved now reaches no one (recorded as done; no task published).
    with committed():
        approve_acta()
    assert broker.ids(FAN_OUT) == []
    assert notices() == [] and SubscriptionEvent.objects.get().done_at is not None

    assert confirm(client).status_code == 302
    with committed():
        acta = approve_acta()
    [event_id] = broker.ids(FAN_OUT)
    run_fan_outs(broker)
    [message] = notices()
    subscription = Subscription.objects.get(email=ADDRESS)
    assert message.recipient == ADDRESS and message.key == f"subscription:{subscription.pk}:{event_id}"
    assert acta.session.title in message.subject and "Acta aprobada" in message.subject
    session_url = f"https://mtigm.example.pe{reverse('portal:session', args=[acta.session_id])}"
    assert session_url in message.body_text
    unsubscribe = (
        f"https://mtigm.example.pe{reverse('portal:unsubscribe', args=[subscriptions.unsubscribe_token(subscription)])}"
    )
    assert unsubscribe in message.body_text
    assert message.headers == {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }

    # The fan-out again (a redelivered task, the sweep): nothing more.
    assert subscription_fan_out.apply(args=[event_id]).get() == "queued 0"
    assert subscriptions.event_fan_out(event_id=event_id) == 0
    SubscriptionEvent.objects.filter(pk=event_id).update(done_at=None)  # even if it were not marked done
    subscription_fan_out.apply(args=[event_id])
    assert len(notices()) == 1

    # Saving the approved acta again records no second event.
    with committed():
        Minutes.objects.get(pk=acta.pk).save()
    assert broker.ids(FAN_OUT) == []

    # Unsubscribe with the link's POST: at once, without login.
    done = client.post(link_path(message, "baja"))
    assert done.status_code == 200 and "Se dio de baja" in done.content.decode()
    assert not Subscription.objects.filter(email=ADDRESS).exists()
    with committed():
        approve_acta()
    run_fan_outs(broker)
    assert len(notices(ADDRESS)) == 1 and notices("solo.noticias@example.pe") == []


def test_the_rfc_8058_headers_reach_the_wire(client, broker, committed, settings):
    settings.SITE_URL = "https://mtigm.example.pe"
    subscribe(client, topics=["minutes"])
    confirm(client)
    with committed():
        approve_acta()
    run_fan_outs(broker)
    [message] = notices()
    with smtp_listener(settings) as server:
        assert outbox_send.apply(args=[message.pk]).get() == "sent"
    [received] = server.messages
    # A long header is folded on the wire; unfolded, it is the link itself.
    assert received["List-Unsubscribe"].strip() == message.headers["List-Unsubscribe"]
    assert received["List-Unsubscribe"].strip().startswith("<https://mtigm.example.pe/publico/suscripcion/baja/")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["To"] == ADDRESS


def test_one_click_unsubscribe_is_a_post_without_csrf_token_and_a_get_changes_nothing(broker):
    client = Client(enforce_csrf_checks=True)
    subscribe(client, topics=["news"])  # the form itself keeps its CSRF check
    assert not Subscription.objects.exists()
    Client().post(reverse("portal:subscribe"), {"email": ADDRESS, "topics": ["news"]})
    confirm(Client())
    subscription = Subscription.objects.get()
    url = reverse("portal:unsubscribe", args=[subscriptions.unsubscribe_token(subscription)])
    page = client.get(url)
    assert page.status_code == 200 and ">Darme de baja</button>" in page.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    # What a mail client sends (RFC 8058 §3.2): no cookie, no token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Se dio de baja" in response.content.decode()
    assert not Subscription.objects.exists()
    # Twice (the mail client, then the person): the same answer; the page then says so.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert "ya no está suscrita" in client.get(url).content.decode()


def test_a_called_plenary_session_notifies_session_subscribers_only(client, broker, committed, commission):  # noqa: F811
    subscribe(client, topics=["sessions"])
    confirm(client)
    subscribe(client, email="actas@example.pe", topics=["minutes"])
    confirm(client, "actas@example.pe")
    with committed():
        session = called_session(commission, day=timezone.localdate() + datetime.timedelta(days=40))
    run_fan_outs(broker)
    [message] = notices()
    assert message.recipient == ADDRESS and "Sesión convocada" in message.subject
    assert reverse("portal:session", args=[session.pk]) in message.body_text


def test_what_the_public_site_does_not_show_notifies_no_one(client, broker, committed):
    subscribe(client, topics=["sessions", "minutes", "news"])
    confirm(client)
    draft = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=900, starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    held = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=901, starts_at=timezone.now(), state=Session.State.HELD
    )
    draft_acta = Minutes.objects.create(session=held)
    withdrawn = News.objects.create(title="Retirada", slug="retirada", summary="s", body="b")
    events = [
        SubscriptionEvent.objects.create(
            topic=Topic.SESSIONS, object_label=subscriptions.SESSION_LABEL, object_id=str(draft.pk)
        ),
        SubscriptionEvent.objects.create(
            topic=Topic.MINUTES, object_label=subscriptions.MINUTES_LABEL, object_id=str(draft_acta.pk)
        ),
        SubscriptionEvent.objects.create(
            topic=Topic.NEWS, object_label=subscriptions.NEWS_LABEL, object_id=str(withdrawn.pk)
        ),
        SubscriptionEvent.objects.create(topic=Topic.NEWS, object_label=subscriptions.NEWS_LABEL, object_id="999999"),
    ]
    for event in events:
        assert subscription_fan_out.apply(args=[event.pk]).get() == "queued 0"
    assert notices() == []
    assert not SubscriptionEvent.objects.filter(done_at__isnull=True).exists()


def test_a_news_item_scheduled_for_later_waits_for_its_date(client, broker, committed):
    subscribe(client, topics=["news"])
    confirm(client)
    st = secretariat_user("st-noticias")
    later = timezone.now() + datetime.timedelta(days=2)
    news = News.objects.create(
        title="Informe anual", slug="informe-anual", summary="El informe.", body="b", published_at=later
    )
    with committed():
        news_publish(actor=st, news=news)
    event_id = SubscriptionEvent.objects.get().pk
    assert broker.ids(FAN_OUT) == []  # nothing to do before the date
    assert subscription_fan_out.apply(args=[event_id]).get() == "waiting"
    assert notices() == [] and SubscriptionEvent.objects.get().done_at is None
    # The sweep leaves it alone until the date, then hands it over.
    SubscriptionEvent.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert subscriptions.sweep()["events"] == 0
    assert subscriptions.sweep(now=later + datetime.timedelta(minutes=1))["events"] == 1
    assert broker.ids(FAN_OUT) == [event_id]
    assert subscriptions.event_fan_out(event_id=event_id, now=later + datetime.timedelta(minutes=1)) == 1
    [message] = notices()
    assert "Informe anual" in message.subject and "/publico/noticias/informe-anual/" in message.body_text


def test_the_sweep_deletes_stale_requests_and_hands_undone_events_over(client, broker, committed):
    subscribe(client, email="viejo@example.pe")
    subscribe(client, email="confirmado@example.pe")
    confirm(client, "confirmado@example.pe")
    subscribe(client, email="reciente@example.pe")
    old = timezone.now() - datetime.timedelta(days=31)
    Subscription.objects.exclude(email="reciente@example.pe").update(created_at=old)
    with committed():
        acta = approve_acta()
    broker.clear()  # the broker lost it
    event = SubscriptionEvent.objects.get(object_id=str(acta.pk))
    SubscriptionEvent.objects.filter(pk=event.pk).update(created_at=old)
    assert subscription_sweep.apply().get() == {"deleted": 1, "events": 1}
    assert set(Subscription.objects.values_list("email", flat=True)) == {"confirmado@example.pe", "reciente@example.pe"}
    assert broker.ids(FAN_OUT) == [event.pk]


def test_the_beat_schedule_runs_the_sweep():
    from portal.beat import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["portal-subscription-sweep"]["task"] == "portal.tasks.subscription_sweep"


def test_the_subscription_shows_no_address_in_its_text():
    subscription = Subscription.objects.create(email=ADDRESS, key="k" * 32)
    assert ADDRESS not in str(subscription)


@pytest.mark.parametrize("subscribers", [2, 12])
def test_the_fan_out_costs_a_few_queries_per_subscriber(subscribers, broker, committed, django_assert_max_num_queries):
    for n in range(subscribers):
        Subscription.objects.create(
            email=f"s{n}@example.pe", key=f"{n:032d}", minutes=True, confirmed_at=timezone.now()
        )
    with committed():
        approve_acta()
    [event_id] = broker.ids(FAN_OUT)
    # The event, its acta and the subscribers: a constant; then one outbox row per subscriber (the
    # outbox's get_or_create in its savepoints: six statements), whatever the number of subscribers.
    with django_assert_max_num_queries(12 + 6 * subscribers):
        assert subscriptions.event_fan_out(event_id=event_id) == subscribers
    assert len(notices()) == subscribers
