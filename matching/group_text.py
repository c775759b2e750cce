"""Plain-language reasons for a group and for someone left without one."""

from __future__ import annotations

from collections import Counter
from types import MappingProxyType

from matching.group_layout import Layout
from matching.reasons import Param, Reason, hours_reason, join_words

__all__ = ["group_reasons", "unplaced_reason"]


def _shared(counts: Counter[str], size: int, code: str, text: str) -> list[Reason]:
    """Name labels at least half the group (and two people) have, most common first."""
    common = [(k, v) for k, v in counts.most_common(3) if v >= max(2, size / 2)]
    if not common:
        return []
    words = [f"{k} ({v} of {size})" for k, v in common]
    params: dict[str, Param] = {code: ", ".join(k for k, _ in common)}
    return [Reason(code, MappingProxyType(params), text + join_words(words))]


def group_reasons(
    layout: Layout, members: list[int], hours: list[int], language: str
) -> list[Reason]:
    """Explain a group: common language and hours, shared goals, wanted skills, interests."""
    people = [layout.people[i] for i in members]
    size = len(people)
    speak: dict[str, Param] = {"language": language}
    reasons = [Reason("language", MappingProxyType(speak), f"all speak {language}")]
    reasons.append(hours_reason(len(hours)))
    goals = Counter(g for p in people for g in p.goals)
    reasons += _shared(goals, size, "goals", "shared goals: ")
    wants = Counter(s for p in people for s in p.wants)
    reasons += _shared(wants, size, "skills", "want to learn ")
    interests = Counter(s for p in people for s in p.interests)
    reasons += _shared(interests, size, "interests", "shared interests: ")
    return reasons


def unplaced_reason(layout: Layout, i: int) -> str:
    """Say which rule kept person ``i`` out of every group."""
    language, hours, allowed = layout.compatible_counts(i)
    need = layout.min_size - 1
    if language == 0:
        return "no one else shares a language"
    if hours == 0:
        return "no one who shares a language has enough common hours"
    if allowed < need:
        return (
            f"fewer than {need} others share a language and enough common hours "
            f"to form a group of {layout.min_size}"
        )
    return "no group with room shares a language and enough common hours"
