"""The engine, the loader, `check` and the plain mode must never import Textual or Rich."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

MODULES = ["game.engine.session", "game.analysis.explore", "game.engine.commands",
           "game.storyfiles.loader", "game.storyfiles.walkthroughs", "game.analysis.check",
           "game.plain", "game.cli", "game.lsp.server"]

# Each module is imported in an interpreter of its own, where nothing else was imported. Started
# one by one, each interpreter would build the engine's model (pydantic and its schemas, most of
# the import time) again: so one interpreter builds it, then forks a child per module, which
# imports the module and says what it now has of a UI library. A child has every module that
# importing its module alone would load, and the model's too (itself checked: the session, listed
# first, imports it), so nothing is missed.
PROBE = """
import importlib, os, sys, traceback
import game.engine.model
for module in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(module)
            bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))
            print(module + '=' + ','.join(bad), flush=True)
            os._exit(0)
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    if status:
        print(module + '=(the import failed)', flush=True)
"""


@pytest.fixture(scope="module")
def ui_modules_imported() -> dict[str, str]:
    """Module -> the UI modules that importing it alone loads, comma-separated."""
    result = subprocess.run([sys.executable, "-c", PROBE, *MODULES], capture_output=True,
                            text=True, check=True)
    found = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert list(found) == MODULES, result.stderr
    return {module: bad if bad != "(the import failed)" else f"{bad}\n{result.stderr}"
            for module, bad in found.items()}


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_no_ui_library(module, ui_modules_imported):
    assert ui_modules_imported[module] == ""


def test_check_command_runs_without_textual():
    code = ("import sys, io; from game.cli import main; "
            "sys.stdout = io.StringIO(); code = main(['check', 'tests/fixtures/mini_case']); "
            "sys.stdout = sys.__stdout__; "
            "print(code, any(m.startswith(('textual', 'rich')) for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.split() == ["0", "False"]
