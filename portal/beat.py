BEAT_SCHEDULE = {
    # Subscription notices whose task never ran (a broker outage), news whose date came, and the
    # deletion of requests never confirmed; event and message keys make every run harmless.
    "portal-subscription-sweep": {"task": "portal.tasks.subscription_sweep", "schedule": 300.0},
}
