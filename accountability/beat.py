BEAT_SCHEDULE = {
    # Reports whose task was lost while the broker was down (accountability.tasks).
    "accountability-sweep-reports": {"task": "accountability.tasks.sweep_pending_pcm_reports", "schedule": 300.0},
}
