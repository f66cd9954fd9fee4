import datetime

import pytest

from directives.models import Norm, Rule
from directives.reference import RULES
from directives.rules import UnknownRule, rule, rules_in_force
from directives.services import rule_version_create
from members.models import Designation  # noqa: F401  (the members app must be importable)
from mtigm.core.errors import AccessDenied, RuleViolation
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_reference_rule_is_loaded_with_a_citation():
    for key, _name, value, _unit, norm_code, article in RULES:
        found = rule(key, on=D(2015, 1, 1))
        assert found.value == value
        assert found.norm_code == norm_code
        assert found.citation.startswith(article)


def test_citations_follow_the_seed():
    assert rule("session.quorum").citation == "Art. 12, Reglamento de la MTIGM (R.M. N° 0037-RE-2014)"
    assert rule("evaluation.due.q1").article == "§6.1.3"
    assert rule("cso.loss_request_min_members").article == "§4.2.6"
    assert rule("cso.certificate_max_age_months").article == "§4.2.4 m"
    assert rule("plan.approval_deadline").article == "Art. 24"
    assert rule("plan.draft_due").norm_code == "dir-003-2014"
    assert rule("directive.in_force_offset_days").article == "Disposición final única"
    assert rule("session.absence_notice_days").article == "Art. 7.7 b"


def test_norm_dates_follow_the_seed():
    reglamento = Norm.objects.get(code="reglamento")
    assert reglamento.issued_on == D(2014, 1, 20)
    assert Norm.objects.get(code="ds-067-2011-pcm").published_on == D(2011, 7, 27)
    dir3 = Norm.objects.get(code="dir-003-2014")
    assert (dir3.approved_on, dir3.in_force_from) == (D(2014, 3, 12), D(2014, 3, 13))
    dir1 = Norm.objects.get(code="dir-001-2014")
    assert (dir1.approved_on, dir1.in_force_from) == (D(2014, 2, 12), D(2014, 2, 13))


def test_reglamento_articles_are_loaded_with_text():
    reglamento = Norm.objects.get(code="reglamento")
    numbers = [str(n) for n in range(1, 32)]
    assert set(numbers) <= set(reglamento.articles.values_list("number", flat=True))
    art11 = reglamento.articles.get(number="11")
    assert art11.label == "Art. 11"
    assert "siete (07) días hábiles" in art11.text
    assert Norm.objects.get(code="dir-003-2014").articles.get(number="6.1.3").label == "§6.1.3"


def test_new_version_changes_value_from_its_date_and_keeps_each_citation():
    st = secretariat_user()
    reglamento = Norm.objects.get(code="reglamento")
    new = rule_version_create(
        actor=st,
        key="session.notice_business_days.ordinary",
        value=10,
        valid_from=D(2030, 1, 1),
        norm=reglamento,
        article="Art. 11 (modificado)",
    )
    old = Rule.objects.get(key=new.key, valid_from=D(2011, 1, 1))
    assert old.valid_to == D(2029, 12, 31)
    before = rule("session.notice_business_days.ordinary", on=D(2029, 12, 31))
    after = rule("session.notice_business_days.ordinary", on=D(2030, 1, 1))
    assert (before.value, after.value) == (7, 10)
    assert before.citation.startswith("Art. 11,")
    assert after.citation.startswith("Art. 11 (modificado),")
    keys = {r.key: r for r in rules_in_force(on=D(2030, 6, 1))}
    assert keys["session.notice_business_days.ordinary"].value == 10


def test_new_version_is_refused_before_the_current_one_and_for_non_st():
    st = secretariat_user()
    reglamento = Norm.objects.get(code="reglamento")
    with pytest.raises(Exception, match="debe regir después"):
        rule_version_create(
            actor=st,
            key="session.quorum_tolerance_minutes",
            value=20,
            valid_from=D(2010, 1, 1),
            norm=reglamento,
            article="Art. 12",
        )
    member = representative_user(member_entity("MTPE"))
    with pytest.raises(AccessDenied):
        rule_version_create(
            actor=member,
            key="session.quorum_tolerance_minutes",
            value=20,
            valid_from=D(2030, 1, 1),
            norm=reglamento,
            article="Art. 12",
        )
    with pytest.raises(Exception, match="mismos campos"):
        rule_version_create(
            actor=st,
            key="session.quorum",
            value={"numerator": 2},
            valid_from=D(2030, 1, 1),
            norm=reglamento,
            article="Art. 12",
        )
    assert Rule.objects.filter(key="session.quorum_tolerance_minutes").count() == 1


def test_unknown_rule_and_rule_violation_carry_citation():
    with pytest.raises(UnknownRule):
        rule("no.such.rule")
    error = RuleViolation("La citación llega tarde", rule=rule("session.notice_business_days.ordinary"))
    assert error.messages == ["La citación llega tarde (Art. 11, Reglamento de la MTIGM (R.M. N° 0037-RE-2014))"]
    assert error.rule_key == "session.notice_business_days.ordinary"
