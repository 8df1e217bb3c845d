"""The picture of a case (game.analysis.graph) as Mermaid or as Graphviz DOT text.

Text from a case is shown, never obeyed: every label is quoted and escaped for its format, so a
title with quotes, brackets, `end`, `-->`, `#`, `;` or markup is drawn as written. Letters
beyond ASCII (é, «») are written as they are in both.
"""

from __future__ import annotations

import html

from game.analysis.graph import Cluster, Edge, Graph, Node

# Fill and border of each kind of node, the same in both formats.
_COLOURS = {
    "start": ("#333333", "#333333"),
    "state": ("#e3edfb", "#3b6fb6"),
    "evidence": ("#fff3d0", "#b08000"),
    "flag": ("#eeeeee", "#777777"),
    "event": ("#f1e6fb", "#7b3fb0"),
    "topic": ("#ffffff", "#999999"),
    "reaction": ("#ffffff", "#999999"),
    "search": ("#ffffff", "#999999"),
    "press": ("#ffffff", "#999999"),
    "support": ("#ffffff", "#2e7d32"),
    "contradiction": ("#fdecea", "#c62828"),
    "group": ("#e6f4ea", "#2e7d32"),
    "hearing": ("#fbe9e7", "#a84300"),
    "option": ("#ffffff", "#a84300"),
    "ending": ("#fbe9e7", "#a84300"),
}


def render(graph: Graph, format: str) -> str:
    return {"mermaid": to_mermaid, "dot": to_dot}[format](graph)


# --- Mermaid -------------------------------------------------------------------------------------

# Inside a quoted Mermaid label these end the label, start a markdown string or an entity, or
# are read as markup: each is written as an entity code (`#35;`), which Mermaid shows as itself.
_MERMAID_SPECIAL = set('"#&<>;|`')
_MERMAID_SHAPES = {
    "start": ('(("', '"))'), "state": ('("', '")'), "evidence": ('[/"', '"/]'),
    "flag": ('>"', '"]'), "event": ('{{"', '"}}'), "group": ('[["', '"]]'),
    "hearing": ('[/"', '"\\]'), "ending": ('(["', '"])'),
}
_MERMAID_ARROWS = {"transition": "==>", "gives": "-->", "opens": "-.->", "during": "-.-",
                   "leads": "-->"}


def mermaid_text(text: str) -> str:
    """Story text made safe inside a quoted Mermaid label; "\\n" becomes a line break."""
    lines = ("".join(f"#{ord(c)};" if c in _MERMAID_SPECIAL else c for c in line)
             for line in text.split("\n"))
    return "<br/>".join(lines)


def _mermaid_label(label: str, detail: str) -> str:
    small = f"<small>{mermaid_text(detail)}</small>" if detail else ""
    return "<br/>".join(part for part in (mermaid_text(label), small) if part)


def to_mermaid(graph: Graph) -> str:
    out = ["flowchart TB"]

    def node_line(node: Node, indent: str) -> str:
        opening, closing = _MERMAID_SHAPES.get(node.kind, ('["', '"]'))
        label = " " if node.kind == "start" else _mermaid_label(node.label, node.detail)
        return f"{indent}{node.id}{opening}{label}{closing}:::{node.kind}"

    for cluster in graph.clusters:
        out.append(f'    subgraph {cluster.id}["{_mermaid_label(cluster.label, cluster.detail)}"]')
        out.extend(node_line(node, "        ") for node in graph.in_cluster(cluster.id))
        out.append("    end")
    out.extend(node_line(node, "    ") for node in graph.in_cluster(None))
    for edge in graph.edges:
        arrow = _MERMAID_ARROWS[edge.kind]
        label = f'|"{mermaid_text(edge.label)}"|' if edge.label else ""
        out.append(f"    {edge.source} {arrow}{label} {edge.target}")
    for kind in sorted({node.kind for node in graph.nodes}):
        fill, stroke = _COLOURS[kind]
        out.append(f"    classDef {kind} fill:{fill},stroke:{stroke},color:#222222")
    return "\n".join(out) + "\n"


