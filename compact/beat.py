from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Reminders to the invited entities that have not answered, 7, 3 and 1 days before the deadline.
    "compact-consultation-reminders": {
        "task": "compact.tasks.send_consultation_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
}
