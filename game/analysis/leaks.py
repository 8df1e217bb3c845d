"""Where the game could name a term before the player has learned it (a knowledge leak).

Every text the player can see is listed with when they can see it:

- what is *offered* (a topic's title, a place, an answer, a board question, a hearing option,
  a character in the chair, a statement of their testimony) is seen in any state where it is
  offered, so the term must be known there;
- what an action *shows* (a node's lines, an event, a statement's press or contradiction, a
  piece of evidence once held) is seen at the end of that action, so the term must be known
  once the action is done: a node may teach a term and name it in its own lines.

A leak is a reachable state where the text is seen and its term not known. Knowing a term only
ever becomes true (`game.engine.terms`), so the first time a text is seen with its term unknown
is such a state, and a state where it is seen with the term known proves every later one safe:
the question is one condition per text, `seen and not known`, decided by the checker over every
reachable state, with the shortest way there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game.analysis.facts import TRUE, simplify
from game.engine.conditions import Tree
from game.engine.model import Effects, Line, Story
from game.engine.terms import known_tree, named_in


@dataclass(frozen=True)
class Use:
    """One text that names a term."""

    term: str
    word: str  # the term's word as the text writes it
    kind: str  # the table it is written in (topic, evidence, ending, ...), for its file:line
    owner: str  # that table's id ("" for [case] and [hearing])
    key: tuple[str | int, ...]  # the key inside the table
    what: str  # the text, in words: "the title of topic `julie_kamal`"
    probe: Tree  # seen here with the term unknown: a leak
    known: Tree  # the term known (once this text's own action is done)


def _both(*trees: Tree) -> Tree:
    kept = tuple(t for t in trees if t != TRUE)
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else ("and", kept)


def _made_true(node_id: str | None, effects: Effects | None) -> frozenset[Tree]:
    """What a node's own play makes true: its lines may name a term it teaches."""
    made: set[Tree] = set()
    if node_id is not None:
        made.add(("visited", node_id))
    if effects is not None:
        made |= {("has", e) for e in effects.gives} | {("flag", f) for f in effects.sets}
    return frozenset(made)


