import re, subprocess, sys, tempfile, os
sys.argv_saved = sys.argv
RUFF = str(__import__("pathlib").Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ruff")
LIMIT = 100

import importlib.util

FENCE = re.compile(r"^(?P<ticks>`{3,})\{code-cell\}")

def code_spans(lines):
    spans, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1; continue
        i += 1
        if i < len(lines) and lines[i].strip() == "---":
            i += 1
            while lines[i].strip() != "---":
                i += 1
            i += 1
        while i < len(lines) and lines[i].startswith(":") and not lines[i].startswith("::"):
            i += 1
        start = i
        while lines[i].rstrip() != m["ticks"]:
            i += 1
        spans.append((start, i))
        i += 1
    return spans

def long_rows(f):
    import json
    out = subprocess.run([RUFF, "check", "--isolated", "--select", "E501", "--line-length", str(LIMIT),
                          "--output-format", "json", f], capture_output=True, text=True).stdout
    return sorted({d["location"]["row"] for d in json.loads(out)})

# load fix_text from h12_wrap without running its main loop
src = open(__import__("pathlib").Path(__file__).with_name("wrap.py")).read().split("for f in files:")[0]
ns = {"__file__": str(__import__("pathlib").Path(__file__).with_name("wrap.py"))}
sys.argv = ["x", str(LIMIT)]
exec(src, ns)

for md in sys.argv_saved[1:]:
    lines = open(md).read().split("\n")
    for a, b in reversed(code_spans(lines)):
        code = lines[a:b]
        if not any(len(l) > LIMIT for l in code):
            continue
        if any(l.lstrip().startswith(("%", "!")) for l in code):
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as t:
            t.write("\n".join(code) + "\n")
        ns["fix_text"](t.name)
        for r in reversed(long_rows(t.name)):
            subprocess.run([RUFF, "format", "--isolated", "--line-length", str(LIMIT), f"--range={r}:1-{r + 1}:1", t.name],
                           capture_output=True)
        new = open(t.name).read().rstrip("\n").split("\n")
        os.unlink(t.name)
        lines[a:b] = new
    open(md, "w").write("\n".join(lines))
