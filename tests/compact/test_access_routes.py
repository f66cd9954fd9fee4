"""The Global Compact's pages and API operations, with every role, against the access matrix.

The same walk as tests/core/test_access_matrix.py (its cases, targets and verdicts), restricted to
the routes of this app, so that they are checked on the demo world even while another app's routes
are being added.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import resolve, reverse

from mtigm.core import access
from mtigm.core.access.matrix import Dispatch, matrix
from tests.core import test_access_matrix as walk
from tests.core.conftest import world as world  # the module-scoped demo world fixture
from tests.core.world import ROLE_USERS

pytestmark = pytest.mark.django_db


def _page_cases(built: Any) -> list[walk.Case]:
    cases = []
    for route, entry in matrix().pages.items():
        if not route.startswith("compact:"):
            continue
        kwargs, subject, obj = walk._page_target(built, route)
        url = reverse(route, kwargs=kwargs)
        for method, target in entry.methods.items():
            if isinstance(target, Dispatch):
                for value, permission in target.permissions.items():
                    cases.append(walk.Case(route, method, permission, url, {target.argument: value}, subject, obj))
            else:
                cases.append(walk.Case(route, method, target, url, {}, subject, obj))
    return cases


def _api_cases(built: Any) -> list[walk.Case]:
    cases = []
    for path, method in walk._api_operations():
        if "/compact/" not in path:
            continue
        probe = path.replace("{id}", "1")
        url_name = resolve(probe).url_name or ""
        kwargs, subject, obj = walk._api_target(built, url_name)
        with_pk = "pk" in resolve(probe).kwargs
        url = reverse(f"api:{url_name}", kwargs=kwargs if with_pk else {})
        permission = matrix().api.get(f"{url_name}.{method}", "")
        cases.append(
            walk.Case(
                f"api:{url_name}", method, permission, url, {}, subject if with_pk else None, obj if with_pk else None
            )
        )
    return cases


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_compact_routes_answer_as_the_matrix_says(world, role):  # noqa: F811 - the fixture imported above
    user = world.users.get(role)
    user_roles = access.roles_for(user)
    pages, api = _page_cases(world), _api_cases(world)
    assert len(pages) >= 15 and len(api) == 39  # 36 + the Informe País documents (request, detail) + the narrative
    failures = []
    for is_api, cases in ((False, pages), (True, api)):
        client = walk._client(user, api=is_api)
        for case in cases:
            response = walk._run(client, user, case, api=is_api)
            expected = walk._expected(user_roles, case)
            problem = walk._verdict(response, expected, case, anonymous=user is None, api=is_api)
            if problem:
                failures.append(f"{case.method.upper()} {case.url} ({case.route} → {case.permission}): {problem}")
    assert not failures, f"{role}:\n" + "\n".join(failures)