class _Texts:
    """Walks the story's texts; each with when it is seen and what seeing it makes true."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.found: list[tuple[str, str, tuple, str, str, Tree, frozenset]] = []

    def add(self, kind: str, owner: str, key: tuple, what: str, text: str, seen: Tree,
            made: frozenset = frozenset()) -> None:
        if text:
            self.found.append((kind, owner, key, what, text, seen, made))

    def lines(self, kind: str, owner: str, key: tuple, what: str, lines: tuple[Line, ...],
              seen: Tree, made: frozenset = frozenset(), chair: str | None = None) -> None:
        """`chair`: the questioned character these lines are said in the room with. Their
        name above their own lines is the name the room shows, checked once at the character
        (seen whenever they can be questioned, before any of their lines): judged again for
        each topic, it made every flag a topic reads a fact of the search."""
        for index, line in enumerate(lines):
            speaker = self.story.characters.get(line.speaker) if line.speaker else None
            in_chair = chair is not None and line.speaker == chair and \
                self.story.characters[chair].questioned
            text = f"{speaker.name}: {line.text}" if speaker and not in_chair else line.text
            said = seen
            if line.when is not None:
                # Judged as the line comes: a node is counted played by then (nothing it gives
                # or sets yet), an event fired.
                now = {atom for atom in made if atom[0] == "visited"}
                if kind == "event":
                    now.add(("fired", owner))
                said = _both(seen, simplify(line.when.tree,
                                            lambda atom, now=now: True if atom in now else None))
            self.add(kind, owner, (*key, index), what, text, said, made)

    def walk(self) -> None:
        story = self.story
        case = story.case
        self.add("case", "", ("title",), "the case's title", case.title, TRUE)
        self.add("case", "", ("tagline",), "the case's tagline", case.tagline, TRUE)
        self.lines("case", "", ("intro",), "the case's introduction", case.intro, TRUE)
        for character_id, character in story.characters.items():
            self._character(character_id, character)
        for evidence_id, evidence in story.evidence.items():
            held = ("has", evidence_id)
            for key in ("title", "summary", "source", "document"):
                self.add("evidence", evidence_id, (key,), f"the {key} of evidence "
                         f"`{evidence_id}`", getattr(evidence, key), held)
        for statement_id, statement in story.statements.items():
            self._statement(statement_id, statement)
        for topic_id, topic in story.topics.items():
            offered = _both(story.characters[topic.character].available.tree, topic.when.tree)
            self.add("topic", topic_id, ("title",), f"the title of topic `{topic_id}`",
                     topic.title, offered)
            self.lines("topic", topic_id, ("lines",), f"topic `{topic_id}`", topic.lines,
                       offered, _made_true(topic_id, topic), chair=topic.character)
        for pair, reaction_ids in story.index.reactions_by_pair.items():
            earlier: list[Tree] = []
            for reaction_id in reaction_ids:
                reaction = story.reactions[reaction_id]
                chosen = _both(story.characters[pair[0]].available.tree, ("has", pair[1]),
                               reaction.when.tree, *(("not", t) for t in earlier))
                self.lines("reaction", reaction_id, ("lines",), f"reaction `{reaction_id}`",
                           reaction.lines, chosen, _made_true(reaction_id, reaction),
                           chair=pair[0])
                earlier.append(reaction.when.tree)
        for place_id, place in story.places.items():
            for key in ("name", "description", "nothing"):
                self.add("place", place_id, (key,), f"the {key} of place `{place_id}`",
                         getattr(place, key), place.available.tree)
        for search_id, search in story.searches.items():
            place = story.places[search.place]
            self.lines("search", search_id, ("lines",), f"search `{search_id}`", search.lines,
                       _both(place.available.tree, search.when.tree),
                       _made_true(search_id, search))
        for event_id, event in story.events.items():
            fired = ("fired", event_id)
            self.add("event", event_id, ("title",), f"the title of event `{event_id}`",
                     event.title, fired)
            self.lines("event", event_id, ("lines",), f"event `{event_id}`", event.lines, fired)
        self._board()
        self._hearing()

    def _character(self, character_id: str, character) -> None:
        available = character.available.tree if character.questioned else TRUE
        if character.questioned:
            for key in ("name", "role"):
                self.add("character", character_id, (key,),
                         f"the {key} of character `{character_id}`",
                         getattr(character, key), available)
        for state_id, state in character.states.items():
            # A version's label and account are shown once heard face to face: in that state,
            # when the character can be questioned (the start's first version is not seen
            # before anyone can sit down with them).
            told = _both(("reached", character_id, state_id), available)
            for key in ("label", "account", "mood"):
                self.add("character", character_id, ("states", state_id, key),
                         f"the {key} of `{character_id}`'s state `{state_id}`",
                         getattr(state, key), told)
        for key, lines in (("default_reaction", character.default_reaction),
                           ("wrong_objection", character.wrong_objection)):
            self.lines("character", character_id, (key,), f"`{character_id}`'s {key}", lines,
                       available, chair=character_id)
        for evidence_id, lines in character.wrong_objection_with.items():
            self.lines("character", character_id, ("wrong_objection_with", evidence_id),
                       f"`{character_id}`'s wrong_objection_with `{evidence_id}`", lines,
                       _both(available, ("has", evidence_id)), chair=character_id)

    def _statement(self, statement_id: str, statement) -> None:
        story = self.story
        character = story.characters[statement.character]
        stands = _both(character.available.tree,
                       ("is", statement.character, statement.version)
                       if statement.version else TRUE, statement.when.tree)
        self.add("statement", statement_id, ("text",), f"statement `{statement_id}`",
                 statement.text, stands)
        self.lines("statement", statement_id, ("wrong_objection",),
                   f"the wrong_objection of statement `{statement_id}`",
                   statement.wrong_objection, stands, chair=statement.character)
        for part, atom in (("press", "pressed"), ("contradiction", "contradicted")):
            effects = getattr(statement, part)
            if effects is not None:
                self.lines("statement", statement_id, (part, "lines"),
                           f"the {part} of statement `{statement_id}`", effects.lines,
                           (atom, statement_id), chair=statement.character)
        if statement.support is not None:
            held = tuple(("has", e) for e in statement.support.evidence)
            self.lines("statement", statement_id, ("support", "lines"),
                       f"the support of statement `{statement_id}`", statement.support.lines,
                       _both(stands, held[0] if len(held) == 1 else ("or", held)),
                       _made_true(None, statement.support), chair=statement.character)

    def _board(self) -> None:
        story = self.story
        for group_id, group in story.board.items():
            shown = group.when.tree
            self.add("board", group_id, ("title",), f"the title of board group `{group_id}`",
                     group.title, shown)
            for blank_id, blank in group.blanks.items():
                self.add("board", group_id, ("blanks", blank_id, "question"),
                         f"the question `{blank_id}` of board group `{group_id}`",
                         blank.question, shown)
            self.lines("board", group_id, ("lines",), f"board group `{group_id}` confirmed",
                       group.lines, ("confirmed", group_id))
        for answer_id, answer in story.answers.items():
            # Offered in a blank of its kind, on a group on the board: seen only then.
            groups = tuple(group.when.tree for group in story.board.values()
                           if any(blank.kind is None or blank.kind == answer.kind
                                  for blank in group.blanks.values()))
            if not groups:
                continue  # never offered
            shown_in = groups[0] if len(groups) == 1 else ("or", groups)
            self.add("answer", answer_id, ("text",), f"answer `{answer_id}`", answer.text,
                     _both(answer.when.tree, shown_in))

    def _hearing(self) -> None:
        story = self.story
        hearing = story.hearing
        opens = hearing.available.tree
        self.add("hearing", "", ("title",), "the hearing's title", story.stage_title, opens)
        self.lines("hearing", "", ("lines",), "the hearing", hearing.lines, opens)
        leading: dict[str, list[Tree]] = {}
        for option_id, option in hearing.options.items():
            offered = _both(opens, option.when.tree)
            leading.setdefault(option.ending, []).append(offered)
            self.add("hearing", "", ("options", option_id, "text"),
                     f"the hearing's option `{option_id}`", option.text, offered)
            self.lines("hearing", "", ("options", option_id, "lines"),
                       f"the hearing's option `{option_id}`", option.lines, offered)
        for ending_id, ending in story.endings.items():
            ways = leading.get(ending_id)
            if not ways:
                continue  # never reached: check says so (C004)
            reached = ways[0] if len(ways) == 1 else ("or", tuple(ways))
            self.add("ending", ending_id, ("title",), f"the title of ending `{ending_id}`",
                     ending.title, reached)
            self.lines("ending", ending_id, ("lines",), f"ending `{ending_id}`", ending.lines,
                       reached)
            self.add("ending", ending_id, ("prompt",), f"the prompt of ending `{ending_id}`",
                     ending.prompt, reached)
            for choice_id, choice in ending.choices.items():
                self.add("ending", ending_id, ("choices", choice_id, "text"),
                         f"the choice `{choice_id}` of ending `{ending_id}`", choice.text,
                         reached)
                self.lines("ending", ending_id, ("choices", choice_id, "lines"),
                           f"the choice `{choice_id}` of ending `{ending_id}`", choice.lines,
                           reached)


def term_uses(story: Story) -> Iterator[Use]:
    """Every text that names a term, with the condition under which it leaks."""
    if not story.terms:
        return
    texts = _Texts(story)
    texts.walk()
    known = {term_id: known_tree(story, term) for term_id, term in story.terms.items()}
    for kind, owner, key, what, text, seen, made in texts.found:
        for term_id, term in story.terms.items():
            word = named_in(term, text)
            if word is None:
                continue
            after = simplify(known[term_id], lambda atom, made=made: True if atom in made
                             else None) if made else known[term_id]
            if after == TRUE:
                continue  # the text's own action teaches it
            yield Use(term_id, word, kind, owner, key, what, _both(("not", after), seen), after)
