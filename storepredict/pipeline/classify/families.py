"""Naming families: groups of in-scope VMs whose names share a pattern, proposed as rules.

Customers name VMs by convention (site + role + function + number: `PHCMA1003`, `GRPSRVEPO`,
`LONKUB22DADA`), so one rule per convention classifies a whole estate. Three kinds of family:

- `prefix`: the start of the name's stem (its first run of letters and digits, trailing digits
  dropped), cut where the names branch (`PHCMA`, `GRPSRV`, `LONKUB`);
- `contains`: a three-letter role token after a three-letter site code, seen after several
  sites (`SRV` in `GRPSRVEPO` and `DINSRVERM`);
- `regex`: a numbered series, the name with its numbers as `\\d+` (`^php-fpm-tir-\\d+$`).

A prefix that splits into two or more big families of its own (`PHC` into `PHCMA` and `PHCLU`)
is too generic to propose. Families are chosen greedily: first by the unknown VMs they cover
that no chosen family covers yet, weighted by the length of their literal text (so `GRPSRV`
beats the site code `GRP`), then the same way over the classified VMs. Every count is that of
the rule the family forms on the VM name (user_rules.rule_matches), so applying it matches
exactly `vm_count` in-scope VMs.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict

from ..settings import UserRule, UserRuleKind
from .catalogue import UNKNOWN_CLASS
from .user_rules import rule_matches

MIN_MEMBERS = 3
MIN_LITERAL = 3
MAX_FAMILIES = 30
EXAMPLES = 3
GENERIC_SHARE = 0.5  # a prefix whose big sub-families hold this share of it is too generic
KIND_ORDER: dict[str, int] = {"prefix": 0, "contains": 1, "regex": 2}
_STEM = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"(\d+)")
_RE2_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")
_PLACEHOLDER = "\x00"


class FamilyMember(NamedTuple):
    """One in-scope VM as families see it: its name, current classes and logical capacity."""

    name: str
    class_ids: Sequence[str]
    logical_mib: float


class NameFamily(BaseModel):
    """A group of in-scope VMs whose names match one rule on the VM name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    kind: UserRuleKind
    vm_count: int
    logical_mib: float
    classes: dict[str, int]
    examples: list[str]

    def as_rule(self, class_id: str) -> UserRule:
        """The user rule that gives this family's VMs `class_id`."""
        return name_rule(self.kind, self.pattern, class_id)


def name_rule(kind: UserRuleKind, pattern: str, class_id: str) -> UserRule:
    """A user rule on the VM name."""
    return UserRule.model_validate(
        {"field": "name", "kind": kind, "pattern": pattern, "class": class_id}
    )


class _Candidate(NamedTuple):
    kind: UserRuleKind
    pattern: str
    literal: int
    members: np.ndarray  # positions in the member list


def name_families(members: Sequence[FamilyMember], limit: int = MAX_FAMILIES) -> list[NameFamily]:
    """Proposed families, those covering unknown VMs first, at most `limit` of them."""
    if not members:
        return []
    names = [m.name for m in members]
    candidates = _candidates(names)
    unknown = np.array([UNKNOWN_CLASS in m.class_ids for m in members], dtype=bool)
    chosen: list[_Candidate] = []
    covered = np.zeros(len(members), dtype=bool)
    for target in (unknown, ~unknown):
        chosen += _greedy(candidates, target, covered, limit - len(chosen))
    texts = pa.array(names, pa.string())
    return [_family(c, members, texts) for c in chosen]


def _greedy(
    candidates: list[_Candidate], target: np.ndarray, covered: np.ndarray, limit: int
) -> list[_Candidate]:
    """Pick candidates by the target VMs they newly cover x literal length (lazy greedy)."""

    def score(index: int) -> int:
        found = candidates[index]
        fresh = np.count_nonzero(target[found.members] & ~covered[found.members])
        return int(fresh) * found.literal if fresh else 0

    heap = [(-score(i), KIND_ORDER[c.kind], -c.members.size, i) for i, c in enumerate(candidates)]
    heap = [entry for entry in heap if entry[0] < 0]
    heapq.heapify(heap)
    picked: list[_Candidate] = []
    while heap and len(picked) < limit:
        _, order, size, index = heapq.heappop(heap)
        current = score(index)
        if current == 0:
            continue
        if heap and -current > heap[0][0]:  # it lost ground: re-queue at its current score
            heapq.heappush(heap, (-current, order, size, index))
            continue
        picked.append(candidates[index])
        covered[candidates[index].members] = True
    return picked


def _candidates(names: Sequence[str]) -> list[_Candidate]:
    folded = [name.upper() for name in names]
    return [*_prefix_candidates(folded), *_token_candidates(folded), *_series_candidates(names)]


def _stem(folded: str) -> str:
    found = _STEM.match(folded)
    return found.group().rstrip("0123456789") if found else ""


