"""Pure matching library: mentee-mentor pairs and peer groups.

No Flask, no database: plain `Person` data in, plain results out.
"""

from __future__ import annotations

from matching.config import MatchConfig
from matching.pairs import Pair, PairMatcher, explain_unmatched, match_pairs, score_pairs
from matching.person import Person
from matching.reasons import Reason

__all__ = [
    "MatchConfig",
    "Pair",
    "PairMatcher",
    "Person",
    "Reason",
    "explain_unmatched",
    "match_pairs",
    "score_pairs",
]
