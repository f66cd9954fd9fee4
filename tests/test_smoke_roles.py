import datetime

import pytest

from members.models import Designation, EntityKind
from members.roles import Role, roles_for
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db


def test_roles_come_from_current_designations_and_end_with_them():
    rree = member_entity("RREE")
    user = representative_user(rree, username="presi")
    assert roles_for(user, on=datetime.date(2014, 6, 1)).has(Role.PRESIDENCY, Role.MEMBER_REPRESENTATIVE)
    Designation.objects.filter(person__user=user).update(end=datetime.date(2014, 12, 31))
    assert roles_for(user, on=datetime.date(2015, 1, 1)).roles == set()


def test_observer_and_secretariat_roles():
    observer = member_entity("DP", kind=EntityKind.OBSERVER)
    user = representative_user(observer)
    assert roles_for(user, on=datetime.date(2014, 6, 1)).roles == {Role.OBSERVER_REPRESENTATIVE}
    assert roles_for(secretariat_user(), on=datetime.date(2014, 6, 1)).roles == {Role.SECRETARIAT}
