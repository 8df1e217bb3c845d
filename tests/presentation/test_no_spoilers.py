"""Nothing the player has not earned: at every step of every walkthrough, no view shows a
version's label or mood before the player has heard that version, counts versions to come, or
marks a line as proved false before the player has shown that person what proves it; a
statement of a testimony is marked "proved false with" a document only once the player has
objected to that very statement with it, and the document is one that proves it false."""

import tomllib

import pytest

from game.engine.commands import resolve
from game.engine.session import Session
from game.presentation import build
from game.storyfiles.walkthroughs import walkthrough_files
from tests.conftest import BUNDLED, MINI


def heard(session: Session) -> set[tuple[str, str]]:
    """(character, state) of every version the player has heard told face to face: in an
    answer, a reaction, or a statement of their testimony (or what they add to one when pressed
    or objected to, node `<statement>:<part>`)."""
    story = session.story
    return {(line.speaker, line.speaker_state) for line in session.state.transcript
            if line.speaker and line.speaker_state
            and (line.node in story.topics or line.node in story.reactions
                 or ":default_reaction:" in line.node
                 or line.node.partition(":")[0] in story.statements)}


def shown_labels(session: Session) -> list[tuple[str, str, str]]:
    """(where, name, label or mood) of each label and mood any view shows now."""
    story = session.story
    found = []
    for person in build.board(session).everyone:
        found += [("board", person.name, x) for x in (person.version, person.mood) if x]
    room = build.room(session, build.TopicOrder())
    if room is not None:
        found += [("room", room.name, x) for x in (room.version, room.mood) if x]
    for character_id in build.storytellers(session):
        view = build.versions(session, character_id)
        found += [("versions", view.name, v.label) for v in view.versions]
    for character_id in story.index.questioned:
        page = build.notebook(session, character_id)
        found += [("notebook", page.name, s.version) for s in page.sections if s.version]
    return found


def assert_nothing_unearned(session: Session, where: str,
                            objected: set[tuple[str, str]]) -> None:
    """`objected`: (statement, evidence) of each objection the player has made with evidence
    that, by the story, proves that statement false."""
    story = session.story
    by_title = {item.title: e for e, item in story.evidence.items()}
    earned = set()
    for character_id, state_id in heard(session):
        character = story.characters[character_id]
        told = character.states[state_id]
        earned |= {(character.name, told.label), (character.name, told.mood)}
    for place, name, text in shown_labels(session):
        assert (name, text) in earned, f"{where}: the {place} shows {name}: {text!r} unearned"
    for character_id in story.index.questioned:
        notes = [line for section in build.notebook(session, character_id).sections
                 for line in section.lines]
        said = session.lines_by(character_id)
        assert len(notes) == len(said), f"{where}: the notebook of {character_id} lost lines"
        for spoken, line in zip(said, notes, strict=True):
            assert line.text == spoken.text
            for title in line.contradicted_by:
                evidence = by_title[title]
                if spoken.node in story.statements:
                    assert (spoken.node, evidence) in objected, (
                        f"{where}: the notebook marks {character_id}'s statement "
                        f"{spoken.node} proved false with {title}, an objection the player "
                        "never made")
                else:
                    assert (evidence, character_id) in session.state.presented, (
                        f"{where}: a line of {character_id} is marked proved by {title}, "
                        "which the player never showed them")
    room = build.room(session, build.TopicOrder())
    for statement in room.testimony if room is not None else ():
        if statement.proved_false_with:
            made = (statement.press.target, by_title[statement.proved_false_with])
            assert made in objected, (
                f"{where}: {room.name}'s statement {statement.number} ({statement.text!r}) "
                f"shows 'proved false with {statement.proved_false_with}' before the player "
                "objected to it with that")


WALKS = [(case, path) for case in (BUNDLED, MINI) for path in walkthrough_files(case)]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("case", "path"), WALKS, ids=lambda x: getattr(x, "stem", ""))
def test_no_view_shows_what_the_player_has_not_earned(case, path, bundled_story, mini_story):
    story = bundled_story if case == BUNDLED else mini_story
    session = Session(story)
    session.begin()
    objected: set[tuple[str, str]] = set()
    assert_nothing_unearned(session, "at the start", objected)
    for raw in tomllib.loads(path.read_text("utf-8"))["steps"]:
        step = {"do": raw} if isinstance(raw, str) else raw
        word, _, rest = step["do"].partition(" ")
        action = resolve(session, word, rest).action
        if action is None:
            continue
        session.perform(action)
        statement = story.statements.get(action.target) if action.verb == "object" else None
        if (statement is not None and statement.contradiction is not None
                and action.using in statement.contradiction.evidence
                and action.using in session.state.held):
            objected.add((action.target, action.using))
        assert_nothing_unearned(session, f"after {step['do']!r}", objected)
