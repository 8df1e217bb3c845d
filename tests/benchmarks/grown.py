"""Cases that grow the way an author grows one, for measuring what `detective check` costs.

`write_grown_case` copies the bundled case and adds new files only (the originals are never
edited): small-talk pairs, chains of topics and optional clues, K of each. Every added node can
be played, so the grown case passes `detective check` in principle; in practice each added flag
multiplies the states the checker explores.

`write_subplots_case` writes a standalone case about ten times the bundled one, made of
independent subplots: one witness, one place and its own evidence each, and a hearing whose
options read how every subplot came out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "story" / "perfect_mother"

# Short original lines, picked in turn so the added text is not all the same sentence.
PAIR_OPENERS = [
    ("Did you sleep at all last night?", "Not much. The radiator knocks all night."),
    ("Have you eaten anything today?", "Half a croissant. It tasted of cardboard."),
    ("Is it still raining out there?", "It has not stopped since Tuesday."),
    ("Do they let you smoke in here?", "Only if you ask the right officer."),
    ("How is your sister?", "Still not answering my calls."),
]
PAIR_FOLLOWUPS = [
    "You said something earlier. I keep thinking about it.",
    "Go back to what you told me a minute ago.",
    "That thing you mentioned. Say it again, slowly.",
]
CHAIN_STEPS = [
    ("The first thing", "Start with the morning. Where were you?",
     "At the market. I bought oranges and forgot them on the bus."),
    ("The second thing", "And after the market?",
     "I walked. I walk when I can't think straight."),
    ("The third thing", "Where did the walk end?",
     "At the river. I stood there until my feet were cold, then I went home."),
]
CLUE_KINDS = [
    ("a bus ticket", "A punched ticket for the number 30, stamped at 23:12."),
    ("a torn receipt", "Half a receipt from an all-night pharmacy: plasters, water, gum."),
    ("a hair clip", "A plastic clip in the shape of a butterfly, one wing snapped off."),
    ("a matchbook", "A matchbook from a bar on rue Oberkampf, three matches left."),
    ("a parking fine", "A fine left under a wiper in the 17th, never paid."),
]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lines(*lines: str) -> str:
    return "[\n" + "".join(f"  {_quote(line)},\n" for line in lines) + "]"


def _cast(case_dir: Path) -> tuple[str, list[tuple[str, str]]]:
    """The player's id, and the (id, name) of every questioned character, in file order."""
    from game.storyfiles.loader import load_story

    story = load_story(case_dir)
    questioned = [(cid, str(c.name)) for cid, c in story.characters.items() if c.questioned]
    return str(story.case.player), questioned


def _versions(case_dir: Path) -> dict[str, list[str]]:
    """The states of every questioned character's story, by character."""
    from game.storyfiles.loader import load_story

    story = load_story(case_dir)
    return {cid: list(c.states) for cid, c in story.characters.items()
            if c.questioned and c.states}


