"""The whole case played through the Textual UI, keyboard only, to each ending."""

import tomllib

import pytest
from textual.widgets import Static

from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.persistence.slots import SaveFolder
from game.storyfiles.walkthroughs import walkthrough_files
from game.tui.app import make_app
from game.tui.screens.ending import EndingScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import BUNDLED
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.waiting import until

WALKTHROUGHS = {path.stem: path for path in walkthrough_files(BUNDLED)}
# A walk that goes, step for step, where the walks keyed from the start have gone already, is
# keyed from where it leaves them: `perfect_mother` shares every one of its first 16 steps with
# `justice` and `blind_faith` (the same actions, a press among them; the test checks it), so
# those are played by the engine and loaded as a save, as `detective play --load` does, and the
# keys play the rest: Bash shown the camera, Anya's second and third testimonies objected to,
# Julie, Vincent told the truth, Anya's last version, the whole deduction board, the hearing,
# the defence and Helene's last choice. That saves keys that prove nothing the others do not.
KEYED_FROM = {"perfect_mother": 16}
KEYED_WHOLE = sorted(set(WALKTHROUGHS) - set(KEYED_FROM))


def played_by_engine(story, path, steps: int | None = None) -> tuple[Playthrough, list[Action]]:
    """The walkthrough's first `steps` steps (all by default) played by the engine."""
    game = Playthrough(story)
    game.begin()
    actions = []
    for raw in tomllib.loads(path.read_text("utf-8"))["steps"][:steps]:
        step = {"do": raw} if isinstance(raw, str) else raw
        if step.get("refused"):
            continue  # as the keyboard player skips it: the UI offers no way to do it
        word, _, rest = step["do"].partition(" ")
        action = resolve(game.session, word, rest).action
        assert action is not None, step["do"]
        assert not any(isinstance(e, ev.Refused) for e in game.perform(action)), step["do"]
        actions.append(action)
    return game, actions


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(WALKTHROUGHS))
async def test_keyboard_playthrough_reaches_its_ending(bundled_story, tmp_path, name):
    first = KEYED_FROM.get(name, 0)
    load_slot = None
    if first:
        prefix, actions = played_by_engine(bundled_story, WALKTHROUGHS[name], first)
        keyed = {a for other in KEYED_WHOLE
                 for a in played_by_engine(bundled_story, WALKTHROUGHS[other])[1]}
        assert set(actions) <= keyed, f"not keyed anywhere: {set(actions) - keyed}"
        prefix.folder = SaveFolder.open(tmp_path)
        prefix.save(load_slot := "before")
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path if first else None,
                   load_slot=load_slot)
    async with app.run_test(size=(80, 24)) as pilot:
        # One walk moves with the arrow keys throughout; the others pick by number.
        player = KeyboardPlayer(app, pilot, arrows_only=(name == "blind_faith"))
        if first:
            await until(pilot, lambda: not isinstance(app.screen, TitleScreen), "the load")
            assert app.session.state == prefix.session.state
            await player.skip_scenes()
        else:
            await player.start()
        walk = await player.play_walkthrough(WALKTHROUGHS[name], first)
        state = app.session.state
        assert state.ending == walk["ending"]
        assert state.final_choice == walk.get("final_choice")
        assert app.session.over
        screen = app.screen
        assert isinstance(screen, EndingScreen)
        ending_title = bundled_story.endings[walk["ending"]].title
        assert ending_title in str(screen.query_one("#ending-bar", Static).render())
        report = str(screen.query_one("#report", Static).render())
        assert f"Evidence found: {len(state.held)} of {len(bundled_story.evidence)}" in report
        # The ending offers another game, and r starts one.
        await player.press("r")
        await player.past_the_note()
        assert app.session.state.turn == 0 and app.session.state.ending is None
