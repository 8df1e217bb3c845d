"""The plain line mode: one command per line on stdin, plain text on stdout.

For screen readers, scripts and tests. No Textual import; colour only on a real terminal.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

from game.engine import events as ev
from game.engine.casebook import case_report
from game.engine.commands import VERB_ALIASES, choices_for, match_target, resolve
from game.engine.model import Story
from game.engine.session import Session
from game.engine.text import visible
from game.persistence.playthrough import Playthrough
from game.persistence.savefile import SaveError, describe_position
from game.persistence.slots import SaveFolder

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_COMMAND = 2000

HELP = """Commands (ids, names, a unique part of a name, or list numbers all work):
  status              where you are and how the case stands
  people              who you can question now
  talk <person>       sit down with someone          leave     get up and go
  topics              what you can ask the person in the chair
  ask <topic>         ask about a topic (or its number in the list)
  evidence            the evidence you hold          read <evidence>   read a document
  present <evidence>  show evidence to the person in the chair
  places              where you can search           search <place>
  notebook [person]   what each person has said, by version of their story
  versions [person]   the versions of a story you have heard
  hearing             go to the hearing (there is no coming back)
  choose <option>     make a choice at the hearing, or at the end
  save <name>         save the game (letters, digits, - and _)
  load <name>         load a save                    saves     list the saves
  undo                take back the last action      redo      do it again
  help                this list                      quit      leave the game"""


class PlainGame:
    def __init__(self, story: Story, out: TextIO, colour: bool = False, width: int = 0,
                 folder: SaveFolder | None = None) -> None:
        self.story = story
        self.play = Playthrough(story, folder)
        self.out = out
        self.colour = colour
        self.width = width  # wrap long lines to this many columns; 0 keeps each line whole
        self.commands: dict[str, Callable[[str], None]] = {
            "help": lambda _: self.say(HELP), "?": lambda _: self.say(HELP),
            "status": self.status, "people": self.people, "topics": self.topics,
            "evidence": self.evidence, "inventory": self.evidence, "read": self.read,
            "places": self.places, "notebook": self.notebook, "versions": self.versions,
            "save": self.save, "load": self.load, "saves": self.saves, "undo": self.undo,
            "redo": self.redo,
        }

    @property
    def session(self) -> Session:
        return self.play.session  # a new one after each load

    # ---- output -------------------------------------------------------------------------------

    def say(self, text: str = "", speaker: str = "", bold: bool = False) -> None:
        """Write a line; a speaker's name is put before it (in bold on a terminal).

        Everything written passes through `visible()` first: the text may quote a case, a save
        or the player's input, and only this mode's own bold may reach the terminal as codes.
        """
        speaker, text = visible(speaker), visible(text)
        plain = f"{speaker}: {text}" if speaker else text
        if self.width and len(plain) > self.width:
            plain = textwrap.fill(plain, self.width, subsequent_indent="  ",
                                  break_long_words=False, break_on_hyphens=False)
        if self.colour and (bold or speaker):
            plain = self.bold(plain) if bold else self.bold(speaker) + plain[len(speaker):]
        self.out.write(plain + "\n")

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text

    def show(self, events: list[ev.GameEvent]) -> None:
        story = self.story
        for event in events:
            match event:
                case ev.LineSpoken(speaker=None, text=text):
                    self.say(text)
                case ev.LineSpoken(speaker_name=name, text=text):
                    self.say(text, speaker=name)
                case ev.ConversationStarted(character=who, name=name):
                    state = self.session.state.states.get(who)
                    mood = story.characters[who].states[state].mood if state else ""
                    self.say(f"You sit down across from {name}." + (f" ({mood})" if mood else ""))
                    self.topics("")
                case ev.ConversationEnded(character=who, forced=True):
                    self.say(f"{story.name_of(who)} cannot be questioned any more. "
                             "You leave the room.")
                case ev.ConversationEnded():
                    self.say("You get up and leave the room.")
                case ev.EvidenceFound(evidence=evidence_id, title=title):
                    self.say(f"[Evidence found: {title}. Type 'read {evidence_id}'.]")
                case ev.StoryChanged(character=who, label=label):
                    name = story.name_of(who)
                    self.say(f"*** {name}'s story has changed: {label} ***", bold=True)
                case ev.EventFired(title=title):
                    self.say()
                    self.say(f"== {title} ==", bold=True)
                case ev.NothingFound(text=text):
                    self.say(text)
                case ev.HearingOpened(options=options):
                    self.say("What will you do? (choose <number>)", bold=True)
                    for number, (_, text) in enumerate(options, 1):
                        self.say(f"  {number}. {text}")
                case ev.EndingReached(title=title):
                    self.say()
                    self.say(f"=== Ending: {title} ===", bold=True)
                case ev.FinalChoiceOffered(prompt=prompt, choices=choices):
                    self.say(prompt or "Your last choice:", bold=True)
                    for number, (_, text) in enumerate(choices, 1):
                        self.say(f"  {number}. {text}")
                case ev.GameOver():
                    self.report()
                case ev.Refused(reason=reason, suggestions=suggestions):
                    self.say(reason + self.hint(suggestions))
                case ev.FlagSet():
                    pass

    def announce_new_topics(self, before: set[str]) -> None:
        """After a question or a presented item, say what has just opened up to ask."""
        if self.session.state.interlocutor is None:
            return
        fresh = [t for t in self.session.available_topics() if t not in before]
        if fresh and before:
            titles = ", ".join(self.story.topics[t].title for t in fresh)
            self.say(f"(New to ask: {titles})")

    @staticmethod
    def hint(suggestions: tuple[str, ...]) -> str:
        return f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""

    # ---- the loop -----------------------------------------------------------------------------

    def begin(self) -> None:
        self.say(self.story.case.title, bold=True)
        self.say()
        self.show(self.play.begin())
        self.say()
        self.say("Type 'help' for the commands.")

    def load_at_start(self, slot: str) -> bool:
        """`--load SLOT`: the title, then the saved game. False when the slot is refused."""
        self.say(self.story.case.title, bold=True)
        if not self.load(slot):
            return False
        self.say("Type 'help' for the commands.")
        return True

    def handle(self, raw: str) -> bool:
        """Run one command line. Returns False when the player quits."""
        line = _CONTROL.sub("", raw).strip()
        if not line:
            return True
        if len(line) > MAX_COMMAND:  # refused, not cut: a cut name could save over another slot
            self.say(f"That line is {len(line):,} characters long; a command has at most "
                     f"{MAX_COMMAND:,}. Nothing was done.")
            return True
        word, _, rest = line.partition(" ")
        word = word.lower()
        if word in ("quit", "exit", "q"):
            return False
        if word in self.commands:
            self.commands[word](rest)
            return True
        resolved = resolve(self.session, word, rest)
        if resolved.action is not None:
            chair_before = self.session.state.interlocutor
            topics_before = set(self.session.available_topics())
            self.show(self.play.perform(resolved.action))
            if self.play.autosave_problem:
                self.say(f"(Autosave failed: {self.play.autosave_problem}.)")
            if self.session.state.interlocutor == chair_before:
                self.announce_new_topics(topics_before)
        elif word in VERB_ALIASES:
            self.say(resolved.error + self.hint(resolved.suggestions))
        else:
            shown = word if len(word) <= 30 else word[:27] + "..."
            known = [*self.commands, *VERB_ALIASES, "quit"]
            close = tuple(difflib.get_close_matches(word, known, n=3, cutoff=0.5))
            self.say(f"Unknown command '{shown}'. Type 'help' for the list." + self.hint(close))
        return True

    def run(self, lines: TextIO, prompt: bool, load_slot: str | None = None) -> int:
        if load_slot is None:
            self.begin()
        elif not self.load_at_start(load_slot):
            return 1
        while True:
            if prompt:
                self.out.write("> ")
                self.out.flush()
            raw = lines.readline()
            if not raw:
                self.say()
                return 0
            if not self.handle(raw.rstrip("\r\n")):
                self.say("You close the file on the case, for now.")
                return 0
            if self.session.over:
                return 0

    # ---- queries ------------------------------------------------------------------------------

    def listing(self, title: str, entries: list[tuple[str, str]], empty: str) -> None:
        if not entries:
            self.say(empty)
            return
        self.say(title)
        for number, (object_id, text) in enumerate(entries, 1):
            self.say(f"  {number}. {text}  [{object_id}]")

    def status(self, _: str) -> None:
        session, story, state = self.session, self.story, self.session.state
        if state.ending is not None:
            self.say(f"The case is over: {story.endings[state.ending].title}.")
        elif state.at_hearing:
            self.say("You are at the hearing.")
        elif state.interlocutor:
            self.say(f"You are questioning {story.name_of(state.interlocutor)}.")
        else:
            self.say("You are between visits.")
        self.say(f"Evidence: {len(state.held)} of {len(story.evidence)} found.")
        for character_id in story.index.questioned:
            character = story.characters[character_id]
            current = state.states.get(character_id)
            label = character.states[current].label if current else character.role
            open_now = "can be questioned" if character.available(state) else "not reachable yet"
            self.say(f"  {character.name}" + (f": {label}" if label else "") + f" ({open_now})")
        if session.hearing_available():
            self.say("The hearing is set: type 'hearing' when you are ready.")

    def people(self, _: str) -> None:
        self.listing("You can question:", choices_for(self.session, "talk"),
                     "There is nobody you can question yet.")

    def topics(self, _: str) -> None:
        if self.session.state.interlocutor is None:
            self.say("You are not questioning anyone. Type 'people' to see who you can question.")
            return
        visited = self.session.state.visited
        entries = [(t, title + ("" if t in visited else "  (new)"))
                   for t, title in choices_for(self.session, "ask")]
        self.listing("You can ask about:", entries, "There is nothing more to ask right now.")

    def evidence(self, _: str) -> None:
        self.listing("Evidence you hold:", choices_for(self.session, "present"),
                     "You hold no evidence yet.")

    def places(self, _: str) -> None:
        self.listing("Places you can search:", choices_for(self.session, "search"),
                     "There is nowhere to search yet.")

    def read(self, rest: str) -> None:
        held = choices_for(self.session, "present")
        evidence_id = match_target(rest, held) if rest.strip() else None
        if evidence_id is None:
            self.say("Read what? Type 'evidence' for what you hold.")
            return
        item = self.story.evidence[evidence_id]
        self.say(item.title, bold=True)
        if item.source:
            self.say(f"From: {item.source}")
        self.say(item.document.strip())

    def notebook(self, rest: str) -> None:
        story, session = self.story, self.session
        people = story.index.questioned
        if rest.strip():
            chosen = match_target(rest, [(c, story.characters[c].name) for c in people])
            if chosen is None:
                self.say(f"No one called '{rest.strip()[:60]}' in your notebook.")
                return
            people = [chosen]
        wrote = False
        for character_id in people:
            statements = session.statements_by(character_id)
            if not statements:
                continue
            wrote = True
            character = story.characters[character_id]
            self.say(character.name, bold=True)
            last_state = object()
            for statement in statements:
                if statement.speaker_state != last_state and statement.speaker_state:
                    label = character.states[statement.speaker_state].label
                    self.say(f"  -- {label} --")
                last_state = statement.speaker_state
                self.say(f"  {statement.text}")
        if not wrote:
            self.say("Your notebook is empty.")

    def versions(self, rest: str) -> None:
        """The accounts a character has given, one per state reached (default: the one with the
        most states, whose story is the heart of the case)."""
        story, reached = self.story, self.session.state.reached
        people = [(c, story.characters[c].name) for c in story.index.questioned]
        if rest.strip():
            character_id = match_target(rest, people)
        else:
            character_id = max(story.index.questioned,
                               key=lambda c: len(story.characters[c].states), default=None)
        if character_id is None:
            self.say(f"No one called '{rest.strip()[:60]}' has told you anything.")
            return
        character = story.characters[character_id]
        told = [(s, state) for s, state in character.states.items() if (character_id, s) in reached]
        self.say(f"{character.name}: {len(told)} of {len(character.states)} versions", bold=True)
        for number, (_, state) in enumerate(told, 1):
            self.say(f"  {number}. {state.label}: {state.account}")

    # ---- saves and undo -----------------------------------------------------------------------

    def save(self, rest: str) -> None:
        slot = rest.strip()
        if not slot:
            self.say("Save under what name? For example: save evening")
            return
        try:
            path = self.play.save(slot)
        except SaveError as error:
            self.say(f"Not saved: {error}.")
            return
        self.say(f"Saved as '{slot}' ({path.name}).")

    def load(self, rest: str) -> bool:
        slot = rest.strip()
        if not slot:
            self.say("Load which save? Type 'saves' for the list.")
            return False
        try:
            loaded = self.play.load(slot)
        except SaveError as error:
            shown = slot if len(slot) <= 40 else slot[:37] + "..."
            self.say(f"Cannot load '{shown}': {error}. Nothing has changed.")
            return False
        self.say(f"Loaded '{slot}': {loaded.label}.")
        for line in loaded.report:
            self.say(f"  {line}")
        return True

    def saves(self, _: str) -> None:
        if self.play.folder is None:
            self.say("There is no saves folder.")
            return
        slots = self.play.folder.slots()
        if not slots:
            self.say("No saves yet. Type 'save <name>' to make one.")
            return
        self.say("Saves, newest first:")
        for info in slots:
            if info.problem:
                self.say(f"  {info.slot}: cannot be loaded ({info.problem})")
            else:
                minutes = int(info.play_seconds // 60)
                self.say(f"  {info.slot}: {info.label} ({info.saved_at}, {minutes} min played)")

    def undo(self, _: str) -> None:
        if self.play.undo():
            self.say(f"Undone. {describe_position(self.story, self.session.state)}.")
        else:
            self.say("Nothing to undo: this is the start of the game.")

    def redo(self, _: str) -> None:
        if self.play.redo():
            self.say(f"Redone. {describe_position(self.story, self.session.state)}.")
        else:
            self.say("Nothing to redo.")

    def report(self) -> None:
        report = case_report(self.story, self.session.state)
        self.say()
        self.say("Case report", bold=True)
        self.say(f"  Evidence found: {report.evidence_found} of {report.evidence_total}")
        if report.missed_evidence:
            self.say("  Missed: " + "; ".join(report.missed_evidence))
        for name, reached, of in report.versions:
            self.say(f"  {name}: {reached} of {of} states reached")
        self.say(f"  Topics heard: {report.topics_heard} of {report.topics_total}")

def run_plain(story: Story, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
              folder: SaveFolder | None = None, load_slot: str | None = None) -> int:
    # Whatever bytes arrive, a line is a line: undecodable ones become U+FFFD, never an error.
    for stream in (stdin, stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    terminal = stdout.isatty()
    colour = terminal and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size().columns - 1, 100) if terminal else 0
    game = PlainGame(story, stdout, colour=colour, width=width, folder=folder)
    return game.run(stdin, prompt=stdin.isatty(), load_slot=load_slot)

