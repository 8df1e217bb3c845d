from game.engine import events as ev
from game.engine.session import Action, Session


def new_session(story):
    session = Session(story)
    session.begin()
    return session


def confessed(story):
    """Tom has been shown the crumbs and told the truth."""
    session = new_session(story)
    session.search("bedroom")
    session.talk("tom")
    session.present("crumbs")
    return session


def kinds(events):
    return [type(e).__name__ for e in events]


def test_begin_plays_the_intro_once(mini_story):
    session = Session(mini_story)
    first = session.begin()
    assert [e.text for e in first if isinstance(e, ev.LineSpoken)] == [
        "Someone ate the cake.", "I will find out who."]
    assert isinstance(session.begin()[0], ev.Refused)


def test_questions_need_someone_in_the_chair(mini_story):
    session = new_session(mini_story)
    refused = session.ask("tom_afternoon")
    assert isinstance(refused[0], ev.Refused)
    assert session.state.turn == 0


def test_unavailable_character_is_refused_without_change(mini_story):
    session = new_session(mini_story)
    before = session.state.copy()
    result = session.talk("ann")
    assert isinstance(result[0], ev.Refused) and "yet" in result[0].reason
    assert session.state == before


def test_topic_effects_unlock_a_character(mini_story):
    session = new_session(mini_story)
    session.talk("tom")
    assert session.available_topics() == ["tom_afternoon"]
    session.ask("tom_afternoon")
    assert "met_tom" in session.state.flags
    assert "ann" in session.available_characters()


def test_presenting_the_right_evidence_changes_the_story(mini_story):
    session = new_session(mini_story)
    session.search("bedroom")
    assert "crumbs" in session.state.held
    session.talk("tom")
    result = session.present("crumbs")
    # The reaction is chosen while Tom still lies, then the transition runs.
    assert [e.text for e in result if isinstance(e, ev.LineSpoken)] == [
        "Those could be anyone's."]
    changed = [e for e in result if isinstance(e, ev.StoryChanged)]
    assert changed == [ev.StoryChanged("tom", "lying", "honest", "Honest")]
    assert session.available_topics() == ["tom_confess"]


def test_once_topic_disappears_after_it_is_heard(mini_story):
    session = confessed(mini_story)
    session.ask("tom_confess")
    assert "tom_confess" not in session.available_topics()
    assert isinstance(session.ask("tom_confess")[0], ev.Refused)


def test_default_reaction_for_evidence_without_a_specific_one(mini_story):
    session = confessed(mini_story)
    again = session.present("crumbs")
    assert [e.text for e in again if isinstance(e, ev.LineSpoken)] == ["So?"]


def test_cannot_present_what_is_not_held(mini_story):
    session = new_session(mini_story)
    session.talk("tom")
    assert isinstance(session.present("plate")[0], ev.Refused)
    assert ("plate", "tom") not in session.state.presented


def test_events_fire_once_when_their_condition_holds(mini_story):
    session = new_session(mini_story)
    session.talk("tom")
    session.ask("tom_afternoon")
    session.talk("ann")
    result = session.ask("ann_saw")
    assert kinds(result).count("EventFired") == 1
    assert {"note", "plate"} <= set(session.state.held)
    again = session.ask("ann_saw")
    assert "EventFired" not in kinds(again)


def test_searching_twice_finds_nothing_new(mini_story):
    session = new_session(mini_story)
    session.search("bedroom")
    second = session.search("bedroom")
    assert kinds(second) == ["NothingFound"]


def test_hearing_then_ending_then_final_choice(mini_story):
    session = new_session(mini_story)
    assert not session.hearing_available()
    assert isinstance(session.go_to_hearing()[0], ev.Refused)
    session.search("bedroom")
    opened = session.go_to_hearing()
    assert opened[-1] == ev.HearingOpened((("shrug", "Let it go."),))
    assert isinstance(session.talk("tom")[0], ev.Refused)
    assert isinstance(session.choose("accuse")[0], ev.Refused)  # not available: no confession
    result = session.choose("shrug")
    assert ev.EndingReached("unsolved", "Unsolved") in result
    assert result[-1] == ev.GameOver("unsolved", None)
    assert session.over
    assert session.possible_actions() == []
    assert isinstance(session.search("bedroom")[0], ev.Refused)


def test_final_choice_closes_the_case(mini_story):
    session = confessed(mini_story)
    session.ask("tom_confess")
    session.go_to_hearing()
    result = session.choose("accuse")
    assert isinstance(result[-1], ev.FinalChoiceOffered)
    assert not session.over
    assert session.possible_actions() == [Action("choose", "bake")]
    assert session.choose("bake")[-1] == ev.GameOver("solved", "bake")
    assert session.over


def test_transcript_records_speaker_state_for_the_notebook(mini_story):
    session = new_session(mini_story)
    session.talk("tom")
    session.ask("tom_afternoon")
    tom_lines = session.lines_by("tom")
    assert [(s.text, s.speaker_state) for s in tom_lines] == [
        ("Asleep. All afternoon.", "lying")]


def test_every_possible_action_is_accepted(mini_story):
    session = new_session(mini_story)
    for _ in range(6):
        for action in session.possible_actions():
            probe = Session(mini_story, session.state.copy())
            result = probe.perform(action)
            assert not any(isinstance(e, ev.Refused) for e in result), action
        actions = session.possible_actions()
        if not actions:
            break
        session.perform(actions[-1])


def test_a_character_who_stops_being_available_ends_the_conversation(tmp_path):
    import shutil

    from game.storyfiles.loader import load_story
    from tests.conftest import MINI

    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    text = (case / "case.toml").read_text(encoding="utf-8")
    text = text.replace('[character.tom]\nname = "Tom"',
                        '[character.tom]\nname = "Tom"\navailable = "not flag met_tom"')
    (case / "case.toml").write_text(text, encoding="utf-8")
    session = new_session(load_story(case))
    session.talk("tom")
    events = session.ask("tom_afternoon")  # sets met_tom: Tom is no longer available
    assert events[-1] == ev.ConversationEnded("tom", forced=True)
    assert session.state.interlocutor is None
    assert isinstance(session.ask("tom_afternoon")[0], ev.Refused)
    assert isinstance(session.talk("tom")[0], ev.Refused)
