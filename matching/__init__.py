"""Pure matching library: mentee-mentor pairs and peer groups.

No Flask, no database: plain `Person` data in, plain results out.
"""

from __future__ import annotations

from matching.config import MatchConfig
from matching.groups import Group, GroupResult, form_groups
from matching.pairs import Pair, PairMatcher, explain_unmatched, match_pairs, score_pairs
from matching.peers import score_peers
from matching.person import Person
from matching.reasons import AUDIENCES, Reason, describe

__all__ = [
    "AUDIENCES",
    "Group",
    "GroupResult",
    "MatchConfig",
    "Pair",
    "PairMatcher",
    "Person",
    "Reason",
    "describe",
    "explain_unmatched",
    "form_groups",
    "match_pairs",
    "score_pairs",
    "score_peers",
]
