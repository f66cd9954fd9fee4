from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mtigm.core"
    label = "core"
    verbose_name = "MTIGM"
