"""Benchmark match_pairs and form_groups against same-run baselines.

Run ``python benchmarks/bench_matching.py`` (full sizes, several minutes and
about 2 GB for the dense exact baseline) or ``--quick`` (seconds).  The full run ends
with issue 15's national-scale rows and their targets (``--scale-only``: just those):
match_pairs at 50,000 x 10,000 within 3x the scoring alone and 2 GB, form_groups of
10,000 within 10 s at a mean score of 0.410 or better and no rule broken.  Each
measured step runs in a fresh process so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import _summary  # noqa: E402
from _instances import make_people  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

from matching import MatchConfig, PairMatcher, form_groups, score_pairs  # noqa: E402
from matching.exact import SCALE  # noqa: E402
from matching.group_layout import Layout  # noqa: E402
from matching.peers import PeerScorer  # noqa: E402
from matching.scoring import PairScorer  # noqa: E402

# Issue 15's targets for matching at national scale.
PAIRS_AT_SCALE = (50_000, 10_000)
MAX_MATCH_OVER_SCORING = 3.0
MAX_MATCH_RSS_MB = 2048.0
GROUPS_AT_SCALE = 10_000
MAX_GROUP_SECONDS = 10.0
MIN_GROUP_MEAN = 0.410


def _child(queue: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    value, seconds = fn(*args)
    queue.put((value, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """Run ``fn(*args) -> (value, seconds)`` in a fresh process; add peak RSS in MB."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(queue, fn, args))
    process.start()
    result = queue.get()
    process.join()
    return result  # type: ignore[no-any-return]


def people(n: int, m: int, seed: int = 0) -> tuple[list[Any], list[Any]]:
    rng = np.random.default_rng(seed)
    return make_people(rng, n, "e", mentor=False), make_people(rng, m, "m", mentor=True)


# ---------------------------------------------------------------- pairs
def run_scores(n: int, m: int) -> tuple[int, float]:
    mentees, mentors = people(n, m)
    start = time.perf_counter()
    scores = score_pairs(mentees, mentors)
    return int(np.isfinite(scores).sum()), time.perf_counter() - start


def run_scores_in_blocks(n: int, m: int) -> tuple[int, float]:
    """Every pair's score, block by block as score_pairs computes them, none kept: the
    scoring work alone, without score_pairs' dense (n, m) result (4 GB at 50,000 x 10,000)."""
    mentees, mentors = people(n, m)
    start = time.perf_counter()
    config = MatchConfig()
    scorer = PairScorer(mentees, mentors, config)
    allowed = 0
    for first in range(0, n, config.block_size):
        block = scorer.block(np.arange(first, min(first + config.block_size, n), dtype=np.intp))
        allowed += int(np.isfinite(block).sum())
    return allowed, time.perf_counter() - start


def run_match(n: int, m: int) -> tuple[tuple[int, float, int, int], float]:
    mentees, mentors = people(n, m)
    start = time.perf_counter()
    matcher = PairMatcher(MatchConfig()).fit(mentees, mentors)
    seconds = time.perf_counter() - start
    total = sum(round(p.score * SCALE) for p in matcher.pairs_) / SCALE
    stats = matcher.result_.rounds, matcher.result_.n_rescored
    return (len(matcher.pairs_), total, *stats), seconds


def run_dense_exact(n: int, m: int) -> tuple[tuple[int, float], float]:
    mentees, mentors = people(n, m)
    start = time.perf_counter()
    scores = score_pairs(mentees, mentors)
    cols = np.repeat(np.arange(m), [p.capacity for p in mentors])
    quantised = np.rint(scores[:, cols] * SCALE)
    del scores
    gain = np.where(np.isfinite(quantised), (n + 1) * SCALE + quantised, 0.0)
    rows, picked = linear_sum_assignment(gain, maximize=True)
    seconds = time.perf_counter() - start
    hit = gain[rows, picked] > 0
    return (int(hit.sum()), float(quantised[rows, picked][hit].sum() / SCALE)), seconds


