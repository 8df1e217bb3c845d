"""The picture of a case (game.analysis.graph), made from its Story.

What is drawn: each character's state machine, every piece of evidence, every event, the board's
groups and the hearing, and of the scenes only the **progress** ones: those that give evidence,
or set a flag, or are `visited`, `pressed` or `contradicted` in a condition that something drawn
reads (found as a fixed point: a scene drawn reads facts in turn). Small talk is left out, and
counted in its cluster's label. An edge comes into a node from each fact its condition needs
(a `not` opens nothing, so it is left out of the edges and told in the labels).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from game.analysis.graph import Cluster, ClusterKind, Edge, EdgeKind, Graph, Node, NodeKind
from game.analysis.graph_words import TITLE_WIDTH, Wording, positive_atoms, short
from game.engine.conditions import ALWAYS, Tree
from game.engine.model import Effects, Story

LABEL_WIDTH = 40  # a node's label
MOST_EDGE_LABELS = 3  # the reasons an edge carries before the rest are counted
# A scene: ("node", topic/reaction/search id) or ("said", statement id, part).
Scene = tuple


@dataclass(frozen=True, slots=True)
class _Reader:
    """Something drawn that reads conditions: its node and what it needs."""

    node: str
    conditions: tuple[Tree, ...]  # the trees of the conditions it needs, all together
    owner: str | None = None  # the character in whose cluster it sits
    why: str = ""  # what the conditions open, where the node does not say it


def case_graph(story: Story) -> Graph:
    return _Builder(story).build()


def _sets_and_gives(effects: Effects | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (effects.sets, effects.gives) if effects is not None else ((), ())


@dataclass
class _Builder:
    story: Story
    ids: dict[tuple, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, EdgeKind], list[str]] = field(default_factory=dict)
    progress: set[Scene] = field(default_factory=set)
    read: set[Tree] = field(default_factory=set)

    # --- ids ---------------------------------------------------------------------------------
    def id(self, *key: str) -> str:
        """A readable id for the thing `key` names, made of its kind and the story's ids (which
        are lowercase letters, digits and `_`), unique even where two joins read alike."""
        if key not in self.ids:
            base = "__".join(key)
            made, number = base, 1
            while made in self.taken:
                number += 1
                made = f"{base}_{number}"
            self.taken.add(made)
            self.ids[key] = made
        return self.ids[key]

    # --- what is drawn -------------------------------------------------------------------------
    def build(self) -> Graph:
        self.find_progress()
        for character_id in self.story.characters:
            self.character(character_id)
        self.places()
        self.evidence_and_flags()
        self.events()
        self.board()
        self.hearing()
        for reader in self.readers():
            self.inputs(reader)
        used = {n.cluster for n in self.nodes.values()}
        edges = tuple(Edge(source, target, kind, _joined(labels))
                      for (source, target, kind), labels in self.edges.items())
        clusters = tuple(c for c in self.clusters.values() if c.id in used)
        title = " ".join(self.story.case.title.split())
        return Graph(title, clusters, tuple(self.nodes.values()), edges)

    def find_progress(self) -> None:
        """The scenes that move the case on, and every atom that something drawn reads."""
        story = self.story
        self.progress = {scene for scene, effects in self.scenes() if effects.gives}
        while True:
            self.read = {atom for reader in self.readers() for condition in reader.conditions
                         for atom in positive_atoms(condition)}
            flags = {atom[1] for atom in self.read if atom[0] == "flag"}
            named = {atom[:2] for atom in self.read}
            more = {scene for scene, effects in self.scenes()
                    if set(effects.sets) & flags
                    or (scene[0] == "node" and ("visited", scene[1]) in named)
                    or (scene[0] == "said" and (_SAID_VERBS[scene[2]], scene[1]) in named)}
            # `pressed x` holds once pressed, whether or not the press says anything more.
            more |= {("said", atom[1], "press") for atom in self.read
                     if atom[0] == "pressed" and atom[1] in story.statements}
            if more <= self.progress:
                return
            self.progress |= more

    def scenes(self) -> Iterator[tuple[Scene, Effects]]:
        story = self.story
        for node_id in (*story.topics, *story.reactions, *story.searches):
            node = story.node(node_id)
            assert node is not None
            yield ("node", node_id), node
        for statement_id, part, effects in story.statement_effects():
            yield ("said", statement_id, part), effects

    def readers(self) -> Iterator[_Reader]:
        """Every condition of what is drawn, with the node it leads into."""
        story = self.story
        for character_id, character in story.characters.items():
            if character.states:
                yield _Reader(self.id("start", character_id), (character.available.tree,),
                              character_id, "questioned")
                for transition in character.transitions:
                    yield _Reader(self.id("state", character_id, transition.to),
                                  (transition.when.tree,), character_id)
        for event_id, event in story.events.items():
            yield _Reader(self.id("event", event_id), (event.when.tree,))
        for group_id, group in story.board.items():
            yield _Reader(self.id("group", group_id), (group.when.tree,), why="on the board")
            for blank in group.blanks.values():
                answer = story.answers.get(blank.answer)
                if answer is not None:
                    yield _Reader(self.id("group", group_id), (answer.when.tree,),
                                  why=f"answer “{short(answer.text, TITLE_WIDTH)}”")
        yield _Reader(self.id("hearing"), (story.hearing.available.tree,))
        for option_id, option in story.hearing.options.items():
            yield _Reader(self.id("option", option_id), (option.when.tree,))
        for scene in sorted(self.progress):
            yield self.scene_reader(scene)

    def scene_reader(self, scene: Scene) -> _Reader:
        """A scene's conditions: its own `when`, and what must hold for it to be played at all
        (its place open, its speaker in the chair, its statement's version being told)."""
        story = self.story
        if scene[0] == "said":
            statement = story.statements[scene[1]]
            owner = statement.character
            conditions = [statement.when.tree]
            if statement.version is not None:  # said only in its version
                conditions.append(("is", owner, statement.version))
            return _Reader(self.id("said", scene[1], scene[2]),
                           (*conditions, *self.unlocked(owner)), owner)
        node_id = scene[1]
        if node_id in story.searches:
            search = story.searches[node_id]
            return _Reader(self.scene_id(node_id),
                           (search.when.tree, story.places[search.place].available.tree))
        node = story.topics.get(node_id) or story.reactions[node_id]
        return _Reader(self.scene_id(node_id), (node.when.tree, *self.unlocked(node.character)),
                       node.character)

    def scene_id(self, node_id: str) -> str:
        story = self.story
        kind = ("topic" if node_id in story.topics else "reaction" if node_id in story.reactions
                else "search")
        return self.id(kind, node_id)

    def unlocked(self, character_id: str) -> tuple[Tree, ...]:
        """When the character can be questioned, for a scene of theirs: told by their start
        node where they have a machine, else by each scene."""
        character = self.story.characters[character_id]
        return () if character.states else (character.available.tree,)

    # --- clusters and nodes --------------------------------------------------------------------
    def cluster(self, kind: ClusterKind, key: tuple[str, ...], label: str, detail: str = "",
                character: str | None = None) -> str:
        cluster_id = self.id(*key)
        self.clusters.setdefault(cluster_id, Cluster(cluster_id, kind, label, detail, character))
        return cluster_id

    def node(self, node_id: str, kind: NodeKind, label: str, detail: str = "",
             cluster: str | None = None) -> str:
        self.nodes[node_id] = Node(node_id, kind, label, detail, cluster)
        return node_id

    def edge(self, source: str, target: str, kind: EdgeKind, label: str = "") -> None:
        if source == target:
            return
        labels = self.edges.setdefault((source, target, kind), [])
        if label and label not in labels:
            labels.append(label)

    def character(self, character_id: str) -> None:
        story = self.story
        character = story.characters[character_id]
        scenes = [s for s in sorted(self.progress) if self.owner_of(s) == character_id]
        if not character.states and not scenes:
            return
        cluster = self.cluster("character", ("who", character_id),
                               short(character.name, LABEL_WIDTH),
                               self.left_out(character_id), character_id)
        if character.states:
            start = self.node(self.id("start", character_id), "start", "start", "",
                              cluster)
            for state_id, state in character.states.items():
                self.node(self.id("state", character_id, state_id), "state",
                          short(state.label, LABEL_WIDTH), state_id, cluster)
            if character.initial is not None:
                self.edge(start, self.id("state", character_id, character.initial), "leads")
            words = Wording(story, character_id)
            for transition in character.transitions:
                self.edge(self.id("state", character_id, transition.from_state),
                          self.id("state", character_id, transition.to), "transition",
                          "\n".join(words.lines(transition.when)))
        for scene in scenes:
            self.scene(scene, cluster)

    def owner_of(self, scene: Scene) -> str | None:
        story = self.story
        if scene[0] == "said":
            return story.statements[scene[1]].character
        node = story.topics.get(scene[1]) or story.reactions.get(scene[1])
        return node.character if node is not None else None

    def left_out(self, character_id: str) -> str:
        """What of the character is not drawn, counted: `not drawn: 70 topics, 60 reactions`."""
        story = self.story
        drawn = {scene[1] for scene in self.progress}
        counts = [(sum(1 for t, topic in story.topics.items()
                       if topic.character == character_id and t not in drawn), "topic"),
                  (sum(1 for r, reaction in story.reactions.items()
                       if reaction.character == character_id and r not in drawn), "reaction"),
                  (sum(1 for s, statement in story.statements.items()
                       if statement.character == character_id and s not in drawn), "statement")]
        told = [f"{count} {noun}{'s' if count != 1 else ''}" for count, noun in counts if count]
        return f"not drawn: {', '.join(told)}" if told else ""

    def scene(self, scene: Scene, cluster: str) -> None:
        """A progress scene in its owner's cluster, with what it gives and sets."""
        story = self.story
        if scene[0] == "said":
            statement_id, part = scene[1], scene[2]
            text = short(story.statements[statement_id].text, LABEL_WIDTH - 4)
            mark = {"press": "pressed:", "contradiction": "✗", "support": "✓"}[part]
            node_id = self.node(self.id("said", statement_id, part), part, f"{mark} “{text}”",
                                statement_id, cluster)
            effects = getattr(story.statements[statement_id], part)
            objection = effects if part != "press" else None
            for evidence_id in objection.evidence if objection is not None else ():
                self.edge(self.id("evidence", evidence_id), node_id, "opens",
                          "disproves" if part == "contradiction" else "backs")
        elif scene[1] in story.topics:
            topic = story.topics[scene[1]]
            node_id = self.node(self.scene_id(scene[1]), "topic",
                                short(topic.title, LABEL_WIDTH), scene[1], cluster)
            effects = topic
        elif scene[1] in story.reactions:
            reaction = story.reactions[scene[1]]
            title = Wording(story).evidence(reaction.evidence)
            node_id = self.node(self.scene_id(scene[1]), "reaction", f"shown {title}",
                                scene[1], cluster)
            self.edge(self.id("evidence", reaction.evidence), node_id, "opens", "shown")
            effects = reaction
        else:
            node_id = self.node(self.scene_id(scene[1]), "search", scene[1], "", cluster)
            effects = story.searches[scene[1]]
        self.outputs(node_id, effects)

    def outputs(self, node_id: str, effects: Effects | None) -> None:
        sets, gives = _sets_and_gives(effects)
        for evidence_id in gives:
            self.edge(node_id, self.id("evidence", evidence_id), "gives")
        for flag in sets:
            if ("flag", flag) in self.read:
                self.edge(node_id, self.id("flag", flag), "gives")

    def places(self) -> None:
        story = self.story
        for place_id, place in story.places.items():
            searches = story.index.searches_by_place.get(place_id, [])
            drawn = [s for s in searches if ("node", s) in self.progress]
            if not drawn:
                continue
            others = len(searches) - len(drawn)
            cluster = self.cluster("place", ("place", place_id), short(place.name, LABEL_WIDTH),
                                   f"not drawn: {others} search{'es' if others != 1 else ''}"
                                   if others else "")
            for search_id in drawn:
                self.scene(("node", search_id), cluster)

    def evidence_and_flags(self) -> None:
        for evidence_id, evidence in self.story.evidence.items():
            self.node(self.id("evidence", evidence_id), "evidence",
                      short(evidence.title, LABEL_WIDTH), evidence_id)
        for flag in sorted({atom[1] for atom in self.read if atom[0] == "flag"}):
            self.node(self.id("flag", flag), "flag", f"flag {flag}")

    def events(self) -> None:
        for event_id, event in self.story.events.items():
            detail = event_id if event.when != ALWAYS else f"{event_id} · at the start"
            node_id = self.node(self.id("event", event_id), "event",
                                short(event.title, LABEL_WIDTH), detail)
            self.outputs(node_id, event)

    def board(self) -> None:
        story = self.story
        if not story.board:
            return
        cluster = self.cluster("board", ("board",), "The deduction board")
        for group_id, group in story.board.items():
            blanks = len(group.blanks)
            self.node(self.id("group", group_id), "group", short(group.title, LABEL_WIDTH),
                      f"{group_id} · {blanks} blank{'s' if blanks != 1 else ''}", cluster)

    def hearing(self) -> None:
        story = self.story
        hearing = story.hearing
        cluster = self.cluster("hearing", ("endings",), f"{story.stage.capitalize()} and endings")
        words = Wording(story)
        opens = "" if hearing.available == ALWAYS else "\n".join(
            ("open when", *words.lines(hearing.available)))
        hearing_id = self.node(self.id("hearing"), "hearing",
                               short(story.stage_title, LABEL_WIDTH),
                               opens, cluster)
        for option_id, option in hearing.options.items():
            option_node = self.node(self.id("option", option_id), "option",
                                    short(option.text, LABEL_WIDTH), option_id, cluster)
            when = "" if option.when == ALWAYS else "\n".join(words.lines(option.when))
            self.edge(hearing_id, option_node, "leads", when)
            self.edge(option_node, self.id("ending", option.ending), "leads")
        for ending_id, ending in story.endings.items():
            choices = f" · then {' / '.join(ending.choices)}" if ending.choices else ""
            self.node(self.id("ending", ending_id), "ending", short(ending.title, LABEL_WIDTH),
                      f"{ending_id}{choices}", cluster)

    # --- edges from what conditions read -------------------------------------------------------
    def inputs(self, reader: _Reader) -> None:
        node = self.nodes.get(reader.node)
        if node is None:
            return
        for condition in reader.conditions:
            for atom in positive_atoms(condition):
                found = self.source(atom, reader, node)
                if found is None or found[0] not in self.nodes:
                    continue
                if atom[0] == "is" and atom[1] == reader.owner and not reader.why:
                    self.edge(found[0], reader.node, "during")  # a scene of this version
                else:
                    label = ", ".join(word for word in (found[1], reader.why) if word)
                    self.edge(found[0], reader.node, "opens", label)

    def source(self, atom: Tree, reader: _Reader, node: Node) -> tuple[str, str] | None:
        """The node whose fact the atom reads, and the word for the edge (or None: a level
        such as credibility, told in the labels)."""
        kind, story = atom[0], self.story
        if kind == "has":
            return self.id("evidence", atom[1]), ""
        if kind == "presented":
            to = "" if atom[2] == reader.owner else f" to {story.name_of(atom[2])}"
            return self.id("evidence", atom[1]), f"shown{to}"
        if kind in ("is", "reached"):
            if node.kind in ("state", "start") and atom[1] == reader.owner:
                return None  # the machine's own state: the transition's `from` says it
            return self.id("state", atom[1], atom[2]), "reached" if kind == "reached" else ""
        if kind == "flag":
            return self.id("flag", atom[1]), ""
        if kind == "visited":
            if atom[1] in story.events:
                return self.id("event", atom[1]), ""
            return self.scene_id(atom[1]), "after"
        if kind == "fired":
            return self.id("event", atom[1]), ""
        if kind == "contradicted":
            return self.id("said", atom[1], "contradiction"), ""
        if kind == "pressed":
            return self.id("said", atom[1], "press"), ""
        if kind == "confirmed":
            return self.id("group", atom[1]), ""
        return None


_SAID_VERBS = {"press": "pressed", "contradiction": "contradicted", "support": "supported"}

def _joined(labels: list[str]) -> str:
    if len(labels) <= MOST_EDGE_LABELS:
        return "\n".join(labels)
    return "\n".join([*labels[:MOST_EDGE_LABELS - 1],
                      f"and {len(labels) - MOST_EDGE_LABELS + 1} more"])

