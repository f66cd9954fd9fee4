"""Periodic work of the decisions app, merged into the beat schedule by mtigm/celery.py."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every morning in Lima: remind owners of agreements due soon and tell the ST of overdue ones.
    "decisions-agreement-reminders": {
        "task": "decisions.tasks.agreement_reminders_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Renders asked for while the broker was down, or lost with a worker, are sent again.
    "decisions-sweep-queued-minutes": {"task": "decisions.tasks.sweep_queued_minutes", "schedule": 120.0},
}
