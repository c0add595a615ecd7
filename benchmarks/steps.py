"""One measured benchmark step, run in its own process by :mod:`benchmarks.run`.

    python -m benchmarks.steps STEP ARGS_JSON RESULT_JSON

Each step imports what it needs, does any untimed set-up (opening the store, projecting for
the exact baseline), times only the operation being measured with ``time.perf_counter`` and
writes a JSON object to ``RESULT_JSON``. The parent reads the process's peak RSS from
``os.wait4``, so every figure comes from a process that did nothing else.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable

TOP = 50


class StepTimeout(Exception):
    pass


def _cpu_now() -> float:
    """CPU seconds of this process (all threads) and of its finished child processes (the
    library may split work over worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class Clock:
    """Wall time (``perf_counter``) and CPU time (:func:`_cpu_now`) from creation to :meth:`stop`."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu_now()

    def stop(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.wall, "cpu_seconds": _cpu_now() - self.cpu}


def _open(store: str, read_only: bool = True):
    from ecograph.store import StoreConfig, open_store
    return open_store(StoreConfig(path=Path(store)), read_only=read_only, create=not read_only)


def _top_ids(scores: dict[Any, float], n: int = TOP) -> list[str]:
    """The ``n`` highest-scoring node ids, ties broken by id so the list is deterministic."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]]


# --- data -------------------------------------------------------------------------------------

def step_generate(args: dict[str, Any]) -> dict[str, Any]:
    from ecograph.generate import generate
    start = time.perf_counter()
    counts = generate(Path(args["data"]), people=args["people"], seed=args["seed"], ics=args.get("ics"))
    return {"seconds": time.perf_counter() - start, "rows": counts}


# --- ingest -----------------------------------------------------------------------------------

def _ingest(args: dict[str, Any]) -> dict[str, Any]:
    from ecograph.ingest.load import ingest
    from ecograph import model
    with _open(args["store"], read_only=False) as store:
        clock = Clock()
        summary = ingest(store, [Path(args["data"])])
        timing = clock.stop()
    rel_types = {r.type for r in model.RELATIONSHIPS}
    nodes = rels = 0
    for name, c in summary.counts.items():
        total = c.created + c.updated + c.unchanged
        if name in rel_types:
            rels += total
        else:
            nodes += total
    return {**timing, "nodes": nodes, "relationships": rels, "changed": summary.changed,
            "counts": {k: vars(v) for k, v in summary.counts.items()}}


def step_ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Ingest into a fresh (empty) store; the parent gives a path that does not exist yet."""
    if Path(args["store"]).exists():
        raise SystemExit(f"store {args['store']} exists: the ingest step needs a fresh one")
    return _ingest(args)


def step_reingest(args: dict[str, Any]) -> dict[str, Any]:
    """Ingest the same files again into the store that already holds them (should change nothing)."""
    return _ingest(args)


# --- brokers and the exact baseline -----------------------------------------------------------

def _project(store_path: str):
    from ecograph.analysis.projection import project
    with _open(store_path) as store:
        start = time.perf_counter()
        graph = project(store, "person")
        return graph, time.perf_counter() - start


def _ranked_ids(result: Any) -> list[str]:
    """Node ids in rank order from whatever ``rank_brokers`` returns (rows, frame or mapping)."""
    if hasattr(result, "to_dict") and hasattr(result, "columns"):  # a DataFrame
        result = result.to_dict("records")
    if isinstance(result, dict):
        return _top_ids(result, len(result))
    ids = []
    for row in result:
        if isinstance(row, dict):
            for key in ("id", "node", "person", "person_id"):
                if key in row:
                    ids.append(row[key])
                    break
            else:
                raise TypeError(f"cannot find the node id in a rank_brokers row: {sorted(row)}")
        elif isinstance(row, (tuple, list)):
            ids.append(row[0])
        else:
            ids.append(getattr(row, "id", row))
    return ids


def _read_projection(store_path: str):
    """The person projection as ``ecograph brokers`` reads it (arrays); a NetworkX graph from
    versions without :func:`~ecograph.analysis.projection.read_projection` (a million people's
    NetworkX projection needs over 20 GB)."""
    from ecograph.analysis import projection
    if not hasattr(projection, "read_projection"):
        return _project(store_path)
    with _open(store_path) as store:
        start = time.perf_counter()
        graph = projection.read_projection(store, "person")
        return graph, time.perf_counter() - start


def step_brokers(args: dict[str, Any]) -> dict[str, Any]:
    """``rank_brokers`` on the person projection; the projection is timed separately."""
    from ecograph.analysis import brokers
    graph, project_seconds = _read_projection(args["store"])
    kwargs = _accepted(brokers.rank_brokers, {"group_attr": args.get("group_attr", "ics"), "top": TOP})
    clock = Clock()
    result = brokers.rank_brokers(graph, **kwargs)
    timing = clock.stop()
    ids = _ranked_ids(result)
    size = (graph.n, graph.m) if hasattr(graph, "n") else (graph.number_of_nodes(), graph.number_of_edges())
    out = {**timing, "project_seconds": project_seconds, "top": ids[:TOP], "nodes": size[0], "edges": size[1]}
    method = _method(result, graph)
    if method:
        out["method"] = method
    return out


def _accepted(func: Callable[..., Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``wanted`` that ``func`` takes."""
    import inspect
    params = inspect.signature(func).parameters
    return {k: v for k, v in wanted.items() if k in params}


def _method(result: Any, graph: Any) -> str | None:
    """How rank_brokers computed betweenness, when it says so (graph or result attribute)."""
    if isinstance(result, list) and result and isinstance(result[0], dict) and isinstance(result[0].get("method"), str):
        return result[0]["method"]
    for holder in (result, graph.graph if hasattr(graph, "graph") else None):
        for key in ("method", "betweenness_method", "brokers_method"):
            value = getattr(holder, key, None) if not isinstance(holder, dict) else holder.get(key)
            if isinstance(value, str):
                return value
    return None


def _alarm(seconds: float) -> None:
    def fire(signum, frame):
        raise StepTimeout()
    signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def step_exact(args: dict[str, Any]) -> dict[str, Any]:
    """Plain ``nx.betweenness_centrality`` on the same projection, stopped after ``timeout`` s."""
    import networkx as nx
    graph, project_seconds = _project(args["store"])
    _alarm(args["timeout"])
    clock = Clock()
    try:
        scores = nx.betweenness_centrality(graph)
    except StepTimeout:
        return {"timed_out": True, **clock.stop(), "project_seconds": project_seconds,
                "nodes": graph.number_of_nodes()}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"timed_out": False, **clock.stop(), "top": _top_ids(scores),
            "project_seconds": project_seconds, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges()}


