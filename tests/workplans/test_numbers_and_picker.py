"""One decimal convention per page (the active language's), the live page estimate rendered by the
server, and the agenda-item picker grouped by session without cancelled sessions."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sessions.models import AgendaItem, Session
from workplans import services
from workplans.forms import PresentForm
from workplans.models import SubgroupReport

from .helpers import approved_plan, world

pytestmark = pytest.mark.django_db

LONG_TEXT = "Texto largo de dificultades encontradas. " * 200
SPANISH_PAGES = re.compile(r"(\d+[.,]\d+) páginas")
ENGLISH_PAGES = re.compile(r"(\d+[.,]\d+) printed pages")


@pytest.fixture
def lead_report(client):
    """The lead of 4.1 logged in, looking at a report long enough to be warned about its length."""
    w = world()
    plan = approved_plan(w)
    evaluation = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    report = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.1")
    services.subgroup_report_save(actor=w["users"]["responsable"], report=report, difficulties=LONG_TEXT)
    client.force_login(w["users"]["responsable"])
    return client, reverse("workplans:subgroup-report", args=[report.pk])


def test_page_estimate_and_warning_share_the_spanish_convention(lead_report):
    client, url = lead_report
    html = client.get(url).content.decode()
    numbers = SPANISH_PAGES.findall(html)
    # The warning and the estimate line both show the figure, once each, with a decimal comma.
    assert len(numbers) == 2 and len(set(numbers)) == 1, numbers
    assert all("," in n and "." not in n for n in numbers), numbers


def test_page_estimate_follows_english_when_chosen(lead_report):
    client, url = lead_report
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    numbers = ENGLISH_PAGES.findall(html)
    assert len(numbers) == 2 and all("." in n and "," not in n for n in numbers), numbers
    assert not SPANISH_PAGES.search(html)


def test_live_estimate_is_the_server_rendered_fragment(lead_report):
    """What the page asks for while one types: the unsaved text counts, formatted like the page."""
    client, url = lead_report
    short = client.get(url, {"estimate": "1", "difficulties": "Breve."}, HTTP_HX_REQUEST="true").content.decode()
    long = client.get(url, {"estimate": "1", "difficulties": LONG_TEXT * 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in short and "data-page-estimate" in short
    short_pages, long_pages = SPANISH_PAGES.findall(short), SPANISH_PAGES.findall(long)
    assert len(short_pages) == 1 and 'class="warning"' not in short  # fits in one page: no warning
    assert len(long_pages) == 2 and 'class="warning"' in long
    as_float = [float(n.replace(",", ".")) for n in (short_pages[0], long_pages[0])]
    assert as_float[0] < 1 < as_float[1]
    assert all("," in n for n in short_pages + long_pages)
    # Nothing was written.
    assert SubgroupReport.objects.get(subgroup__code="4.1").difficulties == LONG_TEXT.strip()


def _session(number: int, day: datetime.date, state: str, kind: str = "ordinary", **extra) -> Session:
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return Session.objects.create(kind=kind, number=number, starts_at=starts, state=state, **extra)


def test_agenda_item_picker_groups_by_session_and_hides_cancelled(django_assert_max_num_queries):
    w = world()
    held = _session(26, datetime.date(2015, 4, 21), Session.State.HELD)
    later = _session(27, datetime.date(2015, 7, 14), Session.State.CALLED)
    cancelled = _session(28, datetime.date(2015, 8, 4), Session.State.CANCELLED)
    group_meeting = _session(3, datetime.date(2015, 5, 5), Session.State.HELD, kind="group", group=w["groups"][4])
    for session in (held, later, cancelled, group_meeting):
        for position in (1, 2):
            AgendaItem.objects.create(session=session, position=position, title=f"Punto {position} de {session}")
    AgendaItem.objects.create(session=held, position=3, title="Pedido no admitido", status=AgendaItem.Status.REJECTED)

    with django_assert_max_num_queries(1):
        html = str(PresentForm()["agenda_item"])
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    # Newest session first, labelled with its title and date; each holds its own items in order.
    assert [label for label, _ in groups] == [f"{later.title} — 14/07/2015", f"{held.title} — 21/04/2015"]
    for (_label, options), session in zip(groups, (later, held), strict=True):
        titles = re.findall(r"<option [^>]*>([^<]+)</option>", options)
        assert titles == [f"1. Punto 1 de {session}", f"2. Punto 2 de {session}"]
    assert str(cancelled) not in html and "no admitido" not in html and str(group_meeting) not in html

    # A cancelled session's item is refused by the form too, not only hidden.
    item = cancelled.agenda_items.get(position=1)
    form = PresentForm(data={"presented_on": "2015-08-04", "agenda_item": item.pk})
    assert not form.is_valid() and "agenda_item" in form.errors
    chosen = held.agenda_items.get(position=2)
    form = PresentForm(data={"presented_on": "2015-04-21", "agenda_item": chosen.pk})
    assert form.is_valid() and form.cleaned_data["agenda_item"] == chosen
