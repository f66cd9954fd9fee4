from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Reminders to the invited entities that have not answered, on the days before the deadline the
    # rule registry gives (compact.consultation_reminder_days_before: 7, 3 and 1).
    "compact-consultation-reminders": {
        "task": "compact.tasks.send_consultation_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
    # Informe País documents whose task was lost (a broker outage, a worker that died).
    "compact-sweep-informe-documents": {"task": "compact.tasks.sweep_informe_documents", "schedule": 300.0},
}
