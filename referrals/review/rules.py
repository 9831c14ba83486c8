"""What a lead's decision needs, and what contradicts itself: one place, for the form and the service alike.

Pure: plain values in, (field, message) problems out. A review may be saved part-way (a RAG rating first,
the decision later); what is recorded is never contradictory, and a decision is complete only with a
RAG rating (where the guidance gives them), a decision on the level and an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

AGREE, DIFFERENT = "agree", "different"


def is_no_further_action(outcome: str) -> bool:
    return "no further action" in outcome.lower()


@dataclass(frozen=True)
class Decision:
    rag: str
    decision: str
    decided_level: int | None
    rationale: str
    outcome: str
    change_reason: str = ""


@dataclass(frozen=True)
class Before:
    """The assessment as the lead found it: the level put forward, and the decision already recorded."""

    put_forward: int | None
    ratings_given: bool
    decided: Decision | None = None  # the review's recorded decision, if it was decided


def decided_level(new: Decision, before: Before) -> int | None:
    if new.decision == DIFFERENT:
        return new.decided_level
    return before.put_forward if new.decision == AGREE else None


def decision_problems(new: Decision, before: Before) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    rationale = new.rationale.strip()
    if new.decision == DIFFERENT:
        if not new.decided_level:
            problems.append(("decided_level", "Choose the level you set"))
        elif new.decided_level == before.put_forward:
            problems.append(
                ("decided_level", f"Level {new.decided_level} is the level put forward: choose Agree, or another level")
            )
        if not rationale:
            problems.append(("decision_rationale", "Give the rationale for setting another level"))
    elif new.decision == AGREE and new.decided_level and new.decided_level != before.put_forward:
        problems.append(
            (
                "decided_level",
                f"You agreed with level {before.put_forward}: choose Set another level to set level "
                f"{new.decided_level}, or leave the level you set empty",
            )
        )
    if new.outcome and not new.decision:
        problems.append(("decision", "Record a decision on the level before choosing an outcome"))
    if new.outcome and before.ratings_given and not new.rag:
        problems.append(("rag", "Choose a RAG rating before recording an outcome"))
    level = decided_level(new, before)
    if new.outcome and is_no_further_action(new.outcome) and (level or 0) >= 3 and not rationale:
        problems.append(
            ("decision_rationale", f"Give the rationale for no further action on a level {level} assessment")
        )
    if before.decided is not None and changes_decision(new, before) and not new.change_reason.strip():
        problems.append(
            (
                "change_reason",
                "This assessment was already decided and its practitioner has seen the decision: "
                "give the reason for changing it",
            )
        )
    return problems


def changes_decision(new: Decision, before: Before) -> bool:
    """A recorded decision is changed when its level, decision or outcome changes (not the RAG or notes)."""
    old = before.decided
    if old is None:
        return False
    return (new.decision, decided_level(new, before), new.outcome) != (
        old.decision,
        decided_level(old, before),
        old.outcome,
    )
