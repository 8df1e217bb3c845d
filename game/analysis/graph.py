"""A picture of a case's structure for its author, as data: clusters, nodes and labelled edges.

Made from the Story by game.analysis.graph_build and drawn by game.analysis.graph_render (as
Mermaid or Graphviz DOT); nothing here knows a format. Every id is made here from the story's
own ids, behind a prefix naming its kind, so it is a valid id in both formats and never a
keyword; labels are plain text (a "\\n" breaks a line), escaped only by the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

NodeKind = Literal["start", "state", "evidence", "flag", "event", "topic", "reaction", "search",
                   "press", "contradiction", "support", "group", "hearing", "option", "ending"]
# transition: a version that gives way to another; gives: a node that hands out evidence or sets
# a flag; opens: a fact a condition reads; during: a scene played in a version of its speaker's
# (drawn lightly: it places the scene, it is no step of the case); leads: the start of a
# machine, the hearing's choices.
EdgeKind = Literal["transition", "gives", "opens", "during", "leads"]
ClusterKind = Literal["character", "place", "board", "hearing"]


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    kind: ClusterKind
    label: str
    detail: str = ""  # in small type under the label: what is left out of it
    character: str | None = None  # the character whose cluster it is


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    label: str
    detail: str = ""  # in small type: the author's id, and what the label has no room for
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind
    label: str = ""


@dataclass(frozen=True, slots=True)
class Graph:
    title: str
    clusters: tuple[Cluster, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def characters(self) -> dict[str, Cluster]:
        """Each character drawn, by character id, with their cluster."""
        return {c.character: c for c in self.clusters if c.character is not None}

    def versions_only(self) -> Graph:
        """The characters' state machines and their transitions, nothing else."""
        nodes = [n for n in self.nodes if n.kind in ("start", "state")]
        kept = {n.cluster for n in nodes}
        # What the clusters leave out of their scenes is not missed here.
        clusters = [replace(c, detail="") for c in self.clusters if c.id in kept]
        return self._keeping(nodes, clusters, kinds=("transition", "leads"))

    def around(self, character_id: str) -> Graph:
        """A character's cluster and what connects to it: every node one edge away, and where
        the evidence and flags among those come from."""
        cluster = self.characters()[character_id].id
        inside = {n.id for n in self.nodes if n.cluster == cluster}
        near = set(inside)
        for edge in self.edges:
            if edge.source in inside:
                near.add(edge.target)
            if edge.target in inside:
                near.add(edge.source)
        connectors = {n.id for n in self.nodes if n.id in near and n.kind in ("evidence", "flag")}
        near |= {e.source for e in self.edges if e.kind == "gives" and e.target in connectors}
        nodes = [n for n in self.nodes if n.id in near]
        clusters = {n.cluster for n in nodes}
        return self._keeping(nodes, [c for c in self.clusters if c.id in clusters])

    def _keeping(self, nodes: list[Node], clusters: list[Cluster],
                 kinds: tuple[EdgeKind, ...] | None = None) -> Graph:
        ids = {n.id for n in nodes}
        edges = [e for e in self.edges if e.source in ids and e.target in ids
                 and (kinds is None or e.kind in kinds)]
        return replace(self, clusters=tuple(clusters), nodes=tuple(nodes), edges=tuple(edges))

    def in_cluster(self, cluster_id: str | None) -> list[Node]:
        return [n for n in self.nodes if n.cluster == cluster_id]
