import re, sys, textwrap, subprocess, json
RUFF = str(__import__("pathlib").Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ruff")
limit = int(sys.argv[1])
for f in sys.argv[2:]:
    out = subprocess.run([RUFF, "check", "--isolated", "--select", "E501", "--line-length", str(limit),
                          "--output-format", "json", f], capture_output=True, text=True).stdout
    rows = {d["location"]["row"] for d in json.loads(out)}
    lines = open(f).read().split("\n")
    new = []
    for i, line in enumerate(lines, 1):
        m = re.match(r'^(\s*)(r?""")(.*)$', line)
        if i in rows and m:
            indent = m.group(1)
            new += textwrap.wrap(m.group(2) + m.group(3), limit, initial_indent=indent, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False)
        else:
            new.append(line)
    open(f, "w").write("\n".join(new))