def write_grown_case(dest: Path, pairs: int = 0, chains: int = 0, clues: int = 0,
                     source: Path = BUNDLED, only: list[str] | None = None,
                     statements: int = 0) -> Path:
    """Copy `source` to `dest` and add `pairs` small-talk pairs and `chains` chains of three
    topics for every questioned character, `clues` optional clues found in new places, and
    `statements` statements to every version of every questioned character's story, each
    with a press (every other one setting a flag a follow-up topic reads).

    `only` keeps the growth to those questioned characters (a small case, to check by hand).
    """
    dest = Path(dest)
    shutil.copytree(source, dest)
    player, cast = _cast(source)
    versions = _versions(source)
    cast = [(cid, name) for cid, name in cast if only is None or cid in only]
    added = dest / "grown"
    added.mkdir()

    for cid, name in cast:
        parts = [f"# Grown for the benchmark: small talk and chains for {name}.\n"]
        for k in range(pairs):
            opener, answer = PAIR_OPENERS[k % len(PAIR_OPENERS)]
            flag = f"grown_{cid}_pair{k}_heard"
            parts.append(
                f"[topic.grown_{cid}_pair{k}_a]\ncharacter = {_quote(cid)}\n"
                f"title = {_quote(f'Small talk {k + 1}')}\n"
                f"lines = {_lines(f'{player}: {opener}', f'{cid}: {answer}')}\n"
                f"sets = [{_quote(flag)}]\n")
            followup = PAIR_FOLLOWUPS[k % len(PAIR_FOLLOWUPS)]
            parts.append(
                f"[topic.grown_{cid}_pair{k}_b]\ncharacter = {_quote(cid)}\n"
                f"title = {_quote(f'Back to small talk {k + 1}')}\n"
                f"when = {_quote(f'flag {flag}')}\nonce = true\n"
                f"lines = {_lines(f'{player}: {followup}', f'{name} shrugs.', f'{cid}: ' + answer)}"
                "\n")
        for k in range(chains):
            for step, (title, question, answer) in enumerate(CHAIN_STEPS):
                when = (f"when = {_quote(f'flag grown_{cid}_chain{k}_step{step - 1}')}\n"
                        if step else "")
                parts.append(
                    f"[topic.grown_{cid}_chain{k}_step{step}]\ncharacter = {_quote(cid)}\n"
                    f"title = {_quote(f'{title}, thread {k + 1}')}\n{when}"
                    f"lines = {_lines(f'{player}: {question}', f'{cid}: {answer}')}\n"
                    f"sets = [{_quote(f'grown_{cid}_chain{k}_step{step}')}]\n")
        for version in versions.get(cid, [None]) if statements else ():
            for k in range(statements):
                _, answer = PAIR_OPENERS[k % len(PAIR_OPENERS)]
                sid = f"grown_{cid}_{version or 'any'}_said{k}"
                told_in = f"version = {_quote(version)}\n" if version else ""
                flag = f"{sid}_pressed"
                sets = f"sets = [{_quote(flag)}]\n" if k % 2 else ""
                parts.append(
                    f"[statement.{sid}]\ncharacter = {_quote(cid)}\n{told_in}"
                    f"text = {_quote(answer)}\n\n[statement.{sid}.press]\n"
                    f"lines = {_lines(f'{cid}: I told you. ' + answer)}\n{sets}")
                if k % 2:
                    followup = PAIR_FOLLOWUPS[k % len(PAIR_FOLLOWUPS)]
                    parts.append(
                        f"[topic.{sid}_followup]\ncharacter = {_quote(cid)}\n"
                        f"title = {_quote(f'What you said, {k + 1}')}\n"
                        f"when = {_quote(f'flag {flag}')}\nonce = true\n"
                        f"lines = {_lines(f'{player}: {followup}', f'{cid}: ' + answer)}\n")
        (added / f"{cid}.toml").write_text("\n".join(parts), encoding="utf-8")

    parts = ["# Grown for the benchmark: optional clues, each in a place of its own.\n"]
    for k in range(clues):
        what, document = CLUE_KINDS[k % len(CLUE_KINDS)]
        cid, name = cast[k % len(cast)]
        clue = f"grown_clue{k}"
        parts.append(
            f"[evidence.{clue}]\ntitle = {_quote(f'Clue {k + 1}: {what}')}\n"
            f"summary = {_quote(f'Found on a side street; {name} may know about it.')}\n"
            f"source = \"A side street\"\ndocument = \"\"\"\n{document}\n\"\"\"\n")
        parts.append(
            f"[place.grown_street{k}]\nname = {_quote(f'Side street {k + 1}')}\n"
            f"description = \"A narrow street with one lamp working out of three.\"\n"
            f"nothing = \"Wet cobbles, nothing more.\"\n")
        parts.append(
            f"[search.grown_street{k}_gutter]\nplace = \"grown_street{k}\"\n"
            f"lines = {_lines(f'In the gutter, half under a leaf, you find {what}.')}\n"
            f"gives = [{_quote(clue)}]\n")
        said = _lines(f"{player}: I found {what} on a side street.",
                      f"{cid}: Half of Paris walks down that street.")
        parts.append(
            f"[topic.grown_clue{k}_ask]\ncharacter = {_quote(cid)}\n"
            f"title = {_quote(f'About {what} ({k + 1})')}\nwhen = {_quote(f'has {clue}')}\n"
            f"lines = {said}\n")
    (added / "clues.toml").write_text("\n".join(parts), encoding="utf-8")
    return dest


# The subplots case ------------------------------------------------------------------------

WITNESS_NAMES = ["Agathe", "Bruno", "Cyril", "Delphine", "Emile", "Fanny", "Gaspard", "Helga",
                 "Ines", "Jules", "Karim", "Louise", "Mathis", "Noor", "Oscar", "Paule",
                 "Quentin", "Rosa", "Simon", "Tess", "Ugo", "Vera", "Willem", "Xenia"]
