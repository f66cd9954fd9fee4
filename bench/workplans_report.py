"""Time to render the yearly report (memoria) of the demo year 2015.

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=mtigm.settings.local .venv/bin/python bench/workplans_report.py
Needs the demo loaded (manage.py load_reference && manage.py load_demo). Prints data-gathering,
HTML and PDF times and their ratio, measured in one run.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mtigm.settings.local")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from weasyprint import HTML  # noqa: E402

from workplans.models import Plan  # noqa: E402
from workplans.tasks import annual_context  # noqa: E402

plan = Plan.objects.get(year=2015)
runs = 3
t0 = time.perf_counter()
for _ in range(runs):
    context = annual_context(plan)
t1 = time.perf_counter()
for _ in range(runs):
    html = render_to_string("workplans/pdf/annual.html", context)
t2 = time.perf_counter()
for _ in range(runs):
    from django.conf import settings

    pdf = HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
t3 = time.perf_counter()
data, tpl, render = (t1 - t0) / runs, (t2 - t1) / runs, (t3 - t2) / runs
print(
    f"yearly report 2015: data {data * 1000:.0f} ms, HTML {tpl * 1000:.0f} ms, PDF {render * 1000:.0f} ms, "
    f"total {(data + tpl + render):.2f} s ({len(pdf) // 1024} KiB); PDF/data ratio {render / data:.1f}x"
)
