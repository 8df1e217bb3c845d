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
from pathlib import Path
from typing import TextIO

from game.engine import events as ev
from game.engine.commands import (
    choices_for,
    match_target,
    not_one,
    resolve,
    unmatched,
    verb_aliases,
)
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.text import visible
from game.persistence.playthrough import Playthrough, StartingPoint
from game.persistence.savefile import SaveError, describe_position
from game.persistence.slots import SaveFolder, case_title, case_titles
from game.presentation import build
from game.presentation import moments as m
from game.presentation.hinting import Hinter
from game.presentation.reloading import reload_case
from game.presentation.views import Choice, Confirmation, Credibility, DeductionView
from game.storyfiles.watching import FileStamps

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
  testimony           what the person in the chair is telling you, statement by statement,
                      numbered, with your marks, and the {meter} you have left
  press <statement>   push them on a statement (its number in the testimony, or its words)
  object <statement> with <evidence>   prove a statement false; a wrong one costs {meter}
  doubt <statement> [note]   mark a statement you have heard as doubtful, with a note of
                      your own: 'doubt 2 the door was shut', or 'doubt <words>: <note>'
  trust <statement>   take the mark off
  board               the deduction board (a case with one): its blanks, numbered
  board <blank>       the answers that can be written in that blank
  fill <blank> with <answer>           write an answer in a blank ('fill 2 with 1')
  places              where you can search           search <place>
  notebook [person]   what each person has said, by version of their story, with your marks
  versions [person]   the versions of a story you have heard
  scenes [number]     the scenes so far, newest first; with a number, read one again
  hint                where to look (again: what is weak; again: the exact step)
  {stage:<19} go to the {stage} (asks first: there is no coming back)
  choose <option>     make a choice at the {stage}, or at the end (asks first if it ends
                      the game); answer 'yes' to go on, anything else to think again
  save <name>         save the game (letters, digits, - and _)
  load <name>         load a save                    saves     list the saves
  undo                take back the last action      redo      do it again
  restart             start the case again (asks first)
  help                this list                      quit      leave the game"""


def help_text(story: Story) -> str:
    """The list of commands, with the case's own word for its final stage."""
    return HELP.format(stage=story.stage, meter=story.case.words.credibility)


