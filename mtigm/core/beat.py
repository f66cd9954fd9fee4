BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "mtigm.core.tasks.outbox_sweep", "schedule": 60.0},
}
