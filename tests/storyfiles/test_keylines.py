from game.storyfiles.keylines import nearest_position, scan_key_lines

TEXT = '''# a comment with [brackets] and key = "value"
[case]
id = "x"   # trailing
intro = [
  "first",
  """second
spans""",
  'third, with ] inside',
]

[character.anya]
name = "Anya"
"quoted key" = 1

[[character.anya.transitions]]
from = "a"

[[character.anya.transitions]]
from = "b"
when = { deep = "x", "other" = [1, 2] }

[character.anya.states.v1]
label = "L"
'''


def test_scanner_finds_tables_keys_and_array_elements():
    found = scan_key_lines(TEXT)
    assert found[("case",)] == (2, 1)
    assert found[("case", "id")] == (3, 1)
    assert found[("case", "intro", 0)] == (5, 3)
    assert found[("case", "intro", 1)] == (6, 3)
    assert found[("case", "intro", 2)] == (8, 3)
    assert found[("character",)] == (11, 1)
    assert found[("character", "anya", "quoted key")] == (13, 1)
    assert found[("character", "anya", "transitions", 0, "from")] == (16, 1)
    assert found[("character", "anya", "transitions", 1, "from")] == (19, 1)
    assert found[("character", "anya", "transitions", 1, "when", "deep")] == (20, 10)
    assert found[("character", "anya", "states", "v1", "label")] == (23, 1)


def test_comment_text_is_not_read_as_keys():
    assert ("brackets",) not in scan_key_lines(TEXT)


def test_unknown_path_falls_back_to_the_nearest_known_table():
    found = scan_key_lines(TEXT)
    assert nearest_position(("case", "missing_key"), found) == ((2, 1), False)
    assert nearest_position(("nothing",), found) == (None, False)
