"""Write requirements-lock.txt from `pip freeze` of the project's environment.

The lock pins every resolved package; `make install` uses it as a constraints file, and
environment.yml (conda users) installs the same project through pip with the same constraints.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                        check=True, capture_output=True, text=True).stdout.splitlines()
lines = []
for line in frozen:
    # uv is the installer (pinned in the Makefile), not a package the book uses
    if not line or line.startswith("#") or line.lower().startswith(("heavytail", "uv==")):
        continue
    # Local version labels (torch's "+cpu") are not on PyPI; the CPU wheel is chosen by the index.
    name, _, ver = line.partition("==")
    lines.append(f"{name}=={ver.split('+')[0]}" if ver else line)
header = ("# Resolved versions of every package the book uses, from `pip freeze` (make lock).\n"
          f"# Python {sys.version.split()[0]}. Used as a constraints file: "
          "pip install -c requirements-lock.txt -e '.[dev]'\n")
(ROOT / "requirements-lock.txt").write_text(header + "\n".join(sorted(lines, key=str.lower)) + "\n")
print(f"wrote requirements-lock.txt ({len(lines)} packages)")
