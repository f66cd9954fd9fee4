"""The migrated reference rows are there for every kind of test, before and after a flush."""

import pytest

from directives.models import Rule


@pytest.mark.django_db(transaction=True)
def test_transactional_test_sees_the_rule_registry():
    assert Rule.objects.filter(key="session.quorum").exists()


@pytest.mark.django_db(transaction=True)
def test_second_transactional_test_sees_it_after_the_first_flushed():
    assert Rule.objects.filter(key="session.notice_business_days.ordinary").exists()


@pytest.mark.django_db
def test_ordinary_test_sees_the_rule_registry():
    assert Rule.objects.filter(key="session.quorum").exists()
