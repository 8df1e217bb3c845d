"""Saves, loads and undo in the line mode, as the issue's checks ask, each in new processes."""

import shutil
import tomllib

from game.persistence.savefile import read_save
from tests.conftest import MINI
from tests.test_plain_mode import play


def status_of(output: str) -> str:
    """The lines `status` printed: from 'You are' up to the next prompt-less command echo."""
    lines = output.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("You are"))
    return "\n".join(lines[start:start + 8])


def test_save_writes_a_readable_slot_and_a_cut_copy_is_refused_by_name(tmp_path, mini_story):
    out = play("talk tom\nsave good\n", MINI, tmp_path).stdout.decode()
    assert "Saved as 'good' (good.toml)." in out
    good = (tmp_path / "good.toml").read_bytes()
    # A save of this case, that loads back to where it was made: Tom in the chair, one turn in.
    assert tomllib.loads(good.decode("utf-8"))["case"] == "mini"
    saved = read_save(good.decode("utf-8"), mini_story)
    assert saved.report == []
    assert saved.state.interlocutor == "tom" and saved.state.turn == 1
    broken = tmp_path / "broken.toml"
    broken.write_bytes(good[: len(good) // 2])
    result = play("load broken\nstatus\n", MINI, tmp_path)
    out = result.stdout.decode()
    assert "Cannot load 'broken':" in out and "Nothing has changed." in out
    assert "You are between visits." in out  # play went on
    assert broken.read_bytes() == good[: len(good) // 2]
    assert result.returncode == 0 and result.stderr == b""


def test_slot_names_cannot_leave_the_saves_folder(tmp_path):
    saves = tmp_path / "saves"
    saves.mkdir()
    out = play("save ../escape\nsave /tmp/x\nsave a/b\nsave ..\n", MINI, saves).stdout.decode()
    assert out.count("Not saved:") == 4
    assert not (tmp_path / "escape.toml").exists()
    assert sorted(p.name for p in tmp_path.rglob("*.toml")) == []  # not even an autosave: no action
    assert not list(saves.parent.glob("escape*"))


def test_a_save_loaded_in_a_new_process_gives_the_same_status(tmp_path):
    first = play("talk tom\nsave here\nstatus\n", MINI, tmp_path).stdout.decode()
    second = play("status\n", MINI, tmp_path, "--load", "here").stdout.decode()
    assert "Loaded 'here': Questioning Tom" in second
    assert status_of(first) == status_of(second)
    assert "You are questioning Tom." in status_of(second)


def test_a_save_survives_a_topic_and_an_evidence_item_deleted_from_the_case(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    saves = tmp_path / "saves"
    commands = "talk tom\nask the afternoon\ntalk ann\nask 1\nsave before\n"
    assert "Saved as 'before'" in play(commands, case, saves).stdout.decode()
    # The author deletes the topic and the evidence item just met, and what referred to them.
    text = (case / "case.toml").read_text("utf-8")
    for table in ("[evidence.note]", "[topic.tom_afternoon]"):
        start = text.index(table)
        text = text[:start] + text[text.index("\n[", start) + 1:]
    text = text.replace('gives = ["note"]\n', "").replace('available = "flag met_tom"\n', "")
    (case / "case.toml").write_text(text, "utf-8")
    result = play("status\n", case, saves, "--load", "before")
    out = result.stdout.decode()
    assert result.stderr == b"", result.stderr.decode()
    assert "Loaded 'before': Questioning Ann" in out
    assert "Dropped evidence `note`: it is no longer in the case." in out
    assert "Dropped scene `tom_afternoon`: it is no longer in the case." in out
    assert "Dropped flag `met_tom`: it is no longer in the case." in out
    assert "You are questioning Ann." in out and "Evidence: 1 of 2 found." in out


def test_undo_goes_back_to_the_start_and_redo_forward(tmp_path):
    out = play("talk tom\nask the afternoon\nundo\nundo\nundo\nredo\nstatus\n", MINI,
               tmp_path).stdout.decode()
    assert out.count("Undone: ") == 2
    assert "Undone: ask Tom about \u201cThe afternoon\u201d. Questioning Tom" in out
    assert "Nothing to undo: this is the start of the game." in out
    assert "Redone: talk to Tom. Questioning Tom" in out
    assert "You are questioning Tom." in out