def step_exact_sample(args: dict[str, Any]) -> dict[str, Any]:
    """Time ``nx.betweenness_centrality(k=…)`` on k sampled sources; estimate exact as t × n / k.

    A small calibration run picks k so that the sample takes about ``budget`` seconds.
    """
    import networkx as nx
    graph, project_seconds = _project(args["store"])
    n = graph.number_of_nodes()
    calib_k = min(n, 4)
    clock = Clock()
    nx.betweenness_centrality(graph, k=calib_k, seed=1)
    calib = clock.stop()
    per_source = calib["seconds"] / calib_k
    if per_source * n <= args["budget"]:  # small graph: the calibration already tells
        return {"k": calib_k, "n": n, "sample_seconds": calib["seconds"], "estimate": per_source * n,
                "cpu_estimate": calib["cpu_seconds"] * n / calib_k, "project_seconds": project_seconds}
    k = int(min(n, max(args.get("min_k", 10), args["budget"] / max(per_source, 1e-6))))
    clock = Clock()
    nx.betweenness_centrality(graph, k=k, seed=0)
    t = clock.stop()
    return {"k": k, "n": n, "sample_seconds": t["seconds"], "estimate": t["seconds"] * n / k,
            "cpu_estimate": t["cpu_seconds"] * n / k, "project_seconds": project_seconds}


#: Above this much work (nodes × edges) the exact reference is computed only when asked for
#: (``max_work: null``) or read from its cache: igraph takes about 5.5 CPU-minutes per 1e10.
REFERENCE_MAX_WORK = 2e10
#: How many of the exact reference's top ranks (with their values) are kept.
REFERENCE_TOP = 200

_REF_GRAPH = None


def _igraph_part(sources: tuple[int, int]) -> list[float]:
    start, step = sources
    g = _REF_GRAPH
    return g.betweenness(directed=False, sources=range(start, g.vcount(), step))


