"""sequential-graph-runner: run Rasa's inference graphs in an order planned once, without dask.

Each NLU parse and each policy prediction runs Rasa's graph through dask's local scheduler, which
plans the run again every time (the minimal sub-graph, dask's ordering, its task bookkeeping). The
graphs have a dozen nodes and run in one thread anyway: the order is now worked out once per set of
targets and the same nodes are called in it with the same inputs (tests/model proves identical
parses and predictions).
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "sequential-graph-runner"
TARGETS = (
    Target("rasa.engine.runner.dask", "DaskGraphRunner", "run"),
    Target("rasa.engine.graph", "GraphSchema", "minimal_graph_schema"),
    Target("rasa.engine.graph", "GraphSchema", "target_names"),
)


def plan(runner: Any, targets: Any) -> list[tuple[str, Any, list[str]]]:
    """Node names of the minimal schema for these targets, each after the nodes it needs."""
    plans = runner.__dict__.setdefault("_speedups_plans", {})
    key = tuple(targets)
    if key not in plans:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        order: list[tuple[str, Any, list[str]]] = []
        seen: set[str] = set()

        def visit(name: str) -> None:
            if name in seen or name not in schema.nodes:
                return
            seen.add(name)
            for need in schema.nodes[name].needs.values():
                visit(need)
            order.append((name, runner._instantiated_nodes[name], list(schema.nodes[name].needs.values())))

        for target in targets:
            visit(target)
        plans[key] = order
    return plans[key]


def patch() -> None:
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def run(self: Any, inputs: Any = None, targets: Any = None) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        # As in dask: a provided input reaches a node as the tuple (name, value); a node returns
        # (node name, output); a name that is neither stays the plain string.
        results: dict[str, Any] = {name: (name, value) for name, value in (inputs or {}).items()}
        try:
            for name, node, needs in plan(self, run_targets):
                results[name] = node(*[results.get(need, need) for need in needs])
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)

    DaskGraphRunner.run = run
