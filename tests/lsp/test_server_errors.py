"""What the editor sends wrong is said in one line, to the editor and on stderr: never a
traceback."""

import subprocess
import sys


def test_a_message_that_is_no_json_is_logged_in_a_line():
    garbage = b"Content-Length: 5\r\n\r\n{oops"
    done = subprocess.run([sys.executable, "-m", "game", "lsp"], input=garbage,
                          capture_output=True, timeout=30)
    assert done.returncode == 0
    assert b'"method": "window/logMessage"' in done.stdout and b"JSONDecodeError" in done.stdout
    assert b"Traceback" not in done.stderr and b"Traceback" not in done.stdout