def _prefix_candidates(folded: list[str]) -> list[_Candidate]:
    """Natural prefixes (a stem, or where stems branch) with enough members, not too generic."""
    order = np.argsort(np.array(folded, dtype=object), kind="stable")
    ordered = [folded[i] for i in order]
    stems = Counter(_stem(name) for name in folded)
    next_chars: dict[str, set[str]] = defaultdict(set)
    for stem in stems:
        for cut in range(MIN_LITERAL, len(stem)):
            next_chars[stem[:cut]].add(stem[cut])
    big_below = _big_stems_below(stems)
    found = []
    for prefix in sorted(set(next_chars) | set(stems)):
        if len(prefix) < MIN_LITERAL or (prefix not in stems and len(next_chars[prefix]) < 2):
            continue
        lo = bisect.bisect_left(ordered, prefix)
        hi = bisect.bisect_left(ordered, prefix + "\U0010ffff")
        big_count, big_size = big_below.get(prefix, (0, 0))
        if hi - lo < MIN_MEMBERS or (big_count >= 2 and big_size >= GENERIC_SHARE * (hi - lo)):
            continue
        found.append(_Candidate("prefix", prefix, len(prefix), np.sort(order[lo:hi])))
    return found


def _big_stems_below(stems: Counter[str]) -> dict[str, tuple[int, int]]:
    """For each proper prefix of a big stem (3+ VMs): how many big stems, how many VMs in them.

    A prefix is too generic when two or more big families of its own hold half its VMs."""
    below: dict[str, tuple[int, int]] = {}
    for stem, size in stems.items():
        if size < MIN_MEMBERS:
            continue
        for cut in range(MIN_LITERAL, len(stem)):
            count, total = below.get(stem[:cut], (0, 0))
            below[stem[:cut]] = (count + 1, total + size)
    return below


def _token_candidates(folded: list[str]) -> list[_Candidate]:
    """Three-letter role tokens following a three-letter site code, after several sites."""
    sites: dict[str, set[str]] = defaultdict(set)
    for name in folded:
        head = _LETTERS.match(name)
        if head and len(head.group()) >= 6:
            sites[head.group()[3:6]].add(head.group()[:3])
    found = []
    texts = pa.array(folded, pa.string())
    for token, seen in sorted(sites.items()):
        if len(seen) < 2:
            continue
        members = np.flatnonzero(
            pc.match_substring(texts, token).to_numpy(zero_copy_only=False)
        ).astype(np.int64)
        if members.size >= MIN_MEMBERS:
            found.append(_Candidate("contains", token, len(token), members))
    return found


def _series_candidates(names: Sequence[str]) -> list[_Candidate]:
    """Names equal but for their numbers, as one anchored regex."""
    groups: dict[str, list[int]] = defaultdict(list)
    literal: dict[str, int] = {}
    for index, name in enumerate(names):
        lowered = name.lower()
        if not _DIGITS.search(lowered):
            continue
        pattern = _series_pattern(lowered)
        groups[pattern].append(index)
        if pattern not in literal:
            literal[pattern] = len(_DIGITS.sub("", lowered))
    return [
        _Candidate("regex", pattern, literal[pattern], np.array(rows, dtype=np.int64))
        for pattern, rows in groups.items()
        if len(rows) >= MIN_MEMBERS and literal[pattern] >= MIN_LITERAL
    ]


def _series_pattern(lowered: str) -> str:
    """The anchored regex of a numbered name: RE2 specials escaped, each number as `\\d+`."""
    # Escaping adds no digits, so the numbers can be replaced after it. Both substitutions
    # only run where needed, and digits go through a literal placeholder (no template to
    # expand per name) unless the name itself holds that character.
    escaped = _RE2_SPECIAL.sub(r"\\\1", lowered) if _RE2_SPECIAL.search(lowered) else lowered
    if _PLACEHOLDER in escaped:
        return "^" + _DIGITS.sub(r"\\d+", escaped) + "$"
    return "^" + _DIGITS.sub(_PLACEHOLDER, escaped).replace(_PLACEHOLDER, "\\d+") + "$"


def _family(candidate: _Candidate, members: Sequence[FamilyMember], names: pa.Array) -> NameFamily:
    """The family as its rule really matches: members recounted with the rule engine."""
    rule = name_rule(candidate.kind, candidate.pattern, UNKNOWN_CLASS)
    matched = [members[i] for i in np.flatnonzero(rule_matches(rule, names)).tolist()]
    classes = Counter(m.class_ids[0] for m in matched)
    return NameFamily(
        pattern=candidate.pattern,
        kind=candidate.kind,
        vm_count=len(matched),
        logical_mib=sum(m.logical_mib for m in matched),
        classes=dict(classes.most_common()),
        examples=[m.name for m in matched[:EXAMPLES]],
    )
