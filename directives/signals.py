"""Keep the rule cache honest: drop it whenever a request or task starts or a rule changes."""

from celery.signals import task_prerun
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save

from .models import Norm, Rule
from .rules import clear_cache

request_started.connect(clear_cache, dispatch_uid="directives_rules_request")
task_prerun.connect(clear_cache, dispatch_uid="directives_rules_task")
for _model in (Rule, Norm):
    post_save.connect(clear_cache, sender=_model, dispatch_uid=f"directives_rules_save_{_model.__name__}")
    post_delete.connect(clear_cache, sender=_model, dispatch_uid=f"directives_rules_delete_{_model.__name__}")
