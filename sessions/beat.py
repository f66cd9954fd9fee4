BEAT_SCHEDULE = {
    # Reminders, the ST's deadline and periodicity alerts, and missing call PDFs are found by this
    # scan; outbox keys make each message unique, so the interval only bounds the delay.
    "sessions-scan": {"task": "sessions.tasks.sessions_scan", "schedule": 300.0},
}