def _reference_graph(graph: Any) -> tuple[list[Any], list[tuple[int, int]], str]:
    """The projection (a NetworkX graph, or arrays from ``read_projection``) as sorted node
    ids and index edges, and the hash that names it (the same for both forms)."""
    import hashlib
    if hasattr(graph, "edges") and hasattr(graph, "ids") and not callable(graph.edges):  # arrays
        nodes = list(graph.ids)
        order = sorted(range(len(nodes)), key=lambda i: str(nodes[i]))
        rank = [0] * len(nodes)
        for new, old in enumerate(order):
            rank[old] = new
        nodes = [nodes[i] for i in order]
        edges = sorted(tuple(sorted((rank[a], rank[b]))) for a, b in graph.edges.tolist() if a != b)
    else:
        nodes = sorted(graph.nodes, key=str)
        index = {v: i for i, v in enumerate(nodes)}
        edges = sorted(tuple(sorted((index[a], index[b]))) for a, b in graph.edges() if a != b)
    digest = hashlib.sha256(repr((len(nodes), edges)).encode()).hexdigest()
    return nodes, edges, digest


def step_igraph_sample(args: dict[str, Any]) -> dict[str, Any]:
    """igraph's exact betweenness (the fastest exact method here) from k sampled sources, k
    sized to take about ``budget`` seconds: CPU and wall estimates t × n / k of the full run."""
    import random
    import igraph as ig
    graph, project_seconds = _read_projection(args["store"])
    nodes, edges, _ = _reference_graph(graph)
    del graph
    g = ig.Graph(n=len(nodes), edges=edges)
    n = len(nodes)
    order = list(range(n))
    random.Random(0).shuffle(order)
    k = min(n, 4)
    while True:
        clock = Clock()
        g.betweenness(directed=False, sources=order[:k])
        t = clock.stop()
        if k == n or (t["seconds"] >= args["budget"] / 4 and k >= 50):  # ≥ 50 sources: per-call costs amortised
            break
        k = min(n, max(k * 2, int(k * args["budget"] / max(t["seconds"], 1e-3))))
    return {"k": k, "n": n, "sample_seconds": t["seconds"], "estimate": t["seconds"] * n / k,
            "cpu_estimate": t["cpu_seconds"] * n / k, "project_seconds": project_seconds,
            "engine": f"igraph {ig.__version__}"}


def step_exact_reference(args: dict[str, Any]) -> dict[str, Any]:
    """Exact betweenness with igraph (Brandes in C, the same measure as networkx), for the top-50
    overlap where networkx's exact run does not finish.

    The top ranks are kept in ``cache`` (``benchmarks/reference/<size>.json``, committed) under
    a hash of the projection's edge list, so the long national computation is done once
    (``max_work: null``) and reused. A cached reference of another projection is *stale*:
    reported as such (``stale: true``, no top list) rather than compared.
    """
    import igraph as ig
    global _REF_GRAPH
    graph, project_seconds = _read_projection(args["store"])  # (a million people's NetworkX projection: 21 GB)
    nodes, edges, digest = _reference_graph(graph)
    del graph
    cache = Path(args["cache"])
    stale = None
    if cache.exists():
        cached = json.loads(cache.read_text())
        if cached.get("digest") == digest:
            return {**cached, "cached": True, "project_seconds": project_seconds}
        stale = {"stale": True, "cached_digest": cached.get("digest"), "digest": digest,
                 "cached_nodes": cached.get("nodes"), "cached_edges": cached.get("edges")}
    work = len(nodes) * len(edges)
    limit = args.get("max_work", REFERENCE_MAX_WORK)
    if limit is not None and work > limit:
        missing = stale or {"missing": True, "digest": digest}
        return {**missing, "nodes": len(nodes), "edges": len(edges), "project_seconds": project_seconds,
                "message": f"no exact reference of this projection: {len(nodes):,} nodes × {len(edges):,} edges "
                           f"is over {limit:.0e} (about {work / 1e10 * 5.5:,.0f} CPU-minutes); compute it once "
                           f"with --reference always and commit {cache.name}"}
    _REF_GRAPH = ig.Graph(n=len(nodes), edges=edges)
    jobs = max(1, int(args.get("jobs") or 1))
    clock = Clock()
    if jobs == 1:
        scores = _igraph_part((0, 1))
    else:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_igraph_part, [(k, jobs) for k in range(jobs)])
        scores = [sum(p[i] for p in parts) for i in range(len(nodes))]
    timing = clock.stop()
    ranked = sorted(zip(nodes, scores), key=lambda kv: (-kv[1], str(kv[0])))[:REFERENCE_TOP]
    result = {**timing, "top": [k for k, _ in ranked[:TOP]], "digest": digest,
              "ranks": [[k, v] for k, v in ranked],
              "measure": "unweighted betweenness (Brandes, not normalised) of project(store, 'person')",
              "engine": f"igraph {ig.__version__}, {jobs} process{'es' if jobs > 1 else ''}",
              "nodes": len(nodes), "edges": len(edges)}
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(result, indent=0) + "\n")
    return {**result, "cached": False, "project_seconds": project_seconds}