class PlainGame:
    def __init__(self, story: Story, out: TextIO, colour: bool = False, width: int = 0,
                 folder: SaveFolder | None = None, watch: FileStamps | None = None) -> None:
        self.story = story
        self.watch = watch  # `--watch`: the case's files, looked at before each command
        self.play = Playthrough(story, folder)
        self.out = out
        self.colour = colour
        self.width = width  # wrap long lines to this many columns; 0 keeps each line whole
        self.commands: dict[str, Callable[[str], None]] = {
            "help": self.help, "?": self.help,
            "status": self.status, "people": self.people, "topics": self.topics,
            "evidence": self.evidence, "inventory": self.evidence, "read": self.read,
            "places": self.places, "notebook": self.notebook, "versions": self.versions,
            "scenes": self.scenes,
            "save": self.save, "load": self.load, "saves": self.saves, "undo": self.undo,
            "redo": self.redo, "hint": self.hint_command, "restart": self.restart,
            "testimony": self.testimony, "statements": self.testimony,
            "board": self.deduction, "b": self.deduction, "deduction": self.deduction,
            "answers": self.deduction,
        }
        self.aliases = verb_aliases(story)  # the words typed for each verb, in this case
        self.order = build.TopicOrder()  # the room's topics keep their numbers
        self.place_order = build.ArrivalOrder()  # and the places theirs
        self.hinter = Hinter()
        self.pending: Confirmation | None = None  # asked; the next line answers it
        self.taught_testimony = False  # how to use a testimony is said in full once

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
        if self.width and len(plain) > self.width:  # line by line: the help is a table
            plain = "\n".join(
                textwrap.fill(line, self.width, break_long_words=False, break_on_hyphens=False,
                              subsequent_indent=line[:len(line) - len(line.lstrip())] + "  ")
                if len(line) > self.width else line
                for line in plain.split("\n"))
        if self.colour and (bold or speaker):
            plain = self.bold(plain) if bold else self.bold(speaker) + plain[len(speaker):]
        self.out.write(plain + "\n")

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text

    def show(self, events: list[ev.GameEvent]) -> None:
        for moment in m.moments(self.session, events):
            self.tell(moment)

    def tell(self, moment: m.Moment) -> None:
        match moment:
            case m.Line(speaker="", text=text):
                self.say(text)
            case m.Line(speaker=name, text=text):
                self.say(text, speaker=name)
            case m.SceneStarts(title=title, kind="event"):
                self.say()
                self.say(f"== {title} ==", bold=True)
            case m.SceneStarts(title=title):
                self.say(f"-- {title} --")
            case m.Found(title=title, number=number):
                self.say(f"[Evidence found: {title}. Type 'read {number}' to read it.]")
            case m.StoryChanged(name=name, broken_by=broken, by_evidence=True):
                self.say(f"*** {name}'s story changes ***", bold=True)
                if broken:
                    self.say("Broken by: " + "; ".join(broken))
            case m.StoryChanged(name=name):
                self.say(f"({name}'s story has changed.)")
            case m.Seated(name=name, mood=mood):
                self.say(f"You sit down across from {name}." + (f" ({mood})" if mood else ""))
                if not self.session.testimony() or self.askable():
                    self.topics("")  # a witness with a testimony only: it is said next
            case m.Left(name=name, forced=True):
                self.say(f"{name} cannot be questioned any more. You leave the room.")
            case m.Left():
                self.say("You get up and leave the room.")
            case m.Notice(text=text, suggestions=suggestions):
                self.say(text + self.hint(suggestions))
            case m.HearingOpens(options=options):
                self.say("What will you do? (choose <number>)", bold=True)
                self.choices(options)
            case m.EndingReached(title=title):
                self.say()
                self.say(f"=== Ending: {title} ===", bold=True)
            case m.LastChoice(prompt=prompt, choices=choices):
                self.say(prompt or "Your last choice:", bold=True)
                self.choices(choices)
            case m.GameOver():
                self.report()

    def choices(self, choices: tuple[Choice, ...]) -> None:
        for choice in choices:
            self.say(f"  {choice.number}. {choice.label}")

    def announce_new_places(self, before: set[str]) -> None:
        """After an action, say which places it has opened to search, numbered as `places`."""
        fresh = [f"{place.number}. {place.label}"
                 for place in build.board(self.session, self.place_order).places
                 if place.action is not None and place.action.target not in before]
        if fresh:
            self.say(f"(New place to search: {'; '.join(fresh)})")

    def announce_new_topics(self, before: set[str]) -> None:
        """After a question or a presented item, say what has just opened up to ask."""
        room = build.room(self.session, self.order)
        if room is None or not before:
            return
        fresh = [f"{c.number}. {c.label}" for c in room.topics
                 if c.action is not None and c.action.target not in before]
        if fresh:
            self.say(f"(New to ask: {'; '.join(fresh)})")

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

    def content_note(self, read_line: Callable[[], str], asking: bool) -> bool:
        """The case's content note, before a new game: on a terminal the player answers
        whether to go on; a script cannot, so it is only shown. False: the player went back."""
        note = self.story.case.content_note
        if not note:
            return True
        self.say(f"Content note: {note}", bold=True)
        if not asking:
            self.say()
            return True
        while True:
            self.say("Go on? (yes/no)")
            typed = read_line()
            answer = typed.strip().lower()
            if answer in ("y", "yes"):
                self.say()
                return True
            # Only an answer, or the end of input, closes the case: Enter alone asks again.
            if not typed or answer in ("n", "no", "quit", "back"):
                return False

    def reload(self) -> None:
        """The case's files changed: go on in the case as they now are, or say why not."""
        assert self.watch is not None
        outcome = reload_case(self.play, self.watch.case_dir)
        for line in outcome.lines:
            self.say(line, bold=line is outcome.lines[0])
        for problem in outcome.problems:
            self.say(f"  {problem}")
        if outcome.story is not None:
            self.story = outcome.story
            self.aliases = verb_aliases(outcome.story)
            self.order = build.TopicOrder()  # topics may have come and gone
            self.place_order = build.ArrivalOrder()
            self.hinter = Hinter()

    def play_from(self, start: StartingPoint) -> None:
        """`--from`: the title, then the game where a walkthrough leads."""
        self.say(self.story.case.title, bold=True)
        self.play.start_at(start)
        self.say(f"Playing on from {start.origin}; undo starts from here. Type 'help' for the "
                 "commands.")
        self.status("")

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
        if self.pending is not None:
            self.answer(line)
            return True
        if self.watch is not None and self.watch.changed():
            self.reload()
        word, _, rest = line.partition(" ")
        word = word.lower()
        if word in ("quit", "exit", "q"):
            return False
        if word in self.commands:
            self.commands[word](rest)
            return True
        resolved = resolve(self.session, word, self.numbered(word, rest))
        if resolved.action is not None:
            confirmation = self.confirmation(resolved.action)
            if confirmation is not None:
                self.pending = confirmation
                self.say(f"{confirmation.question} (yes/no)", bold=True)
            else:
                self.perform(resolved.action)
        elif word in self.aliases:
            self.say(resolved.error + self.hint(resolved.suggestions))
        else:
            shown = word if len(word) <= 30 else word[:27] + "..."
            known = self.command_words()
            close = tuple(difflib.get_close_matches(word, known, n=3, cutoff=0.5))
            self.say(f"Unknown command '{shown}'. Type 'help' for the list." + self.hint(close))
        return True

    def command_words(self) -> list[str]:
        """The words `help` lists, which a typo is matched against: not the short or second
        names each command also answers to ("b", "bye", "answers")."""
        main = {handler: word for word, handler in reversed(self.commands.items())}
        verbs = [word for word, verb in self.aliases.items()
                 if word == verb or (verb == "hearing" and word == self.story.stage)]
        return [*main.values(), *verbs, "quit"]

    def numbered(self, word: str, rest: str) -> str:
        """`ask 3` means the third topic as the room lists it, `search 2` the second place as
        `places` lists it (their numbers do not move)."""
        target = rest.strip()
        verb = self.aliases.get(word)
        if verb not in ("ask", "search") or not (target.isascii() and target.isdigit()):
            return rest
        if verb == "search":
            shown = build.board(self.session, self.place_order).places
            place = next((p for p in shown if str(p.number) == target.lstrip("0")), None)
            return place.action.target if place is not None and place.action else rest
        room = build.room(self.session, self.order)
        for choice in room.topics if room else ():
            if str(choice.number) == target.lstrip("0") or (target == "0" == str(choice.number)):
                if choice.action is None:
                    return choice.label  # the engine says why it cannot be asked now
                return choice.action.target
        return rest

    def confirmation(self, action: Action) -> Confirmation | None:
        if action.verb == "hearing" and self.session.hearing_available():
            return build.confirm_hearing(self.session)
        if action.verb == "choose" and action.target in self.choosable():
            return build.confirm_choice(self.session, action.target)
        return None

    def choosable(self) -> set[str]:
        return {c for c, _ in choices_for(self.session, "choose")}

    def answer(self, line: str) -> None:
        confirmation, self.pending = self.pending, None
        assert confirmation is not None
        if line.strip().lower() not in ("y", "yes"):
            self.say("Not yet, then.")
        elif confirmation.action.verb == "restart":
            self.play = Playthrough(self.story, self.play.folder)
            self.order, self.hinter = build.TopicOrder(), Hinter()
            self.place_order = build.ArrivalOrder()
            self.say()
            if self.story.case.content_note:  # before each new game, as the interface does
                self.say(f"Content note: {self.story.case.content_note}", bold=True)
                self.say()
            self.show(self.play.begin())
        else:
            self.perform(confirmation.action)

    def perform(self, action: Action) -> None:
        chair_before = self.session.state.interlocutor
        topics_before = set(self.session.available_topics())
        places_before = set(self.session.available_places())
        testimony_before = self.session.testimony()
        events = self.play.perform(action)
        done = not any(isinstance(e, ev.Refused) for e in events)
        if done and action.verb == "fill":
            self.wrote(action)
        self.show(events)
        if done and action.verb in ("doubt", "trust"):
            self.flagged(action)
        if self.play.autosave_problem:
            self.say(f"(Autosave failed: {self.play.autosave_problem}.)")
        chair = self.session.state.interlocutor
        if chair == chair_before:
            self.announce_new_topics(topics_before)
        self.announce_new_places(places_before)
        if chair is not None and self.session.testimony() != testimony_before:
            self.announce_testimony(changed=chair == chair_before)

    def askable(self) -> bool:
        room = build.room(self.session, self.order)
        return room is not None and any(c.action is not None for c in room.topics)

    def announce_testimony(self, changed: bool) -> None:
        """Once the person in the chair has told their testimony (sitting down, or a new
        version), say how many statements it has and, the first time, how to use it."""
        count = len(self.session.testimony())
        if not count:
            return
        name = self.story.name_of(self.session.state.interlocutor)
        statements = f"{count} statement{'s' if count != 1 else ''}"
        told = f"{name}'s testimony now has {statements}" if changed \
            else f"{name}'s testimony has {statements}"
        if self.taught_testimony:
            self.say(f"({told}: 'testimony' lists them.)")
            return
        self.taught_testimony = True
        self.say(f"({told}: 'testimony' lists them; 'press <number>', "
                 "'object <number> with <evidence>'.)")

    def wrote(self, action: Action) -> None:
        """What a filled blank says before the board's verdict (a group not yet full has none)."""
        for group in build.deduction(self.session).groups:
            for blank in group.blanks:
                if blank.number != self.blank_number(action.target):
                    continue
                empty = sum(not b.written for b in group.blanks)
                still = f" {group.title}: {empty} blank{'s' if empty != 1 else ''} still " \
                    "empty." if empty else ""
                self.say(f"You write \u201c{blank.written}\u201d in blank {blank.number} "
                         f"({blank.question}).{still}")

    def blank_number(self, key: str) -> int:
        keys = [k for k, _ in choices_for(self.session, "fill")]
        return keys.index(key) + 1 if key in keys else 0

    def flagged(self, action: Action) -> None:
        text = self.story.statements[action.target].text
        if action.verb == "trust":
            self.say(f"No longer marked doubtful: {text}")
            return
        note = self.session.state.doubts.get(action.target, "")
        self.say(f"Marked doubtful: {text}" + (f" Your note: {note}" if note else ""))

    def restart(self, _: str) -> None:
        question = build.restart_question(self.play.folder is not None)
        self.pending = Confirmation(question, "Start again", Action("restart"))
        self.say(f"{question} (yes/no)", bold=True)

    def hint_command(self, _: str) -> None:
        shown = self.hinter.hint(self.session)
        self.play.count(f"hints_{shown.tier}")
        self.say(shown.text + ("" if shown.exact else "  (hint again: say more)"))

    def run(self, lines: TextIO, prompt: bool, load_slot: str | None = None,
            start: StartingPoint | None = None) -> int:
        read_line = self.line_reader(lines, prompt)
        if start is not None:
            self.play_from(start)
        elif load_slot is None:
            if not self.content_note(read_line, prompt):
                self.say("You leave the case closed.")
                return 0
            self.begin()
        elif not self.load_at_start(load_slot):
            return 1
        while True:
            raw = read_line()
            if not raw:
                self.say()
                return 0
            if not self.handle(raw.rstrip("\r\n")):
                self.say("You close the file on the case, for now.")
                return 0

    def line_reader(self, lines: TextIO, prompt: bool) -> Callable[[], str]:
        """On a terminal, `input()` with readline: editing, history, Tab completion of commands
        and of the names the player can use now. Elsewhere, plain lines."""
        if not prompt or lines is not sys.stdin:
            def plain_line() -> str:
                if prompt:
                    self.out.write("> ")
                    self.out.flush()
                return lines.readline()
            return plain_line
        try:
            import readline
        except ImportError:  # no readline on this platform: plain input still edits a line
            readline = None
        if readline is not None:
            readline.set_completer_delims("")  # complete the whole line: names have spaces
            readline.set_completer(self.complete)
            readline.parse_and_bind("tab: complete")

        def typed_line() -> str:
            try:
                return input("> ") + "\n"
            except EOFError:
                return ""
        return typed_line

    def complete(self, text: str, index: int) -> str | None:
        matches = completions(self, text)
        return matches[index] if index < len(matches) else None

    # ---- queries ------------------------------------------------------------------------------

    def listing(self, title: str, entries: list[tuple[str, str]], empty: str) -> None:
        if not entries:
            self.say(empty)
            return
        self.say(title)
        for number, (_, text) in enumerate(entries, 1):
            self.say(f"  {number}. {text}")

    def help(self, _: str) -> None:
        self.say(help_text(self.story))

    def status(self, _: str) -> None:
        session, story, state = self.session, self.story, self.session.state
        if state.ending is not None:
            self.say(f"The case is over: {story.endings[state.ending].title}.")
        elif state.at_hearing:
            self.say(f"You are at the {story.stage}.")
        elif state.interlocutor:
            self.say(f"You are questioning {story.name_of(state.interlocutor)}.")
        else:
            self.say("You are between visits.")
        board = build.board(session)
        self.say(f"Evidence: {board.evidence_found} of {board.evidence_total} found.")
        over = state.at_hearing or state.ending is not None
        for person in board.everyone:
            label = person.version or person.role  # a story's label once it has been told
            open_now = "" if over else (" (can be questioned)" if person.talk is not None
                                        else " (not reachable yet)")
            self.say(f"  {person.name}" + (f": {label}" if label else "") + open_now)
        if story.statements:
            self.credibility(build.credibility(session))
        if story.board:
            shown = build.deduction(session)
            self.say(f"Deduction board: {shown.confirmed} of {len(shown.groups)} confirmed "
                     "(type 'board')." if shown.groups else "Deduction board: nothing on it yet.")
        if board.hearing_open:
            self.say(f"The {story.stage} is set: type '{story.stage}' when you are ready.")

    def people(self, _: str) -> None:
        self.listing("You can question:", choices_for(self.session, "talk"),
                     "There is nobody you can question yet.")

    def topics(self, _: str) -> None:
        if self.session.state.interlocutor is None:
            self.say("You are not questioning anyone. Type 'people' to see who you can question.")
            return
        room = build.room(self.session, self.order)
        topics = room.topics if room else ()
        if not any(c.action is not None for c in topics):
            self.say("There is nothing more to ask right now.")
            return
        self.say("You can ask about:")
        for choice in topics:
            aside = "  (new)" if choice.new else (f"  ({choice.note})" if choice.note else "")
            self.say(f"  {choice.number}. {choice.label}{aside}")

    def testimony(self, _: str) -> None:
        session = self.session
        if not self.story.statements:
            self.say("This case has no testimony to press or object to: 'ask' about topics.")
            return
        room = build.room(session, self.order)
        if room is None:
            self.say("You are not questioning anyone. Type 'people' to see who you can question; "
                     "'notebook' keeps what has been said.")
            return
        if not room.testimony:
            self.say(f"{room.name} is not telling you anything to press or object to now.")
        else:
            version = f" ({room.version})" if room.version else ""
            self.say(f"{room.name}'s testimony{version}:")
            for statement in room.testimony:
                marks = []
                if statement.pressed:
                    marks.append("pressed")
                if statement.doubted:
                    marks.append("doubted" + (f": {statement.note}" if statement.note else ""))
                if statement.proved_false_with:
                    marks.append(f"proved false with {statement.proved_false_with}")
                aside = f"  ({'; '.join(marks)})" if marks else ""
                self.say(f"  {statement.number}. {statement.text}{aside}")
        self.credibility(room.credibility)

    def credibility(self, meter: Credibility | None) -> None:
        if meter is None:
            return
        out = ": no one will hear another objection from you" if meter.left <= 0 else ""
        self.say(f"{meter.name.capitalize()}: {meter.left} of {meter.most}{out}.")

    def deduction(self, rest: str) -> None:
        """The deduction board, or (`board 3`) the answers that can be written in blank 3."""
        if not self.story.board:
            self.say("This case has no deduction board.")
            return
        shown = build.deduction(self.session)
        if rest.strip():
            self.answers(shown, rest)
            return
        if not shown.groups:
            self.say("Nothing is on the deduction board yet: what you learn will put questions "
                     "on it.")
            return
        self.say(f"Deduction board: {shown.confirmed} of {len(shown.groups)} "
                 f"group{'s' if len(shown.groups) != 1 else ''} confirmed.", bold=True)
        for group in shown.groups:
            tries = f"; {group.tries} wrong tr{'y' if group.tries == 1 else 'ies'}" \
                if group.tries else ""
            state = "confirmed" if group.confirmed else f"not confirmed yet{tries}"
            self.say(f"{group.title} ({state}):")
            for blank in group.blanks:
                self.say(f"  {blank.number}. {blank.question} {blank.written or '(empty)'}")
            for line in group.lines:
                self.say(f"  {line}")
        if shown.confirmed < len(shown.groups):
            self.say("'board <number>' lists the answers for a blank; 'fill <number> with "
                     "<answer>' writes one.")

    def answers(self, shown: DeductionView, rest: str) -> None:
        blanks = [b for g in shown.groups for b in g.blanks]
        choices = choices_for(self.session, "fill")
        key = match_target(rest, choices)
        number = self.blank_number(key) if key else 0
        blank = next((b for b in blanks if b.number == number), None)
        if blank is None:
            numbered = (f"they are numbered 1 to {len(blanks)}" if blanks else
                        "nothing is on it yet")
            self.say(not_one(rest, choices, f"No blank '{rest.strip()[:60]}' on the board: "
                                            f"{numbered}."))
            return
        group = next(g for g in shown.groups if blank in g.blanks)
        written = f" Written: {blank.written}." if blank.written else " Empty."
        self.say(f"Blank {blank.number}, in {group.title}: {blank.question}{written}")
        if group.confirmed:
            self.say(f"{group.title} is confirmed.")
        elif not blank.answers:
            self.say("Nothing you know yet can be written there.")
        else:
            self.say("You can write:")
            for answer in blank.answers:
                self.say(f"  {answer.number}. {answer.label}")
            self.say(f"Type 'fill {blank.number} with <answer>' (its words or its number).")

    def evidence(self, _: str) -> None:
        self.listing("Evidence you hold:", choices_for(self.session, "present"),
                     "You hold no evidence yet.")

    def places(self, _: str) -> None:
        shown = build.board(self.session, self.place_order).places
        self.listing("Places you can search:",
                     [("", place.label + ("  (new)" if place.new else
                                          f"  ({place.note})" if place.note else ""))
                      for place in shown],
                     "There is nowhere to search yet.")

    def scenes(self, rest: str) -> None:
        """The scenes played so far (the prologue, events, searches), newest first and numbered
        as the interface's board lists them; `scenes 2` reads the second again."""
        played = list(reversed(build.past_scenes(self.session)))
        wanted = rest.strip()
        if not wanted:
            if not played:
                self.say("No scene yet.")
                return
            self.say("The case so far (newest first):", bold=True)
            for number, scene in enumerate(played, 1):
                self.say(f"  {number}. {scene.title}")
            self.say("Type 'scenes <number>' to read one again.")
            return
        if not (wanted.isascii() and wanted.isdigit() and 1 <= int(wanted[:9]) <= len(played)):
            self.say(f"No scene '{wanted[:20]}': they are numbered 1 to {len(played)}."
                     if played else "No scene yet.")
            return
        scene = played[int(wanted) - 1]
        self.say(f"-- {scene.title} (read again) --", bold=True)
        for said in scene.said:
            self.say(said.text, speaker=said.speaker)
        for title in scene.found:
            self.say(f"Found: {title}")

    def read(self, rest: str) -> None:
        held = choices_for(self.session, "present")
        evidence_id = match_target(rest, held) if rest.strip() else None
        if evidence_id is None and rest.strip():
            missing = f"You hold no '{rest.strip()[:60]}': type 'evidence' for what you hold."
            told = unmatched(rest, held, missing)
            self.say(told.error + self.hint(told.suggestions))
            return
        if evidence_id is None:
            self.say("Read what? Type 'evidence' for what you hold.")
            return
        shown = build.held_document(self.session, evidence_id)
        self.say(shown.title, bold=True)
        if shown.source:
            self.say(f"From: {shown.source}")
        if shown.shown_to:
            self.say(f"Shown to: {', '.join(shown.shown_to)}")
        if shown.summary:
            self.say(shown.summary)
        self.say()
        for number, paragraph in enumerate(shown.paragraphs):
            if number:
                self.say()
            for line in paragraph.splitlines():
                self.say(line)

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
            page = build.notebook(session, character_id)
            if not page.sections:
                continue
            wrote = True
            self.say(page.name, bold=True)
            for section in page.sections:
                if section.version:
                    self.say(f"  -- {section.version} --")
                for note in section.lines:
                    self.say(f"  {note.text}")
                    if note.contradicted_by:
                        self.say("    x contradicted by: " + "; ".join(note.contradicted_by))
                    if note.doubted:
                        self.say("    ? doubted" + (f": {note.note}" if note.note else ""))
        if not wrote:
            self.say("Your notebook is empty.")

    def versions(self, rest: str) -> None:
        """The accounts a character has given, one per state reached (default: the one with the
        most states, whose story is the heart of the case)."""
        story = self.story
        tellers = build.storytellers(self.session)
        people = [(c, story.characters[c].name) for c in tellers]
        if not people:
            self.say("Nobody has told you their story yet.")
            return
        if rest.strip():
            character_id = match_target(rest, people)
        else:
            chair = self.session.state.interlocutor
            character_id = chair if chair in tellers else max(
                tellers, key=lambda c: len(story.characters[c].states))
        if character_id is None:
            self.say(f"No one called '{rest.strip()[:60]}' has told you their story.")
            return
        shown = build.versions(self.session, character_id)
        self.say(f"{shown.name}: the versions you have heard", bold=True)
        for version in shown.versions:
            now = " (now)" if version.current else ""
            self.say(f"  {version.number}. {version.label}{now}: {version.account}")
            if version.broken_by:
                self.say("     Broken by: " + "; ".join(version.broken_by))

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
            names = [info.slot for info in self.play.folder.slots()] if self.play.folder else []
            close = tuple(difflib.get_close_matches(slot[:80], names, n=3, cutoff=0.6))
            self.say(f"Cannot load '{shown}': {error}. Nothing has changed."
                     + ("" if slot in names else self.hint(close)))
            return False
        self.say(f"Loaded '{slot}': {loaded.label}.")
        for line in loaded.report:
            self.say(f"  {line}")
        if self.play.history.can_undo:
            self.say("(undo: back to the game you were playing before this load)")
        else:
            self.say("Undo starts from here: what was played before this save cannot be undone.")
        return True

    def saves(self, _: str) -> None:
        if self.play.folder is None:
            self.say("There is no saves folder.")
            return
        slots = self.play.folder.slots()
        if not slots:
            self.say("No saves yet. Type 'save <name>' to make one.")
            return
        titles = case_titles(self.story)
        self.say("Saves, newest first:")
        for info in slots:
            case = ""  # said of the saves of other cases, which this one cannot load
            if info.case and info.case != self.story.case.id:
                case = f" (another case: {case_title(info.case, titles)})"
            if info.problem:
                self.say(f"  {info.name}{case}: cannot be loaded ({info.problem})")
            else:
                minutes = int(info.play_seconds // 60)
                self.say(f"  {info.name}{case}: {info.label} ({info.saved_at}, "
                         f"{minutes} min played)")

    def undo(self, _: str) -> None:
        if self.play.undo():
            self.say(f"{build.moved_said(self.play.moved)} "
                     f"{describe_position(self.story, self.session.state)}.")
        else:
            self.say(build.nothing_to_undo(self.play.loaded_from))

    def redo(self, _: str) -> None:
        if self.play.redo():
            self.say(f"{build.moved_said(self.play.moved)} "
                     f"{describe_position(self.story, self.session.state)}.")
        else:
            self.say("Nothing to redo.")

    def report(self) -> None:
        report = build.report(self.session, self.play.record)
        self.say()
        self.say("Case report", bold=True)
        self.say(f"  Evidence found: {report.evidence_found} of {report.evidence_total}")
        if report.missed_evidence:
            self.say("  Missed: " + "; ".join(report.missed_evidence))
        for name, reached, of in report.versions:
            self.say(f"  {name}: {reached} of {of} versions heard")
        self.say(f"  Topics heard: {report.topics_heard} of {report.topics_total}")
        for line in report.conduct:
            self.say(f"  {line}")
        if report.grade:
            self.say(f"  Grade: {report.grade}", bold=True)
            for line in report.points_lost:
                self.say(f"    {line}")
        if report.missed_people:
            self.say(f"  There was more to hear from: {', '.join(report.missed_people)}")
        self.say()
        self.say(f"This case has {len(self.story.endings)} endings. Type 'restart' to play it "
                 "again, 'undo' to take back your last choice, or 'quit'.")

def completions(game: PlainGame, text: str) -> list[str]:
    """What Tab offers for the line typed so far: a command, then a name it can take now."""
    word, space, rest = text.partition(" ")
    if not space:
        known = sorted({*game.commands, *game.aliases, "quit"})
        return [f"{w} " for w in known if w.startswith(word.lower())]
    verb = game.aliases.get(word.lower())
    names: list[str] = []
    if verb in ("object", "fill") and (pair := _second_half(game, verb, rest)) is not None:
        return [f"{word} {typed}" for typed in pair]
    if verb == "ask":
        room = build.room(game.session, game.order)
        names = [c.label for c in room.topics if c.action is not None] if room else []
    elif verb == "fill" or word.lower() in ("board", "b", "deduction", "answers"):
        confirmed = game.session.state.confirmed
        names = [question for key, question in choices_for(game.session, "fill")
                 if key.partition(".")[0] not in confirmed]
    elif verb is not None:
        names = [name for _, name in choices_for(game.session, verb)]
    elif word.lower() in ("read", "notebook", "versions"):
        verb = "present" if word.lower() == "read" else "talk"
        names = [name for _, name in choices_for(game.session, verb)]
        if word.lower() != "read":
            names = [game.story.characters[c].name for c in game.story.index.questioned]
    typed = rest.lower()
    return [f"{word} {name}" for name in names if name.lower().startswith(typed)]


def _second_half(game: PlainGame, verb: str, rest: str) -> list[str] | None:
    """After `object <statement> with `, the evidence held; after `fill <blank> with `, the
    answers that blank takes. None while the first half is still being typed."""
    first, found, second = rest.partition(" with ")
    if not found:
        return None
    target = match_target(first, choices_for(game.session, verb))
    if target is None:
        return []
    if verb == "object":
        names = [name for _, name in choices_for(game.session, "present")]
    else:
        group_id, _, blank_id = target.partition(".")
        kind = game.story.board[group_id].blanks[blank_id].kind
        names = [game.story.answers[a].text for a in game.session.available_answers(kind)]
    return [f"{first}{found}{name}" for name in names if name.lower().startswith(second.lower())]


def run_plain(story: Story, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
              folder: SaveFolder | None = None, load_slot: str | None = None,
              start: StartingPoint | None = None, watch: Path | None = None) -> int:
    # Whatever bytes arrive, a line is a line: undecodable ones become U+FFFD, never an error.
    for stream in (stdin, stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    terminal = stdout.isatty()
    colour = terminal and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size().columns - 1, 100) if terminal else 0
    game = PlainGame(story, stdout, colour=colour, width=width, folder=folder,
                     watch=FileStamps(watch) if watch is not None else None)
    return game.run(stdin, prompt=stdin.isatty(), load_slot=load_slot, start=start)