def run_greedy(n: int, m: int) -> tuple[tuple[int, float], float]:
    mentees, mentors = people(n, m)
    start = time.perf_counter()
    scores = score_pairs(mentees, mentors)
    capacity = np.array([p.capacity for p in mentors])
    order = np.argsort(-scores, axis=None, kind="stable")
    taken = np.zeros(n, dtype=bool)
    count, total = 0, 0.0
    for flat in order[: int(np.isfinite(scores).sum())].tolist():
        i, j = divmod(flat, m)
        if not taken[i] and capacity[j] > 0:
            taken[i], capacity[j] = True, capacity[j] - 1
            count, total = count + 1, total + round(float(scores[i, j]) * SCALE) / SCALE
    return (count, total), time.perf_counter() - start


def bench_pairs(n: int, m: int, dense: bool) -> None:
    print(f"\n## Pairs: {n} mentees x {m} mentors (capacity 5)")
    _, t_score, rss_score = measure(run_scores, n, m)
    (matched, total, rounds, rescored), t_match, rss_match = measure(run_match, n, m)
    (g_matched, g_total), t_greedy, _ = measure(run_greedy, n, m)
    print(
        f"{'method':34} {'matched':>8} {'total score':>12} {'% of exact':>10} {'time s':>8} {'peak RSS MB':>11}"  # noqa: E501
    )
    exact_total = None
    if dense:
        (e_matched, exact_total), t_exact, rss_exact = measure(run_dense_exact, n, m)
        print(
            f"{'dense exact (linear_sum_assignment)':34} {e_matched:8d} {exact_total:12.3f} {100.0:10.3f} {t_exact:8.1f} {rss_exact:11.0f}"  # noqa: E501
        )
    pct = (
        (lambda x: f"{100 * x / exact_total:10.3f}") if exact_total else (lambda x: f"{'n/a':>10}")
    )
    print(f"{'score_pairs alone':34} {'':8} {'':12} {'':10} {t_score:8.1f} {rss_score:11.0f}")
    print(
        f"{'match_pairs (ours, certified)':34} {matched:8d} {total:12.3f} {pct(total)} {t_match:8.1f} {rss_match:11.0f}"  # noqa: E501
    )
    print(
        f"{'greedy global sort':34} {g_matched:8d} {g_total:12.3f} {pct(g_total)} {t_greedy:8.1f}"
    )
    print(
        f"match_pairs / score_pairs time: {t_match / t_score:.1f}x; rounds {rounds}, rows rescored {rescored}"  # noqa: E501
    )


def bench_pairs_at_scale(n: int, m: int) -> None:
    """match_pairs at national scale against the scoring alone, with issue 15's targets."""
    print(f"\n## Pairs at scale: {n} mentees x {m} mentors (capacity 5), issue 15's targets")
    _, t_score, rss_score = measure(run_scores_in_blocks, n, m)
    (matched, total, rounds, rescored), t_match, rss_match = measure(run_match, n, m)
    ratio = t_match / t_score
    print(f"scoring alone (in blocks): {t_score:.1f} s, peak RSS {rss_score:.0f} MB")
    print(
        f"match_pairs (certified optimum): {matched} matched, total {total:.3f}, {t_match:.1f} s,"
        f" peak RSS {rss_match:.0f} MB; rounds {rounds}, rows rescored {rescored}"
    )
    verdict = "met" if ratio <= MAX_MATCH_OVER_SCORING else "NOT MET"
    print(f"target: match_pairs / scoring {ratio:.2f}x <= {MAX_MATCH_OVER_SCORING:.0f}x: {verdict}")
    verdict = "met" if rss_match <= MAX_MATCH_RSS_MB else "NOT MET"
    print(f"target: peak memory {rss_match:.0f} MB <= {MAX_MATCH_RSS_MB:.0f} MB: {verdict}")
    what = f"match_pairs {n:,} x {m:,} / scoring"
    _summary.record(
        _summary.Row(
            what=what,
            database="-",
            figure=ratio,
            target=f"<= {MAX_MATCH_OVER_SCORING:.0f}x",
            met=ratio <= MAX_MATCH_OVER_SCORING,
            note=f"{t_match:.0f} s / {t_score:.0f} s",
        )
    )
    _summary.record(
        _summary.Row(
            what=f"match_pairs {n:,} x {m:,} peak MB",
            database="-",
            figure=rss_match,
            target=f"<= {MAX_MATCH_RSS_MB:.0f}",
            met=rss_match <= MAX_MATCH_RSS_MB,
        )
    )