# --- gaps and spread --------------------------------------------------------------------------

def step_gaps(args: dict[str, Any]) -> dict[str, Any]:
    from ecograph.analysis.gaps import find_gaps
    with _open(args["store"]) as store:
        clock = Clock()
        result = find_gaps(store)
        timing = clock.stop()
    return {**timing, "rows": _count(result)}


def _count(result: Any) -> Any:
    if isinstance(result, dict):
        return {str(k): _count(v) for k, v in result.items()}
    try:
        return len(result)
    except TypeError:
        return None


def spread_innovation(store, as_of: str) -> tuple[str, int] | None:
    """The innovation ``spread`` is measured for: of those not withdrawn on ``as_of`` with
    adopters that day, the most adopted (ties by id), with its number of adopters; None when
    there is none. The as-of rules are ``ecograph.asof``'s, applied to the adoptions read back
    (a few per innovation, even at national size)."""
    from ecograph import asof
    rows = store.run(
        "MATCH (o:Organisation)-[r:ADOPTED]->(i:Innovation) RETURN i.id AS id, i.withdrawn AS withdrawn, "
        "i.stage AS stage, o.closed AS closed, r.`date` AS day, r.ended AS ended, r.stage AS adoption_stage")
    adopters: dict[str, int] = {}
    for r in rows:
        if (not asof.is_withdrawn(r["withdrawn"], r["stage"], as_of) and asof.is_open(r["closed"], as_of)
                and asof.adoption_counts(r["day"], r["ended"], r["adoption_stage"], as_of)):
            adopters[r["id"]] = adopters.get(r["id"], 0) + 1
    if not adopters:
        return None
    return min(adopters.items(), key=lambda kv: (-kv[1], kv[0]))


def step_spread(args: dict[str, Any]) -> dict[str, Any]:
    """``spread_routes`` as of the run's date (``as_of``; today when not given) for the
    innovation :func:`spread_innovation` picks (untimed)."""
    from ecograph.analysis.spread import spread_routes
    from ecograph.asof import resolve_as_of
    as_of = resolve_as_of(args.get("as_of"))
    with _open(args["store"]) as store:
        picked = spread_innovation(store, as_of)
        if picked is None:
            raise RuntimeError(f"no innovation has adopters and is not withdrawn on {as_of}: nothing to spread")
        innovation, adopters = picked
        clock = Clock()
        routes = spread_routes(store, innovation, as_of=as_of)
        timing = clock.stop()
    return {**timing, "innovation": innovation, "adopters": adopters, "as_of": as_of, "rows": len(routes)}


def step_atlas(args: dict[str, Any]) -> dict[str, Any]:
    """``write_atlas`` of the whole store into a fresh folder: time, CPU, and what it wrote."""
    from ecograph.maps.atlas import write_atlas
    folder = Path(args["atlas"])
    if folder.exists():
        import shutil
        shutil.rmtree(folder)
    with _open(args["store"]) as store:
        clock = Clock()
        write_atlas(store, folder, generated="benchmark")
        timing = clock.stop()
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {**timing, "bytes": sum(p.stat().st_size for p in files), "files": len(files),
            "maps": sum(1 for p in files if p.name.endswith("map.html")),
            "largest": max((p.stat().st_size, p.relative_to(folder).as_posix()) for p in files)}