SMALL_QUESTIONS = [
    "How long have you lived on this street?", "Who else has a key to the building?",
    "What time do you usually get home?", "Did you hear anything unusual?",
    "Do you know the family upstairs?", "Where do you buy your bread?",
    "Have you ever been to the canal at night?", "Who did you call that evening?",
    "What were you wearing?", "Why did you move here?", "Do you own a bicycle?",
    "When did you last see her?", "What did the neighbours say?",
    "Have you spoken to the police before?", "Is there anything you want to add?",
]
SMALL_ANSWERS = [
    "Longer than I care to count.", "I couldn't tell you.", "The usual, I suppose.",
    "Nothing I would swear to.", "Only to nod to on the stairs.", "Same as everyone.",
    "Not that I remember.", "Nobody important.", "A coat. It was cold.",
    "The rent was cheap.", "It was stolen last spring.", "A week ago, maybe more.",
    "They always say something.", "Once, about a parked car.", "No. Can I go now?",
]
MOODS = ["calm", "rattled", "candid"]


def write_subplots_case(dest: Path, subplots: int = 20, topics_per_state: int = 41) -> Path:
    """A standalone case of `subplots` independent subplots, about 2,200 nodes at the defaults.

    Each subplot has a questioned witness whose machine (two or three states) is broken by
    presenting the subplot's own evidence, a place where the first piece is found, and an event
    when the witness first breaks. The hearing's options read every witness's outcome.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    player = "detective"
    witnesses = [f"witness{i:02d}" for i in range(subplots)]
    names = [WITNESS_NAMES[i % len(WITNESS_NAMES)] + ("" if i < len(WITNESS_NAMES)
                                                     else f" {i // len(WITNESS_NAMES) + 1}")
             for i in range(subplots)]
    depth = [3 if i % 2 == 0 else 2 for i in range(subplots)]  # states in each machine
    final = [MOODS[d - 1] for d in depth]

    all_done = " and ".join(f"{w} reached {f}" for w, f in zip(witnesses, final, strict=True))
    any_done = " or ".join(f"{w} reached {f}" for w, f in zip(witnesses, final, strict=True))
    some_done, none_done = f"({any_done}) and not ({all_done})", f"not ({any_done})"
    intro = _lines("A street of doors, and behind each one a person who saw something.",
                   "You have until the hearing to knock on all of them.")
    case = [
        '[case]\nid = "subplots"\ntitle = "A Street of Doors"\n'
        f'player = "{player}"\n'
        f'intro = {intro}\n',
        f'[character.{player}]\nname = "The detective"\nquestioned = false\n',
        '[hearing]\ntitle = "The hearing"\navailable = "true"\n'
        f'lines = {_lines("The courtroom smells of floor polish and wet coats.")}\n',
        f'[hearing.options.whole_story]\ntext = "Lay out every account, each one broken."\n'
        f'when = {_quote(all_done)}\nending = "whole_story"\n',
        f'[hearing.options.part_story]\ntext = "Lay out what you have, and admit the gaps."\n'
        f'when = {_quote(some_done)}\nending = "part_story"\n',
        f'[hearing.options.no_story]\ntext = "Say you found nothing you can prove."\n'
        f'when = {_quote(none_done)}\nending = "no_story"\n',
        f'[ending.whole_story]\ntitle = "The whole street"\n'
        f'lines = {_lines("Every door opened in the end. The judge hears twenty voices.")}\n',
        f'[ending.part_story]\ntitle = "Some doors"\n'
        f'lines = {_lines("Some doors stayed shut. The judge hears what you have.")}\n',
        f'[ending.no_story]\ntitle = "Closed doors"\n'
        f'lines = {_lines("Nobody talked. The case is filed away by Friday.")}\n',
    ]
    (dest / "case.toml").write_text("\n".join(case), encoding="utf-8")

    for i, (w, name) in enumerate(zip(witnesses, names, strict=True)):
        moods = MOODS[:depth[i]]
        first, second = f"sub{i:02d}_note", f"sub{i:02d}_photo"
        parts = [
            f"# Subplot {i + 1}: {name}, one place and their own evidence.\n",
            f"[character.{w}]\nname = {_quote(name)}\nrole = \"A neighbour who saw something.\"\n"
            f"questioned = true\ninitial = \"calm\"\n"
            f"default_reaction = {_lines(f'{w}: I have never seen that before.')}\n",
        ]
        for mood in moods:
            parts.append(f"[character.{w}.states.{mood}]\nlabel = {_quote(mood.title())}\n"
                         f"mood = {_quote(mood)}\n"
                         f"account = {_quote(f'{name}, {mood}, tells it their own way.')}\n")
        parts.append(f"[[character.{w}.transitions]]\nfrom = \"calm\"\nto = \"rattled\"\n"
                     f"when = {_quote(f'presented {first} to {w}')}\n")
        if depth[i] == 3:
            parts.append(f"[[character.{w}.transitions]]\nfrom = \"rattled\"\nto = \"candid\"\n"
                         f"when = {_quote(f'presented {second} to {w}')}\n")
        # Evidence: the note is found in the subplot's place; the photo (three-state
        # witnesses only) is handed over once the witness is rattled.
        parts.append(f"[evidence.{first}]\ntitle = {_quote(f'A note by the door of {name}')}\n"
                     f"summary = \"Four words in pencil and a time.\"\n"
                     f"document = \"\"\"\nTuesday. Eleven. Don't tell.\n\"\"\"\n")
        if depth[i] == 3:
            parts.append(f"[evidence.{second}]\ntitle = {_quote(f'A photo {name} kept')}\n"
                         f"summary = \"A blurred photo of a parked van.\"\n"
                         f"document = \"\"\"\nA white van, its plate half hidden.\n\"\"\"\n")
        parts.append(f"[place.{w}_stairwell]\nname = {_quote(f'The stairwell of {name}')}\n"
                     f"description = \"Peeling paint, a bicycle chained to the rail.\"\n"
                     f"nothing = \"Only the bicycle and the smell of soup.\"\n")
        parts.append(f"[search.{w}_mat]\nplace = \"{w}_stairwell\"\n"
                     f"lines = {_lines('Under the doormat, a folded note.')}\n"
                     f"gives = [{_quote(first)}]\n")
        parts.append(f"[search.{w}_bins]\nplace = \"{w}_stairwell\"\n"
                     f"lines = {_lines('The bins hold nothing but peelings.')}\n")
        parts.append(f"[event.{w}_breaks]\ntitle = {_quote(f'{name} starts to talk')}\n"
                     f"when = {_quote(f'{w} reached rattled')}\n"
                     f"lines = {_lines(f'Word gets round the street that {name} has talked.')}\n")
        parts.append(f"[reaction.{w}_note_calm]\ncharacter = \"{w}\"\nevidence = \"{first}\"\n"
                     f"when = {_quote(f'{w} is calm')}\n"
                     f"lines = {_lines(f'{w}: Where did you get that?', f'{name} goes pale.')}\n")
        parts.append(f"[reaction.{w}_note_again]\ncharacter = \"{w}\"\nevidence = \"{first}\"\n"
                     f"lines = {_lines(f'{w}: You showed me already.')}\n")
        if depth[i] == 3:
            parts.append(f"[reaction.{w}_photo_rattled]\ncharacter = \"{w}\"\n"
                         f"evidence = \"{second}\"\nwhen = {_quote(f'{w} is rattled')}\n"
                         f"lines = {_lines(f'{w}: Fine. It was the van. I saw it.')}\n")
            parts.append(f"[reaction.{w}_photo_again]\ncharacter = \"{w}\"\n"
                         f"evidence = \"{second}\"\n"
                         f"lines = {_lines(f'{w}: I told you about the van.')}\n")
        for mood in moods:
            for t in range(topics_per_state):
                q = SMALL_QUESTIONS[(i + t) % len(SMALL_QUESTIONS)]
                a = SMALL_ANSWERS[(i * 3 + t) % len(SMALL_ANSWERS)]
                gives = ""
                if mood == "rattled" and t == 0 and depth[i] == 3:
                    gives = f"gives = [{_quote(second)}]\n"
                parts.append(
                    f"[topic.{w}_{mood}_{t:02d}]\ncharacter = \"{w}\"\n"
                    f"title = {_quote(f'{q} ({mood}, {t + 1})')}\n"
                    f"when = {_quote(f'{w} is {mood}')}\n"
                    f"lines = {_lines(f'{player}: {q}', f'{w}: {a}')}\n{gives}")
        (dest / f"{w}.toml").write_text("\n".join(parts), encoding="utf-8")
    return dest
