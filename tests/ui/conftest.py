"""Animations off for the apps of these tests, as tests/conftest.py means them to be.

Textual reads TEXTUAL_ANIMATIONS once, when it is first imported, and a pytest plugin
(pytest-textual-snapshot) imports it before tests/conftest.py sets the variable: the apps then
glided every scroll, and `waiting.settle` waited out each glide a frame at a time (the random-keys
test spent nearly half its time asleep so). The setting is read again here, where each app reads
it when it is made.
"""

import textual.constants

textual.constants.TEXTUAL_ANIMATIONS = textual.constants._get_textual_animations()