def groups_at_scale(n: int) -> None:
    """form_groups at national scale, with issue 15's targets."""
    print(f"\n## Groups at scale: {n} people into groups of 4-6, issue 15's targets")
    (score, breaks, isolated, unplaced), seconds, rss = measure(run_groups_ours, n)
    print(
        f"form_groups: mean {score:.4f}, rule breaks {breaks}, isolated {isolated}, unplaced "
        f"{unplaced}, {seconds:.1f} s, peak RSS {rss:.0f} MB"
    )
    met = seconds <= MAX_GROUP_SECONDS and score >= MIN_GROUP_MEAN and breaks == 0
    _summary.record(
        _summary.Row(
            what=f"form_groups {n:,} people, seconds",
            database="-",
            figure=seconds,
            target=f"<= {MAX_GROUP_SECONDS:.0f} s",
            met=met,
            note=f"mean {score:.4f} (>= {MIN_GROUP_MEAN:.3f}), {breaks} rule breaks",
        )
    )
    print(
        f"target: <= {MAX_GROUP_SECONDS:.0f} s at mean >= {MIN_GROUP_MEAN:.3f} and 0 rule breaks: "
        + ("met" if met else "NOT MET")
    )


# ---------------------------------------------------------------- groups
def group_metrics(
    population: list[Any], groups: list[list[int]], config: MatchConfig
) -> tuple[float, int, int]:
    """Mean within-group score, rule violations, isolated members."""
    layout = Layout(population, PeerScorer(population, config), config, 4, 6)
    means, violations, isolated = layout.mean_scores(groups), 0, 0
    for g in groups:
        hours = np.bitwise_and.reduce(layout.hours[g], axis=0)
        langs = np.bitwise_and.reduce(layout.languages[g], axis=0)
        bad = not 4 <= len(g) <= 6 or int(np.bitwise_count(hours).sum()) < config.min_common_hours
        violations += bad or not langs.any()
        values = [population[i].attributes.get("gender") for i in g]
        isolated += sum(values.count(v) == 1 for v in set(values))
    return float(np.mean(means)) if means else 0.0, violations, isolated


def run_groups_ours(n: int) -> tuple[tuple[float, int, int, int], float]:
    population = make_people(np.random.default_rng(1), n, "p", mentor=False)
    start = time.perf_counter()
    config = MatchConfig()
    result = form_groups(population, config, 4, 6)
    seconds = time.perf_counter() - start
    index = {p.id: i for i, p in enumerate(population)}
    groups = [[index[i] for i in g.member_ids] for g in result.groups]
    return (*group_metrics(population, groups, config), len(result.unplaced)), seconds


