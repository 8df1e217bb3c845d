"""The game installs like a program: a wheel holds the bundled case, `detective` plays it from a
fresh virtual environment outside the repository, and its saves go to the user's data folder,
never into site-packages. Where saves go is decided in one place (saves_location), tested first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from game.persistence import saves_location
from game.persistence.saves_location import checkout_root, default_saves_dir, user_saves_dir
from game.storyfiles import bundled
from game.storyfiles.bundled import bundled_case_dir
from game.storyfiles.loader import load_story
from tests.conftest import BUNDLED, ROOT
from tests.ptys import DEADLINE, Terminal

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


# ---- where saves go (in process) --------------------------------------------------------------

def test_the_checkout_is_recognised_and_an_installed_game_is_not(tmp_path):
    assert checkout_root() == ROOT
    site = tmp_path / "site-packages"
    (site / "game").mkdir(parents=True)
    assert checkout_root(site / "game") is None
    # A story/ and a pyproject.toml of another project beside the package are not a checkout.
    (site / "story").mkdir()
    (site / "pyproject.toml").write_text('[project]\nname = "other"\n', "utf-8")
    assert checkout_root(site / "game") is None
    (site / "pyproject.toml").write_text("not [toml", "utf-8")
    assert checkout_root(site / "game") is None
    (site / "pyproject.toml").write_text('[project]\nname = "detective"\n', "utf-8")
    assert checkout_root(site / "game") == site


def test_saves_go_to_the_option_then_the_variable_then_the_checkout_then_the_user_folder(
        tmp_path, monkeypatch):
    monkeypatch.delenv(saves_location.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_saves_dir() == ROOT / "saves"  # `make play`
    monkeypatch.setattr(saves_location, "checkout_root", lambda: None)  # as when installed
    if sys.platform.startswith("linux"):
        assert default_saves_dir() == tmp_path / "data" / "detective" / "saves"
    assert default_saves_dir() == user_saves_dir()
    monkeypatch.setenv(saves_location.ENV_VAR, str(tmp_path / "env"))
    assert default_saves_dir() == tmp_path / "env"
    assert default_saves_dir(tmp_path / "option") == tmp_path / "option"


def test_from_the_checkout_the_bundled_case_is_read_where_its_author_edits_it():
    assert bundled_case_dir() == BUNDLED


def test_a_case_inside_a_zip_is_copied_to_a_folder_the_loader_reads(tmp_path):
    """Installed where its files are not files (a zipped package), the case is read from a
    temporary copy: the loader reads a folder."""
    archive = tmp_path / "game.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in BUNDLED.rglob("*.toml"):
            out.write(path, f"game/_story/perfect_mother/{path.relative_to(BUNDLED).as_posix()}")
    inside = zipfile.Path(archive, "game/_story/perfect_mother/")
    copy = bundled._copied(inside)
    assert copy.is_dir() and copy.name == "perfect_mother"
    assert sorted(p.relative_to(copy) for p in copy.rglob("*.toml")) == \
        sorted(p.relative_to(BUNDLED) for p in BUNDLED.rglob("*.toml"))
    assert load_story(copy).fingerprint == load_story(BUNDLED).fingerprint


def test_the_wheel_lists_every_package_and_every_case_folder():
    """pyproject.toml lists the packages by hand (story/ is mapped in as game._story): a package,
    a case folder or a folder of the starter case added without being listed would be missing
    from the wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts)
             for pattern in ("__init__.py", "*.toml") for path in (ROOT / "game").rglob(pattern)}
    found |= {".".join(("game", "_story", *path.relative_to(ROOT / "story").parts))
              for path in [ROOT / "story", *(ROOT / "story").rglob("*")] if path.is_dir()}
    assert found == listed


