from celery.schedules import crontab

BEAT_SCHEDULE = {
    # The digest of the documents uploaded the day before, early in the morning (Lima time).
    "library-digest": {"task": "library.tasks.send_library_digests", "schedule": crontab(hour=7, minute=0)},
}
