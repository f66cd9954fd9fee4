"""In Chromium, on the demo: the working groups' workspaces and library forms, the Global Compact
pages (a focal point filing, the ST following the consultation, the Informe País and indicators) and
the reports to the PCM pass axe-core without critical or serious violations. Violations of every
impact are printed for the closing note."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from accountability.models import PcmReport
from compact.models import Consultation, Contribution, Indicator
from library.models import Document
from members.models import Entity
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _violations(page, tally: dict[str, list[str]], url: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    for violation in result["violations"]:
        tally.setdefault(url, []).append(f"{violation['impact']} {violation['id']}")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("critical", "serious")]


def test_workspaces_compact_and_pcm_pages_pass_axe(browser, live_server):
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    document = Document.objects.filter(group__number=4).order_by("pk").first()
    consultation = Consultation.objects.get(state=Consultation.State.OPEN)
    inei = Entity.objects.get(acronym="INEI")
    filed = Contribution.objects.filter(consultation=consultation, entity=inei).first()
    indicator = Indicator.objects.order_by("pk").first()
    report = PcmReport.objects.filter(status="done").order_by("-year").first()
    assert document and filed and indicator and report, "the demo has them"
    pages = {
        "coordinador": [
            "/espacios/",
            "/espacios/grupo/4/",
            "/espacios/grupo/4/documentos/nuevo/",
            f"/espacios/documentos/{document.pk}/",
            f"/espacios/documentos/{document.pk}/editar/",
            "/espacios/resumen-diario/",
        ],
        "puntofocal": [
            "/pacto-mundial/",
            f"/pacto-mundial/consultas/{consultation.pk}/",
            f"/pacto-mundial/aportes/{filed.pk}/",
        ],
        "st": [
            "/pacto-mundial/puntos-focales/",
            "/pacto-mundial/puntos-focales/cobertura/",
            "/pacto-mundial/consultas/",
            f"/pacto-mundial/consultas/{consultation.pk}/",
            f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/",
            "/pacto-mundial/indicadores/",
            f"/pacto-mundial/indicadores/{indicator.pk}/",
            "/pacto-mundial/indicadores/avance/",
            "/informes-pcm/",
            f"/informes-pcm/{report.pk}/",
        ],
    }
    found: dict[str, list[str]] = {}
    tally: dict[str, list[str]] = {}
    for username, urls in pages.items():
        # axe-core is injected as an inline script, which the policy refuses: the context bypasses it.
        context = browser.new_context(locale="es-PE", bypass_csp=True)
        page = context.new_page()
        browser_login(page, live_server, username, "demo-mtigm")
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, (username, url, response and response.status)
            found[f"{username} {url}"] = _violations(page, tally, url)
        context.close()
    print("axe violations of any impact per page:", tally or "none")
    assert found == {key: [] for key in found}