def run_groups_greedy(n: int) -> tuple[tuple[float, int, int, int], float]:
    """Each person joins the feasible group with room they score best with, else starts one."""
    population = make_people(np.random.default_rng(1), n, "p", mentor=False)
    start = time.perf_counter()
    config = MatchConfig()
    layout = Layout(population, PeerScorer(population, config), config, 4, 6)
    groups: list[list[int]] = []
    for i in range(n):
        best, best_gain = None, -1.0
        for k, g in enumerate(groups[-200:], start=max(0, len(groups) - 200)):
            if len(g) >= 6:
                continue
            hours = np.bitwise_and.reduce(layout.hours[g + [i]], axis=0)
            langs = np.bitwise_and.reduce(layout.languages[g + [i]], axis=0)
            if int(np.bitwise_count(hours).sum()) < 1 or not langs.any():
                continue
            gain = float(layout.scorer.block(np.array([i]), np.array(g)).mean())
            if gain > best_gain:
                best, best_gain = k, gain
        if best is None:
            groups.append([i])
        else:
            groups[best].append(i)
    kept = [g for g in groups if len(g) >= 4]
    seconds = time.perf_counter() - start
    return (*group_metrics(population, kept, config), n - sum(map(len, kept))), seconds


def run_groups_kmeans(n: int) -> tuple[tuple[float, int, int, int], float]:
    """Size-constrained k-means (k-means-constrained) on a text/skill embedding; no hard rules."""
    from k_means_constrained import KMeansConstrained
    from sklearn.decomposition import TruncatedSVD

    population = make_people(np.random.default_rng(1), n, "p", mentor=False)
    start = time.perf_counter()
    config = MatchConfig()
    scorer = PeerScorer(population, config)
    import scipy.sparse as sp

    f = scorer.features
    matrix = sp.hstack(
        [
            scorer.wants_rows(),
            f.goals,
            f.interests,
            f.text,
            f.languages,
            sp.csr_matrix(f.hours / 10),
        ]
    ).tocsr()
    points = TruncatedSVD(32, random_state=0).fit_transform(matrix)
    k = n // 5
    labels = KMeansConstrained(
        k, size_min=4, size_max=6, random_state=0, n_init=1, max_iter=30
    ).fit_predict(points)
    seconds = time.perf_counter() - start
    groups = [np.flatnonzero(labels == c).tolist() for c in range(k)]
    return (*group_metrics(population, groups, config), 0), seconds


def bench_groups(n: int, kmeans: bool) -> None:
    print(f"\n## Groups: {n} participants into groups of 4-6")
    print(
        f"{'method':34} {'mean score':>10} {'rule breaks':>11} {'isolated':>8} {'unplaced':>8} {'time s':>8} {'peak RSS MB':>11}"  # noqa: E501
    )
    runs = [("form_groups (ours)", run_groups_ours), ("greedy insertion", run_groups_greedy)]
    if kmeans:
        runs.append(("k-means-constrained (no rules)", run_groups_kmeans))
    for name, fn in runs:
        (score, breaks, isolated, unplaced), seconds, rss = measure(fn, n)
        print(
            f"{name:34} {score:10.4f} {breaks:11d} {isolated:8d} {unplaced:8d} {seconds:8.1f} {rss:11.0f}"  # noqa: E501
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds")
    parser.add_argument("--no-dense", action="store_true", help="skip the 10k dense exact baseline")
    parser.add_argument(
        "--scale-only", action="store_true", help="only the national-scale rows and their targets"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        nargs=2,
        default=PAIRS_AT_SCALE,
        metavar=("MENTEES", "MENTORS"),
        help="the size of the pairs-at-scale row (default 50,000 x 10,000)",
    )
    args = parser.parse_args()
    if args.scale_only:
        bench_pairs_at_scale(*args.pairs)
        groups_at_scale(GROUPS_AT_SCALE)
        return
    if args.quick:
        bench_pairs(500, 100, dense=True)
        bench_pairs(2000, 400, dense=True)
        bench_groups(300, kmeans=True)
        return
    bench_pairs(2000, 400, dense=True)
    bench_pairs(10_000, 2_000, dense=not args.no_dense)
    bench_groups(1000, kmeans=True)
    bench_groups(10_000, kmeans=True)  # k-means-constrained takes about 5 minutes here
    bench_pairs_at_scale(*args.pairs)
    groups_at_scale(GROUPS_AT_SCALE)


if __name__ == "__main__":
    main()
