from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.spans import diagnostic_end, file_texts, token_end

TEXT = '''[topic.anya_night]
character = "anya"
when = "anya is v1_deler and has cctv"
lines = [
  "anya: We went back.",
  { when = "has dna", text = 'She looks, [away].' },
  """A long
one""",
]
gives = ["dna_report", "cctv"]   # a "comment"
titel = "x"
once = true

[[character.anya.transitions]]
'''


def test_a_quoted_value_ends_after_its_closing_quote():
    assert token_end(TEXT, 2, 13) == (2, 19)  # "anya"
    assert token_end(TEXT, 10, 10) == (10, 22)  # "dna_report", inside an array
    assert token_end(TEXT, 6, 30) == (6, 50)  # a literal string holding brackets


def test_a_multi_line_string_ends_on_the_line_of_its_closing_quotes():
    assert token_end(TEXT, 7, 3) == (8, 7)


def test_an_array_or_inline_table_ends_at_its_closing_bracket():
    assert token_end(TEXT, 4, 9) == (9, 2)  # past strings holding brackets
    assert token_end(TEXT, 6, 3) == (6, 52)
    assert token_end(TEXT, 10, 9) == (10, 31)  # the comment after it is not read


def test_a_bare_key_and_a_table_header():
    assert token_end(TEXT, 11, 1) == (11, 6)  # titel
    assert token_end(TEXT, 1, 1) == (1, 19)  # [topic.anya_night]
    assert token_end(TEXT, 14, 1) == (14, 31)  # [[character.anya.transitions]]
    assert token_end(TEXT, 12, 8) == (12, 12)  # a bare value: true


def test_inside_a_string_the_word_there():
    assert token_end(TEXT, 3, 17) == (3, 25)  # v1_deler in the condition
    assert token_end(TEXT, 3, 34) == (3, 38)  # cctv
    assert token_end(TEXT, 3, 38) == (3, 39)  # the closing quote, where "ends too soon" points
    assert token_end(TEXT, 6, 17) == (6, 20)  # dna, in a line's `when`
    assert token_end(TEXT, 10, 39) == (10, 46)  # inside a comment


def test_places_past_the_text_end_where_they_are():
    assert token_end(TEXT, 2, 40) == (2, 40)
    assert token_end(TEXT, 99, 1) == (99, 1)
    assert token_end("a = 1\r\nb = 2\r\n", 1, 6) == (1, 6)  # the CR of a CRLF is no token
    assert token_end("a = 1\r\nb = 2\r\n", 2, 5) == (2, 6)


def test_an_unclosed_string_or_array_ends_with_its_line():
    assert token_end('a = "open\nb = 1\n', 1, 5) == (1, 10)
    assert token_end("a = [1,\n", 1, 5) == (1, 8)


def test_the_end_of_a_diagnostic_is_read_from_its_file(tmp_path):
    story = tmp_path / "case.toml"
    story.write_bytes("\ufeff".encode() + TEXT.encode())  # the mark is not a column
    text_of = file_texts(tmp_path)
    at = Diagnostic(str(story), 3, 17, "E008", "unknown state")
    assert diagnostic_end(at, text_of) == (3, 25)
    assert diagnostic_end(Diagnostic(str(story), None, None, "E011", "x"), text_of) is None
    gone = Diagnostic(str(tmp_path / "gone.toml"), 1, 1, "E012", "x")
    assert diagnostic_end(gone, text_of) is None
