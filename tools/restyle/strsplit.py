import re, sys, json, subprocess
RUFF = str(__import__("pathlib").Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ruff")
LIMIT = 100
LINE = re.compile(r'^(?P<ind>\s*)(?P<pre>(?:\+ |else |return |\w+ = |\w+\()?)(?P<f>f?)"(?P<body>(?:[^"\\]|\\.)*)"(?P<post>[),]*\s*)$')

def split_body(body, f, maxlen):
    depth, best = 0, None
    for i, ch in enumerate(body):
        if ch == "{": depth += 1
        elif ch == "}": depth -= 1
        elif ch == " " and depth == 0 and i + 1 <= maxlen:
            best = i
    return best

for md in sys.argv[1:]:
    lines = open(md).read().split("\n")
    changed = False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if len(line) <= LIMIT:
            continue
        m = LINE.match(line)
        if not m:
            continue
        ind, pre, f, body, post = m["ind"], m["pre"], m["f"], m["body"], m["post"]
        start = len(ind) + len(pre)
        room = LIMIT - start - len(f) - 2
        cut = split_body(body, f, room)
        if cut is None:
            continue
        a, b = body[:cut + 1], body[cut + 1:]
        fa = "f" if (f and "{" in a) else ""
        fb = "f" if (f and "{" in b) else ""
        l1 = f'{ind}{pre}{fa}"{a}"'
        l2 = f'{" " * start}{fb}"{b}"{post}'
        if len(l1) > LIMIT or len(l2) > LIMIT:
            continue
        lines[i:i + 1] = [l1, l2]
        changed = True
    if changed:
        open(md, "w").write("\n".join(lines))
