"""Periodic work of the decisions app, merged into the beat schedule by mtigm/celery.py."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every morning in Lima: remind owners of agreements due soon and tell the ST of overdue ones.
    "decisions-agreement-reminders": {
        "task": "decisions.tasks.agreement_reminders_task",
        "schedule": crontab(hour=7, minute=30),
    },
}
