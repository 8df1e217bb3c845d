"""A hypothesis strategy for small, random but valid stories, built as `Story` models directly.

Every name a condition uses exists: evidence, characters and their states, nodes, events, and
flags (a flag is only named once some node or event sets it). State machines only move forward
(from state i to a state j > i), so transitions can never chase each other in a circle.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from game.engine.model import Story

PLAYER = "me"


def _condition(draw: Any, atoms: list[str], depth: int = 2) -> str:
    """A random condition over `atoms`, combined with and/or/not and parentheses."""
    shape = draw(st.sampled_from(["atom", "atom", "not", "and", "or"] if depth > 0 else ["atom"]))
    if shape == "atom":
        return draw(st.sampled_from(atoms))
    if shape == "not":
        return f"not {_condition(draw, atoms, depth - 1)}"
    left = _condition(draw, atoms, depth - 1)
    right = _condition(draw, atoms, depth - 1)
    return f"({left} {shape} {right})"


def _maybe_condition(draw: Any, atoms: list[str], chance_true: float = 0.4) -> str:
    if draw(st.floats(0, 1)) < chance_true:
        return "true"
    return _condition(draw, atoms)


@st.composite
def story_tables(draw: Any, wide: bool = False, testimony: bool = False,
                 terms: bool = False) -> dict[str, Any]:
    """The raw tables of a story, as `Story.model_validate` takes them (printable on failure).

    `wide`: more topics, flags, searches and events, so that stories fall into several
    independent parts and side groups (what the explorer's reductions cut along).
    `testimony`: statements to press and object to, a small credibility, a board group, and
    conditions that read them (and, sometimes, the credibility itself).
    `terms`: in half the stories, a secret, Zed, named in some texts and taught by some nodes,
    evidence or a condition, so that some texts name it before it is taught."""
    n_chars = draw(st.integers(1, 3))
    chars = [f"c{i}" for i in range(n_chars)]
    machine: dict[str, list[str]] = {}
    for c in chars:
        n_states = draw(st.sampled_from([0, 0, 2, 3]))
        if n_states:
            machine[c] = [f"s{j}" for j in range(n_states)]
    # Presented pairs multiply the state space: at most four (evidence, character) pairs.
    evidence = [f"e{i}" for i in range(draw(st.integers(1, max(1, 4 // n_chars))))]
    flags = [f"f{i}" for i in range(draw(st.integers(0, 4 if wide else 2)))]

    topic_owner: dict[str, str] = {}
    for j in range(draw(st.integers(1, 5 if wide else 3))):
        c = draw(st.sampled_from(chars))
        topic_owner[f"t_{c}_{j}"] = c
    reaction_pairs = [
        (draw(st.sampled_from(chars)), draw(st.sampled_from(evidence)))
        for _ in range(draw(st.integers(0, 2)))
    ]
    reactions = {f"r{i}": pair for i, pair in enumerate(reaction_pairs)}
    places = [f"p{i}" for i in range(draw(st.integers(1, 2)))]
    searches = {f"x{i}": draw(st.sampled_from(places))
                for i in range(draw(st.integers(1, 3 if wide else 2)))}
    events = [f"v{i}" for i in range(draw(st.integers(0, 2)))]
    endings = [f"end{i}" for i in range(draw(st.integers(1, 3)))]
    nodes = [*topic_owner, *reactions, *searches, *events]

    # Effects first, so conditions may name exactly the flags that some node sets.
    gives: dict[str, list[str]] = {}
    sets: dict[str, list[str]] = {}
    for node in nodes:
        gives[node] = draw(st.lists(st.sampled_from(evidence), max_size=1, unique=True))
        sets[node] = draw(st.lists(st.sampled_from(flags), max_size=1, unique=True)) if flags \
            else []
    for flag in flags:  # every flag is set by some node
        if not any(flag in s for s in sets.values()):
            sets[draw(st.sampled_from(nodes))].append(flag)

    atoms = ["true", "false"]
    atoms += [f"has {e}" for e in evidence]
    atoms += [f"presented {e} to {c}" for e in evidence for c in chars]
    atoms += [f"flag {f}" for f in flags]
    atoms += [f"visited {n}" for n in nodes]
    atoms += [f"fired {v}" for v in events]
    atoms += [f"{c} is {s}" for c, states in machine.items() for s in states]
    atoms += [f"{c} reached {s}" for c, states in machine.items() for s in states[1:]]

    statements: dict[str, str] = {}
    groups: list[str] = []
    if testimony:
        for i in range(draw(st.integers(1, 3))):
            statements[f"s{i}"] = draw(st.sampled_from(chars))
        groups = ["g0"] if draw(st.booleans()) else []
        atoms += [f"contradicted {s}" for s in statements]
        atoms += [f"pressed {s}" for s in statements]
        atoms += [f"confirmed {g}" for g in groups]
        atoms += ["credibility = 0"] * 2 + ["credibility < 2"]

    def effects(node: str) -> dict[str, Any]:
        return {"lines": ["Something happens."], "gives": gives[node], "sets": sets[node]}

    characters: dict[str, Any] = {PLAYER: {"name": "Me"}}
    for c in chars:
        own = [t for t, owner in topic_owner.items() if owner == c]
        available = "true" if draw(st.booleans()) else _maybe_condition(draw, atoms)
        if own and draw(st.integers(0, 3)) == 0:
            # Often enough to matter: a character who turns unavailable mid-conversation.
            available = f"not visited {draw(st.sampled_from(own))}"
        character: dict[str, Any] = {"name": c.upper(), "questioned": True,
                                     "available": available}
        if c in machine:
            states = machine[c]
            character["initial"] = states[0]
            character["states"] = {s: {"label": s} for s in states}
            transitions = []
            for _ in range(draw(st.integers(1, 3))):
                i = draw(st.integers(0, len(states) - 2))
                j = draw(st.integers(i + 1, len(states) - 1))
                transitions.append({"from": states[i], "to": states[j],
                                    "when": _maybe_condition(draw, atoms, 0.1)})
            character["transitions"] = transitions
        characters[c] = character

    topics = {
        t: {"character": c, "title": t, "when": _maybe_condition(draw, atoms),
            "once": draw(st.booleans()), **effects(t)}
        for t, c in topic_owner.items()
    }
    reaction_tables = {
        r: {"character": c, "evidence": e, "when": _maybe_condition(draw, atoms), **effects(r)}
        for r, (c, e) in reactions.items()
    }
    place_tables = {}
    for p in places:
        available = "true" if draw(st.booleans()) else _maybe_condition(draw, atoms)
        place_tables[p] = {"name": p, "available": available}
    search_tables = {}
    for x, p in searches.items():
        when = _maybe_condition(draw, atoms)
        earlier = [y for y in search_tables if searches[y] == p]
        if earlier and draw(st.booleans()):
            # A search that an earlier search of the same place opens, in the same action.
            y = draw(st.sampled_from(earlier))
            when = f"has {gives[y][0]}" if gives[y] and draw(st.booleans()) else f"visited {y}"
        search_tables[x] = {"place": p, "when": when, **effects(x)}
    event_tables = {
        v: {"title": v, "when": _condition(draw, atoms), **effects(v)} for v in events
    }
    options = {}
    for i in range(draw(st.integers(1, 3))):
        options[f"o{i}"] = {"text": f"option {i}", "when": _maybe_condition(draw, atoms),
                            "ending": draw(st.sampled_from(endings))}
    ending_tables = {}
    for end in endings:
        table: dict[str, Any] = {"title": end, "lines": ["The end."]}
        if draw(st.booleans()):
            table["prompt"] = "And you?"
            table["choices"] = {f"k{i}": {"text": f"choice {i}"}
                                for i in range(draw(st.integers(1, 2)))}
        ending_tables[end] = table

    extra: dict[str, Any] = {}
    if testimony:
        statement_tables: dict[str, Any] = {}
        for sid, c in statements.items():
            table: dict[str, Any] = {"character": c, "text": f"I say {sid}."}
            if c in machine and draw(st.booleans()):
                table["version"] = draw(st.sampled_from(machine[c]))
            if draw(st.integers(0, 3)) == 0:
                table["when"] = _condition(draw, atoms, 1)
            if draw(st.booleans()):
                table["press"] = {
                    "lines": ["More."],
                    "gives": draw(st.lists(st.sampled_from(evidence), max_size=1)),
                    "sets": draw(st.lists(st.sampled_from(flags), max_size=1)) if flags else []}
            bearing = draw(st.lists(st.sampled_from(evidence), min_size=0, max_size=2,
                                    unique=True))
            if bearing:
                table["contradiction"] = {"evidence": bearing[:1], "lines": ["No!"],
                                          "sets": draw(st.lists(st.sampled_from(flags),
                                                                max_size=1)) if flags else []}
            if len(bearing) > 1:
                table["support"] = {"evidence": bearing[1:], "lines": ["Yes."]}
            statement_tables[sid] = table
        extra = {"statements": statement_tables}
        if groups:
            answers = {"a_right": {"text": "Right", "when": _maybe_condition(draw, atoms, 0.3)},
                       "a_wrong": {"text": "Wrong"}}
            blanks = {f"b{i}": {"question": f"Question {i}?", "answer": "a_right"}
                      for i in range(draw(st.integers(1, 2)))}
            extra["board"] = {"g0": {"title": "G0", "blanks": blanks, "lines": ["Yes."]}}
            extra["answers"] = answers
        extra["case"] = {"credibility": draw(st.integers(1, 2))}

    tables = {
        **{k: v for k, v in extra.items() if k != "case"},
        "case": {"id": "random", "title": "Random", "player": PLAYER, "intro": ["Begin."],
                 **extra.get("case", {})},
        "characters": characters,
        "evidence": {e: {"title": e, "document": f"The document {e}."} for e in evidence},
        "topics": topics,
        "reactions": reaction_tables,
        "places": place_tables,
        "searches": search_tables,
        "events": event_tables,
        "hearing": {"available": _maybe_condition(draw, atoms, 0.5), "options": options},
        "endings": ending_tables,
    }
    if terms and draw(st.booleans()):
        _add_a_term(draw, tables, atoms)
    return tables


def _add_a_term(draw: Any, tables: dict[str, Any], atoms: list[str]) -> None:
    """Zed named in some texts (titles, lines, documents, statements, options, endings), and
    taught by one or two of the story's nodes, evidence and statement parts, or a condition
    that only grows."""
    texts: list[tuple[dict, str]] = []
    for kind in ("topics", "reactions", "searches", "events", "endings"):
        texts += [(table, "lines") for table in tables[kind].values()]
    texts += [(table, "title") for table in tables["topics"].values()]
    texts += [(table, "document") for table in tables["evidence"].values()]
    texts += [(table, "text") for table in tables["hearing"]["options"].values()]
    for table in tables.get("statements", {}).values():
        texts.append((table, "text"))
        if "press" in table:
            texts.append((table["press"], "lines"))
    for table, key in texts:
        if draw(st.integers(0, 2)) == 0:
            if key == "lines":
                table[key] = [*table[key], "Zed was there."]
            else:
                table[key] = f"{table[key]} Zed"
    teachers = [*tables["topics"], *tables["reactions"], *tables["searches"],
                *tables["events"], *tables["evidence"]]
    teachers += [f"{s}.press" for s, t in tables.get("statements", {}).items() if "press" in t]
    teachers += [f"{s}.contradiction" for s, t in tables.get("statements", {}).items()
                 if "contradiction" in t]
    term: dict[str, Any] = {"words": ["Zed"], "taught_by": draw(
        st.lists(st.sampled_from(teachers), min_size=0, max_size=2, unique=True))}
    lasting = [a for a in atoms if a.split()[0] in ("has", "flag", "visited", "fired",
                                                    "contradicted", "pressed", "confirmed")]
    if lasting and (not term["taught_by"] or draw(st.booleans())):
        term["when"] = " or ".join(draw(st.lists(st.sampled_from(lasting), min_size=1,
                                                 max_size=2)))
    elif not term["taught_by"]:
        term["taught_by"] = [draw(st.sampled_from(teachers))]
    tables["terms"] = {"zed": term}


def stories() -> st.SearchStrategy[Story]:
    return story_tables().map(Story.model_validate)
