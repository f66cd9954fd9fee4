import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mtigm.settings.local")

app = Celery("mtigm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def collect_beat_schedules(sender: Celery, **kwargs: Any) -> None:
    """Merge every installed app's ``beat.BEAT_SCHEDULE`` into the beat schedule.

    Each app owns its periodic tasks in its own module, so adding one never touches settings.
    """
    from mtigm.core.discovery import app_modules

    for module in app_modules("beat"):
        sender.conf.beat_schedule.update(module.BEAT_SCHEDULE)
