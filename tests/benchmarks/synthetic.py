"""Write a synthetic case in the story TOML format: many characters, evidence and nodes.

Every id it mentions exists, every condition parses, so it loads cleanly and plays; it is not
meant to be finishable in any interesting way, only to be large and shaped like a real case.
"""

from __future__ import annotations

import random
from pathlib import Path

LINE = "A line of dialogue of ordinary length, with a comma, and a question at the end?"


def write_synthetic_case(root: Path, characters: int = 50, evidence: int = 200,
                         nodes: int = 10_000, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    flags = [f"flag_{i}" for i in range(200)]
    people = [f"person_{i:02d}" for i in range(characters)]
    items = [f"item_{i:03d}" for i in range(evidence)]
    places = [f"place_{i:02d}" for i in range(characters)]

    events = nodes // 20
    searches = nodes // 20
    reactions = nodes // 10
    topics = nodes - events - searches - reactions
    per_person = topics // characters

    def condition(person: str) -> str:
        pick = rng.random()
        if pick < 0.3:
            return f"{person} is state_{rng.randrange(3)}"
        if pick < 0.6:
            return f"has {rng.choice(items)} or flag {rng.choice(flags)}"
        if pick < 0.8:
            return f"not flag {rng.choice(flags)} and {person} reached state_1"
        return "true"

    def lines(person: str) -> str:
        return "[\n" + "".join(f'  "{person}: {LINE}",\n' for _ in range(2)) + '  "Narration."\n]'

    case = ['[case]\nid = "synthetic"\ntitle = "Synthetic"\nplayer = "detective"\n'
            'intro = ["It begins."]\n\n[character.detective]\nname = "Detective"\n',
            '[hearing]\navailable = "true"\n']
    for ending in ("one", "two", "three"):
        case.append(f'[hearing.options.opt_{ending}]\ntext = "Choose {ending}."\n'
                    f'ending = "end_{ending}"\n')
    for ending in ("one", "two", "three"):
        case.append(f'[ending.end_{ending}]\ntitle = "Ending {ending}"\nlines = ["It ends."]\n')
    (root / "case.toml").write_text("\n".join(case), encoding="utf-8")

    docs = [f'[evidence.{item}]\ntitle = "Item {item}"\nsummary = "One line."\n'
            f'document = """\n{LINE}\n{LINE}\n{LINE}\n"""\n' for item in items]
    (root / "evidence.toml").write_text("\n".join(docs), encoding="utf-8")

    given = iter(items * 2)
    flag_cycle = iter(flags * (nodes // len(flags) + 1))
    for index, person in enumerate(people):
        parts = [f'[character.{person}]\nname = "Person {index}"\nquestioned = true\n'
                 f'initial = "state_0"\ndefault_reaction = ["{person}: No."]\n']
        for state in range(3):
            parts.append(f'[character.{person}.states.state_{state}]\nlabel = "State {state}"\n'
                         f'account = "{LINE}"\n')
        for state in range(2):
            parts.append(f'[[character.{person}.transitions]]\nfrom = "state_{state}"\n'
                         f'to = "state_{state + 1}"\nwhen = "presented {items[index]} to {person}'
                         f' or flag {flags[(index + state) % len(flags)]}"\n')
        for number in range(per_person):
            gives = f'gives = ["{next(given, items[0])}"]\n' if number % 4 == 0 else ""
            parts.append(f'[topic.{person}_t{number}]\ncharacter = "{person}"\n'
                         f'title = "Topic {number}"\nwhen = "{condition(person)}"\n'
                         f'lines = {lines(person)}\n{gives}sets = ["{next(flag_cycle)}"]\n')
        # One reaction per item and person: a second one for the same pair could be hidden by
        # the first (W003), and a case with warnings is not the clean load this measures.
        shown = rng.sample(items, reactions // characters)
        for number, item in enumerate(shown):
            parts.append(f'[reaction.{person}_r{number}]\ncharacter = "{person}"\n'
                         f'evidence = "{item}"\nwhen = "{condition(person)}"\n'
                         f'lines = {lines(person)}\n')
        (root / f"{person}.toml").write_text("\n".join(parts), encoding="utf-8")

    world = []
    for place in places:
        world.append(f'[place.{place}]\nname = "Place {place}"\ndescription = "{LINE}"\n')
    for number in range(searches):
        world.append(f'[search.search_{number}]\nplace = "{places[number % len(places)]}"\n'
                     f'when = "{condition(people[number % len(people)])}"\n'
                     f'lines = ["{LINE}"]\ngives = ["{rng.choice(items)}"]\n')
    for number in range(events):
        world.append(f'[event.event_{number}]\ntitle = "Event {number}"\n'
                     f'when = "visited {people[number % len(people)]}_t{number % per_person}'
                     f' and has {rng.choice(items)}"\nlines = ["{LINE}"]\n'
                     f'sets = ["{rng.choice(flags)}"]\n')
    (root / "world.toml").write_text("\n".join(world), encoding="utf-8")
    return root