def test_version_prints_the_packages_version():
    result = subprocess.run([sys.executable, "-m", "game", "--version"], capture_output=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == f"detective {version('detective')}\n"
    assert version("detective") == PROJECT["version"]


# ---- a wheel, installed in a fresh environment --------------------------------------------------

def build_wheel(out: Path) -> Path:
    """The wheel of a copy of the working tree (setuptools builds in the source folder: a copy
    keeps build/ leftovers out of the wheel and the repository as it was)."""
    source = out / "source"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("game", "story"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if _setuptools_major() >= 77:
        # The test extra's setuptools, offline, asked for the wheel as any build front end asks
        # (PEP 517's build_wheel). `pip wheel --no-build-isolation` asks the same, after starting
        # itself and asking for the metadata alone first: a second more.
        command = [sys.executable, "-c", "import sys; from setuptools import build_meta; "
                   "build_meta.build_wheel(sys.argv[1])", str(out / "dist")]
    else:  # an older one cannot build this pyproject.toml: pip fetches one to build with
        command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                   str(out / "dist"), str(source)]
    result = subprocess.run(command, capture_output=True, timeout=180, cwd=source)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    [wheel] = (out / "dist").glob("detective-*.whl")
    return wheel


def _setuptools_major() -> int:
    try:
        from setuptools import __version__
    except ImportError:
        return 0
    return int(__version__.split(".")[0])


def fresh_environment(where: Path, wheel: Path) -> Path:
    """A virtual environment with the wheel installed; its dependencies are read from this one
    (a .pth file, so no network is needed). Returns its bin/ folder."""
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True, timeout=60,
                             check=True).stdout.strip()
    # A path in a .pth file is added after the environment's own site-packages, and the .pth
    # files in it are not run: this checkout's editable install is not seen.
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n",
                                                 "utf-8")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                             "--quiet", "--no-deps", "--no-index", str(wheel)],
                            capture_output=True, timeout=180)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return where / "bin"


def everything_in(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


@pytest.mark.timeout(240)
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths and terminals")
def test_the_wheel_installs_and_plays_the_bundled_case_with_saves_in_the_user_folder(tmp_path):
    wheel = build_wheel(tmp_path / "build")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "game").rglob("*.py"):
        assert path.relative_to(ROOT).as_posix() in names, f"{path} is not in the wheel"
    for path in (ROOT / "story").rglob("*.toml"):  # the case, walkthroughs included
        assert f"game/_story/{path.relative_to(ROOT / 'story').as_posix()}" in names, path

    environment = tmp_path / "env"
    bin_dir = fresh_environment(environment, wheel)
    detective = str(bin_dir / "detective")
    home, data, elsewhere = tmp_path / "home", tmp_path / "data", tmp_path / "cwd"
    for folder in (home, elsewhere):
        folder.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in (saves_location.ENV_VAR, "PYTHONPATH", "TEXTUAL")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(data), PYTHONDONTWRITEBYTECODE="1",
               TERM="xterm-256color", COLUMNS="80", LINES="24")

    def run(*args: str, commands: str = "") -> str:
        result = subprocess.run(args, input=commands.encode(), capture_output=True, env=env,
                                cwd=elsewhere, timeout=DEADLINE)
        assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()[-3000:]
        return result.stdout.decode()

    where = run(str(bin_dir / "python"), "-c", "import game; print(game.__file__)")
    assert Path(where.strip()).is_relative_to(environment), where  # the wheel's, not the checkout's
    site_packages = Path(where.strip()).parents[1]
    installed = everything_in(site_packages)
    assert run(detective, "--version") == f"detective {PROJECT['version']}\n"

    # (a) The line mode plays the bundled case, from the wheel's own copy of it.
    out = run(detective, "play", "--plain", commands="people\ntalk vincent\nquit\n")
    # A script cannot answer the content note: it is shown, then the game begins.
    assert out.startswith("Content note: ") and "\n\nThe Perfect Mother\n" in out
    assert "You can question:" in out and "You sit down across from Vincent" in out
    assert "You close the file on the case, for now." in out

    # (c) Its autosave is in the user's data folder, under the case's own name.
    saves = data / "detective" / "saves"
    assert sorted(p.name for p in saves.iterdir()) == ["autosave.perfect_mother.toml"]
    listed = run(detective, "saves")
    assert listed.startswith("autosave\tThe Perfect Mother\t") and "Questioning Vincent" in listed

    # (b) The interface starts in a terminal, offers to continue, and quits.
    terminal = Terminal([detective], env, elsewhere)
    try:
        terminal.wait_for(b"The Perfect Mother", b"Continue")
        os.write(terminal.master, b"q")
        assert terminal.exit_status() == 0
    finally:
        terminal.close()
    assert b"Traceback" not in terminal.output

    # (d) An author starts a case from the wheel's starter, and it passes check.
    run(detective, "new", "case", "my_case")
    assert run(detective, "check", "my_case").endswith("; all reachable\n")

    assert everything_in(site_packages) == installed  # nothing written beside the game
