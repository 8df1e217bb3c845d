"""The engine, the loader, `check` and the plain mode must never import Textual or Rich."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

MODULES = ["game.engine.session", "game.analysis.explore", "game.engine.commands",
           "game.storyfiles.loader", "game.storyfiles.walkthroughs", "game.analysis.check",
           "game.plain", "game.cli"]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_no_ui_library(module):
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_check_command_runs_without_textual():
    code = ("import sys, io; from game.cli import main; "
            "sys.stdout = io.StringIO(); code = main(['check', 'tests/fixtures/mini_case']); "
            "sys.stdout = sys.__stdout__; "
            "print(code, any(m.startswith(('textual', 'rich')) for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.split() == ["0", "False"]
