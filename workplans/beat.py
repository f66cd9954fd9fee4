from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Reminders before and after each due date, and alerts on the plan's calendar (Dir. 003 §6.1.3).
    "workplans-reminders": {"task": "workplans.tasks.send_workplan_reminders", "schedule": crontab(hour=7, minute=30)},
    "workplans-sweep-documents": {"task": "workplans.tasks.sweep_pending_documents", "schedule": 300.0},
}