# --- Graphviz DOT --------------------------------------------------------------------------------

_DOT_SHAPES = {
    "start": 'shape=point, width=0.15', "state": 'shape=box, style="rounded,filled"',
    "evidence": 'shape=note, style=filled', "flag": 'shape=cds, style=filled, fontsize=9',
    "event": 'shape=hexagon, style=filled', "contradiction": 'shape=box, style=filled',
    "group": 'shape=tab, style=filled', "hearing": 'shape=invtrapezium, style=filled',
    "ending": 'shape=box, style="rounded,filled", peripheries=2',
}
_DOT_EDGES = {
    "transition": "penwidth=2", "gives": 'color="#555555"',
    "opens": 'style=dashed, color="#888888", fontcolor="#555555"',
    "during": 'style=dotted, color="#aaaaaa", arrowhead=none', "leads": "",
}


def dot_text(text: str) -> str:
    r"""Story text inside a Graphviz HTML-like label; "\n" becomes a line break. Graphviz reads
    \N, \G, \E... in a label as the name of its node, graph or edge even there (after decoding
    entities), so every backslash is doubled: \\ is one backslash."""
    return "<BR/>".join(html.escape(line, quote=True).replace("\\", "\\\\")
                        for line in text.split("\n"))


def _dot_label(label: str, detail: str, bold: bool = False) -> str:
    shown = f"<B>{dot_text(label)}</B>" if bold and label else dot_text(label)
    if detail:
        small = f'<FONT POINT-SIZE="9" COLOR="#555555">{dot_text(detail)}</FONT>'
        shown = f"{shown}<BR/>{small}" if shown else small
    return f"<{shown}>" if shown else '""'  # Graphviz refuses an empty <>


def to_dot(graph: Graph) -> str:
    out = [
        "digraph case {",
        '    graph [rankdir=TB, newrank=true, nodesep=0.25, ranksep=0.5, fontname="Helvetica",'
        ' fontsize=12, label=' + _dot_label(graph.title, "", bold=True) + ", labelloc=t];",
        '    node [fontname="Helvetica", fontsize=11, shape=box, margin="0.1,0.04"];',
        '    edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    ]
    for cluster in graph.clusters:
        out.append(f'    subgraph "cluster_{cluster.id}" {{')
        out.append(f"        {_dot_cluster_style(cluster)};")
        out.extend(_dot_node(node, "        ") for node in graph.in_cluster(cluster.id))
        out.append("    }")
    out.extend(_dot_node(node, "    ") for node in graph.in_cluster(None))
    out.extend(_dot_edge(edge) for edge in graph.edges)
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_cluster_style(cluster: Cluster) -> str:
    return (f'label={_dot_label(cluster.label, cluster.detail, bold=True)}; style="rounded"; '
            'color="#bbbbbb"')


def _dot_node(node: Node, indent: str) -> str:
    fill, stroke = _COLOURS[node.kind]
    label = '""' if node.kind == "start" else _dot_label(node.label, node.detail)
    shape = _DOT_SHAPES.get(node.kind, "shape=box")
    return (f'{indent}"{node.id}" [label={label}, {shape}, fillcolor="{fill}", '
            f'color="{stroke}"];')


def _dot_flush_left(text: str) -> str:
    """Lines of a condition flush left, as they read (a wrapped line keeps its indent)."""
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        lines.append("&#160;" * (len(line) - len(body)) + dot_text(body) + '<BR ALIGN="LEFT"/>')
    return f"<{''.join(lines)}>"


def _dot_edge(edge: Edge) -> str:
    attributes = [_DOT_EDGES[edge.kind]] if _DOT_EDGES[edge.kind] else []
    if "\n" in edge.label:
        attributes.append(f"label={_dot_flush_left(edge.label)}")
    elif edge.label:
        attributes.append(f"label={_dot_label(edge.label, '')}")
    joined = f" [{', '.join(attributes)}]" if attributes else ""
    return f'    "{edge.source}" -> "{edge.target}"{joined};'
