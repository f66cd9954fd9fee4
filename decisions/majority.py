"""The arithmetic of majorities, as pure functions of the counts and a registry formula.

A threshold formula comes from the rule registry (``vote.simple_majority``,
``vote.majority_of_all_members``, ...) and has the shape::

    {"base": "present_and_voting" | "members_in_office", "numerator": 1, "denominator": 2,
     "strict": True, "casting_vote": True}

"present and voting" counts only yes and no: abstentions are not votes (Art. 13). "members in
office" counts every member entity of the commission that day, present or not (Art. 7.4). A
motion passes when the yes votes exceed (``strict``) or reach the fraction of the base. A tie
(yes equal to no, at least one vote cast) is decided by the President's casting vote only when
the formula allows it (Art. 13); otherwise the motion is not adopted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BASE_PRESENT_AND_VOTING = "present_and_voting"
BASE_MEMBERS_IN_OFFICE = "members_in_office"


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    base: int
    required_yes: int
    adopted: bool
    tie: bool
    needs_casting_vote: bool
    decided_by_casting_vote: bool = False


def required_yes_votes(base: int, formula: dict[str, Any]) -> int:
    """Smallest number of yes votes that satisfies the formula for ``base``."""
    numerator, denominator = int(formula["numerator"]), int(formula["denominator"])
    if formula.get("strict", True):
        # yes * den > base * num  <=>  yes >= floor(base * num / den) + 1
        return (base * numerator) // denominator + 1
    # yes * den >= base * num  <=>  yes >= ceil(base * num / den)
    return -((-base * numerator) // denominator)


def tally(
    *,
    yes: int,
    no: int,
    abstain: int,
    members_in_office: int,
    formula: dict[str, Any],
    casting_vote: str = "",
) -> Tally:
    """Compute the result. ``casting_vote`` is "yes" or "no" once the President has cast it."""
    if min(yes, no, abstain, members_in_office) < 0:
        raise ValueError("counts cannot be negative")
    base_kind = formula.get("base", BASE_PRESENT_AND_VOTING)
    if base_kind == BASE_PRESENT_AND_VOTING:
        base = yes + no
    elif base_kind == BASE_MEMBERS_IN_OFFICE:
        base = members_in_office
    else:
        raise ValueError(f"unknown majority base {base_kind!r}")
    required = required_yes_votes(base, formula)
    # With no yes or no votes at all there is nothing to decide: the motion is simply not adopted.
    adopted = yes > 0 and yes >= required
    tie = (yes + no) > 0 and yes == no
    allows_casting = bool(formula.get("casting_vote")) and base_kind == BASE_PRESENT_AND_VOTING
    needs_casting = tie and allows_casting and not adopted
    if needs_casting and casting_vote in ("yes", "no"):
        return Tally(yes, no, abstain, base, required, casting_vote == "yes", tie, False, True)
    return Tally(yes, no, abstain, base, required, adopted, tie, needs_casting)
