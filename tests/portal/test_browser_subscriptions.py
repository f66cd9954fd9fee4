"""In Chromium, as an anonymous visitor: subscribe from the home page, confirm by the link of the
confirmation message, get exactly one notice when an acta is approved, unsubscribe by the notice's
link; the form also works without JavaScript, and axe-core finds no critical or serious violation on
any subscription page."""

from __future__ import annotations

import re

import pytest

from decisions import services as decisions
from mtigm.core.models import OutboundMessage
from portal import subscriptions
from portal.models import Subscription
from portal.tasks import subscription_fan_out
from sessions.services import session_close
from tests.decisions.factories import plenary
from tests.portal.test_browser_portal import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ADDRESS = "rosa.quispe@example.pe"


def _link(message: OutboundMessage, kind: str) -> str:
    match = re.search(rf"(https?://\S+/publico/suscripcion/{kind}/\S+/)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def test_subscribe_confirm_notice_and_unsubscribe(browser, live_server, broker, settings):
    # Links in messages point at the live server, as they point at SITE_URL in production.
    settings.SITE_URL = live_server.url
    context = browser.new_context(locale="es-PE", bypass_csp=True)  # axe-core is an inline script
    context.set_default_timeout(10_000)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    tally: dict[str, dict[str, int]] = {}

    def audit(name: str) -> None:
        found[name] = _violations(page, tally, name)

    # From the home page to the form; an empty form first: its errors, announced and linked.
    page.goto(f"{live_server.url}/publico/")
    page.get_by_test_id("subscribe").click()
    page.wait_for_url("**/publico/suscripcion/")
    audit("formulario")
    page.get_by_role("button", name="Suscribirme").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Correo electrónico").get_attribute("aria-invalid") == "true"
    audit("formulario con errores")

    page.get_by_label("Correo electrónico").fill(ADDRESS)
    page.get_by_label("Actas aprobadas").check()
    page.get_by_role("button", name="Suscribirme").click()
    page.wait_for_url("**/publico/suscripcion/revise-su-correo/")
    assert page.get_by_role("heading", name="Revise su correo").is_visible()
    audit("revise su correo")

    # The confirmation message, and nothing else, until the button of its link is pressed.
    [confirmation] = OutboundMessage.objects.filter(recipient=ADDRESS)
    assert confirmation.kind == subscriptions.CONFIRM_KIND
    page.goto(_link(confirmation, "confirmar"))
    assert Subscription.objects.get(email=ADDRESS).confirmed_at is None  # opening it changed nothing
    audit("confirmar")
    page.get_by_role("button", name="Confirmar").click()
    page.wait_for_url("**/publico/suscripcion/confirmada/")
    assert page.get_by_role("heading", name="Suscripción confirmada").is_visible()
    audit("confirmada")

    # An acta approved through the decisions services; the worker fans the event out.
    p = plenary(3, with_observer=False)
    session_close(actor=p.st, session=p.session)
    minutes = decisions.minutes_draft(actor=p.st, session=p.session)
    decisions.minutes_approve(actor=p.st, minutes=minutes, in_session=p.session)
    for event_id in broker.ids(subscriptions.FAN_OUT_TASK):
        subscription_fan_out.apply(args=[event_id])
        subscription_fan_out.apply(args=[event_id])  # delivered twice: still one message
    [notice] = OutboundMessage.objects.filter(recipient=ADDRESS, kind=subscriptions.NOTICE_KIND)
    assert p.session.title in notice.subject
    assert notice.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The notice's link to the acta, then its unsubscribe link: one button, and it is done.
    page.goto(re.search(r"(https?://\S+/publico/sesiones/\d+/)", notice.body_text).group(1))
    assert page.get_by_role("heading", name="Acta", exact=True).is_visible()
    page.goto(_link(notice, "baja"))
    assert Subscription.objects.filter(email=ADDRESS).exists()
    audit("baja")
    page.get_by_role("button", name="Darme de baja").click()
    assert page.get_by_role("heading", name="Se dio de baja").is_visible()
    assert not Subscription.objects.filter(email=ADDRESS).exists()
    audit("baja hecha")

    # A forged link: a page that says so, in Spanish.
    response = page.goto(f"{live_server.url}/publico/suscripcion/baja/falso/")
    assert response is not None and response.status == 400
    assert page.get_by_role("heading", name="Enlace no válido").is_visible()
    audit("enlace no válido")
    context.close()

    # Without JavaScript, the form works the same.
    plain = browser.new_context(locale="es-PE", java_script_enabled=False)
    plain.set_default_timeout(10_000)
    page = plain.new_page()
    page.goto(f"{live_server.url}/publico/suscripcion/")
    page.get_by_label("Correo electrónico").fill("sin.js@example.pe")
    page.get_by_label("Noticias").check()
    page.get_by_role("button", name="Suscribirme").click()
    page.wait_for_url("**/publico/suscripcion/revise-su-correo/")
    assert OutboundMessage.objects.filter(recipient="sin.js@example.pe", kind=subscriptions.CONFIRM_KIND).count() == 1
    plain.close()

    print("axe violations by impact:", {name: tally.get(name, {}) for name in found})
    assert found == {name: [] for name in found}