def step_certified(args: dict[str, Any]) -> dict[str, Any]:
    """What the sampled ranking certifies about the top 50 (issue 13 item 5): KADABRA on the
    (unweighted) person projection at each ``epsilons`` value, its CPU time and samples, and for
    the uniform bound (±ε for every node) and KADABRA's per-node intervals: how many first ranks
    are certified in order, how many of the top 50 are surely in it, how many nodes could be in
    it, and the median width of the top 50's certified rank ranges."""
    import numpy as np

    from ecograph.analysis import _kernels as K
    from ecograph.analysis.brokers import certified_order, certified_ranks
    from ecograph.analysis.projection import read_projection
    with _open(args["store"]) as store:
        graph = read_projection(store, "person").index_graph(None)
    factor = (graph.n - 1) * (graph.n - 2) / 2 / max(K.component_pairs(graph), 1)  # connected pairs
    rows = []
    for epsilon in args.get("epsilons", (0.005, 0.0025)):
        clock = Clock()
        found = K.kadabra_betweenness(graph, epsilon, 0.1, 0)
        timing = clock.stop()
        scores = found.scores * factor
        top = np.argsort(-scores, kind="stable")[:TOP]
        bounds = [("uniform", found.bound * factor, None)]
        if getattr(found, "below", None) is not None:
            bounds.append(("per node", found.below * factor, found.above * factor))
        for name, below, above in bounds:
            best, worst = certified_ranks(scores, below, above)
            rows.append({"epsilon": epsilon, "bound": name, "cpu": timing["cpu_seconds"], "samples": int(found.samples),
                         "order_certified": int(certified_order(scores, below, above)),
                         "surely_top": int((worst[top] <= TOP).sum()), "could_be_top": int((best <= TOP).sum()),
                         "median_range": float(np.median(worst[top] - best[top]))})
    return {"nodes": graph.n, "rows": rows}


def step_yardstick(args: dict[str, Any]) -> dict[str, Any]:
    """A fixed CPU workload, the same in every run, to tell how fast the machine is at the time:
    the shared machines this runs on are sometimes a third slower, and CPU time slows with them.
    Its three parts are what ecograph's commands spend their time on: Python objects (sorting
    and counting 400,000 strings in dicts), numpy (sorting 4 million numbers) and igraph (exact
    weighted betweenness of a seeded random graph of 1,500 nodes and 15,000 links)."""
    import igraph
    import numpy as np

    rng = np.random.default_rng(0)
    words = [f"node-{k:07d}" for k in rng.permutation(400_000).tolist()]
    numbers = rng.random(4_000_000)
    edges = rng.integers(0, 1_500, size=(15_000, 2)).tolist()
    lengths = (1.0 / rng.integers(1, 9, size=15_000)).tolist()
    parts = {}
    clock = Clock()
    counts: dict[str, int] = {}
    for word in sorted(words):
        counts[word[:9]] = counts.get(word[:9], 0) + 1
    parts["python"] = clock.stop()["cpu_seconds"]
    clock = Clock()
    np.sort(numbers, kind="stable")
    parts["numpy"] = clock.stop()["cpu_seconds"]
    clock = Clock()
    graph = igraph.Graph(n=1_500, edges=edges)
    graph.betweenness(directed=False, weights=lengths)
    parts["igraph"] = clock.stop()["cpu_seconds"]
    return {"cpu_seconds": sum(parts.values()), "parts": parts}


STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "certified": step_certified,
    "generate": step_generate, "ingest": step_ingest, "reingest": step_reingest,
    "brokers": step_brokers, "exact": step_exact, "exact_sample": step_exact_sample,
    "exact_reference": step_exact_reference, "igraph_sample": step_igraph_sample, "gaps": step_gaps, "spread": step_spread, "atlas": step_atlas,
    "yardstick": step_yardstick,
}


def _warm_imports(step: str) -> None:
    """Import the libraries the library imports lazily, so no timing includes an import (only
    those the step can use: imports count in its peak RSS)."""
    import importlib
    names = ("pyarrow", "ladybug") if step in ("ingest", "reingest", "generate") else (
        "pyarrow", "numpy", "networkx", "ladybug", "igraph", "networkit")
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def main(argv: list[str]) -> int:
    step, args, result_path = argv[0], json.loads(argv[1]), Path(argv[2])
    _warm_imports(step)
    profile = args.pop("profile", None)
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        result = profiler.runcall(STEPS[step], args)
        profiler.dump_stats(profile)
    else:
        result = STEPS[step](args)
    result_path.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
