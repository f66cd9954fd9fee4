"""Property tests of the majority arithmetic (Art. 7.4, 13) on the registry's own formulas."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decisions.majority import required_yes_votes, tally
from directives.reference import RULES

FORMULAS = {key: value for key, _name, value, *_rest in RULES if isinstance(value, dict) and "base" in value}
SIMPLE = FORMULAS["vote.simple_majority"]
ALL_MEMBERS = FORMULAS["vote.majority_of_all_members"]
GROUP = FORMULAS["group.decision_majority"]

counts = st.integers(min_value=0, max_value=40)


@given(yes=counts, no=counts, abstain=counts)
def test_simple_majority_is_more_yes_than_no_and_abstentions_do_not_count(yes, no, abstain):
    result = tally(yes=yes, no=no, abstain=abstain, members_in_office=80, formula=SIMPLE)
    assert result.adopted == (yes > no)
    assert result.base == yes + no
    assert result.needs_casting_vote == (yes == no and yes > 0)
    # Adding abstentions never changes the outcome.
    again = tally(yes=yes, no=no, abstain=abstain + 7, members_in_office=80, formula=SIMPLE)
    assert again.adopted == result.adopted


@given(yes=st.integers(min_value=1, max_value=40), abstain=counts, casting=st.sampled_from(["yes", "no"]))
def test_tie_is_decided_by_the_casting_vote(yes, abstain, casting):
    result = tally(yes=yes, no=yes, abstain=abstain, members_in_office=90, formula=SIMPLE, casting_vote=casting)
    assert result.tie
    assert result.decided_by_casting_vote
    assert not result.needs_casting_vote
    assert result.adopted == (casting == "yes")


@given(yes=counts, no=counts, casting=st.sampled_from(["yes", "no", ""]))
def test_casting_vote_is_ignored_without_a_tie(yes, no, casting):
    if yes == no:
        return
    result = tally(yes=yes, no=no, abstain=0, members_in_office=90, formula=SIMPLE, casting_vote=casting)
    assert not result.decided_by_casting_vote
    assert result.adopted == (yes > no)


@given(members=st.integers(min_value=1, max_value=40), data=st.data())
def test_majority_of_all_members_counts_the_absent(members, data):
    yes = data.draw(st.integers(min_value=0, max_value=members))
    no = data.draw(st.integers(min_value=0, max_value=members - yes))
    abstain = data.draw(st.integers(min_value=0, max_value=members - yes - no))
    result = tally(yes=yes, no=no, abstain=abstain, members_in_office=members, formula=ALL_MEMBERS)
    assert result.adopted == (2 * yes > members)
    assert result.required_yes == members // 2 + 1
    assert not result.needs_casting_vote  # Art. 7.4 has no casting vote


@given(yes=counts, no=counts)
def test_group_majority_has_no_casting_vote(yes, no):
    result = tally(yes=yes, no=no, abstain=0, members_in_office=10, formula=GROUP, casting_vote="yes")
    assert result.adopted == (yes > no)
    assert not result.needs_casting_vote


@given(base=st.integers(min_value=0, max_value=200), num=st.integers(1, 5), den=st.integers(1, 6), strict=st.booleans())
def test_required_yes_is_the_smallest_passing_count(base, num, den, strict):
    formula = {"numerator": num, "denominator": den, "strict": strict}
    need = required_yes_votes(base, formula)

    def passes(yes: int) -> bool:
        return yes * den > base * num if strict else yes * den >= base * num

    assert passes(need)
    assert need == 0 or not passes(need - 1)


def test_examples_from_the_reglamento():
    # 21 members in office, 12 present: 7 yes, 3 no, 2 abstain is a simple majority (Art. 13) ...
    assert tally(yes=7, no=3, abstain=2, members_in_office=21, formula=SIMPLE).adopted
    # ... but not a majority of all members (Art. 7.4), which needs 11 of 21.
    result = tally(yes=7, no=3, abstain=2, members_in_office=21, formula=ALL_MEMBERS)
    assert not result.adopted and result.required_yes == 11
    assert tally(yes=11, no=0, abstain=1, members_in_office=21, formula=ALL_MEMBERS).adopted
    assert not tally(yes=10, no=0, abstain=0, members_in_office=20, formula=ALL_MEMBERS).adopted
    # Everyone abstains: nothing to decide, nothing adopted, no casting vote.
    result = tally(yes=0, no=0, abstain=9, members_in_office=21, formula=SIMPLE)
    assert not result.adopted and not result.needs_casting_vote


def test_unknown_base_is_refused():
    with pytest.raises(ValueError):
        tally(
            yes=1, no=0, abstain=0, members_in_office=3, formula={"base": "whatever", "numerator": 1, "denominator": 2}
        )
