from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Integrantes")

    def ready(self) -> None:
        from mtigm.core.access import register_role_set, register_roles_provider

        from .roles import derive_roles, group_ids, subgroup_ids

        # The registry is where roles come from; every layer asks the access layer for them.
        register_roles_provider(derive_roles)
        register_role_set("group_ids", group_ids)
        register_role_set("subgroup_ids", subgroup_ids)
