"""The actor graph drawn server-side as SVG: who speaks about whom, each node a link to its
actor's page. A large graph is cut to its busiest actors, or to one actor and its neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import networkx as nx
from markupsafe import Markup, escape

from augury.report.charts import PALETTE

KINDS = ("person", "organisation", "government", "country", "group", "place")
WIDTH, HEIGHT, PAD = 960, 640, 60


@dataclass(frozen=True)
class View:
    """Which part of the graph to draw: actors of these kinds (all if empty), around one actor
    (`focus`, a node id), edges of at least `least` quotes, at most `top` actors."""

    kinds: tuple[str, ...] = ()
    focus: str | None = None
    least: int = 1
    top: int = 40


def subgraph(graph: nx.DiGraph, view: View) -> nx.DiGraph:
    """The actors and edges `view` selects; isolated actors are left out."""
    kept = nx.DiGraph()
    kept.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if d["count"] >= view.least
                        and (not view.kinds or {graph.nodes[a]["kind"], graph.nodes[b]["kind"]}
                             <= set(view.kinds)))
    if view.focus is not None:
        near = {view.focus}
        if view.focus in kept:
            near |= set(kept.successors(view.focus)) | set(kept.predecessors(view.focus))
        kept = kept.subgraph(near)
    busiest = sorted(kept.nodes, key=lambda n: (-kept.degree(n, weight="count"), n))[:view.top]
    chosen = kept.subgraph(busiest).copy()
    for node in chosen:
        chosen.nodes[node].update(graph.nodes[node])
    return chosen


def network_svg(graph: nx.DiGraph, zoom: float = 1.0) -> Markup:
    """The graph laid out by force (the same layout for the same graph), edges as arrows as thick
    as their count, actors as circles as large as their quotes (the busiest actor the largest),
    coloured by kind."""
    width, height = int(WIDTH * zoom), int(HEIGHT * zoom)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="who speaks about whom">',
        "<title>who speaks about whom</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#8c959f"/></marker></defs>',
    ]
    if graph.number_of_nodes() == 0:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
                     'font-size="14">no one speaks about anyone here</text></svg>')
        return Markup("".join(parts))
    # A longer spring than the default spreads the busy middle of a star-shaped graph.
    spread = 2.5 / graph.number_of_nodes() ** 0.5
    position = nx.spring_layout(graph.to_undirected(), k=spread, seed=7, weight="count",
                                iterations=100)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]

    def at(node: str) -> tuple[float, float]:
        px, py = position[node]
        sx = (px - min(xs)) / ((max(xs) - min(xs)) or 1)
        sy = (py - min(ys)) / ((max(ys) - min(ys)) or 1)
        return PAD + sx * (WIDTH - 2 * PAD), PAD + sy * (HEIGHT - 2 * PAD)

    # Area grows with quotes, relative to the busiest actor shown, so one prolific speaker
    # does not cover the middle of the graph.
    most = max(graph.nodes[n].get("quotes", 0) for n in graph.nodes) or 1

    def radius(node: str) -> float:
        return 5 + 16 * (graph.nodes[node].get("quotes", 0) / most) ** 0.5

    for a, b, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = at(a), at(b)
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 or 1
        # Stop the arrow at the target's rim.
        x2 -= (x2 - x1) / length * radius(b)
        y2 -= (y2 - y1) / length * radius(b)
        label = (f"{graph.nodes[a]['name']} speaks about {graph.nodes[b]['name']} in "
                 f"{data['count']} quotes")
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="#8c959f" stroke-opacity="0.7" '
                     f'stroke-width="{min(1 + data["count"] ** 0.5, 6):.1f}" '
                     f'marker-end="url(#arrow)"><title>{escape(label)}</title></line>')
    for node in graph.nodes:
        x, y = at(node)
        data = graph.nodes[node]
        kind = data.get("kind") or "group"
        fill = PALETTE[KINDS.index(kind) % len(PALETTE)] if kind in KINDS else PALETTE[-1]
        label = f"{data['name']} ({kind}): {data.get('quotes', 0)} quotes"
        parts.append(
            f'<a href="/actors/{escape(quote(node, safe=""))}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{radius(node):.1f}" fill="{fill}" fill-opacity="0.8" stroke="#ffffff">'
            f"<title>{escape(label)}</title></circle>"
            f'<text x="{x:.1f}" y="{y - radius(node) - 3:.1f}" font-size="11" '
            f'text-anchor="middle">{escape(data["name"])}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def kind_colours() -> dict[str, str]:
    """Each actor kind's colour in `network_svg`, for a legend."""
    return {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(KINDS)}
