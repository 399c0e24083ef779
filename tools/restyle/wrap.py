"""Shorten E501 lines: wrap comments and docstring text, move trailing comments up, then ruff-format code ranges.
usage: h12_wrap.py LIMIT FILE..."""
import io, json, subprocess, sys, textwrap, tokenize
RUFF = str(__import__("pathlib").Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ruff")
limit = int(sys.argv[1]); files = sys.argv[2:]

def long_rows(f):
    out = subprocess.run([RUFF, "check", "--isolated", "--select", "E501", "--line-length", str(limit),
                          "--output-format", "json", f], capture_output=True, text=True).stdout
    return sorted({d["location"]["row"] for d in json.loads(out)})

def fix_text(f):
    src = open(f).read()
    lines = src.split("\n")
    rows = set(long_rows(f))
    if not rows:
        return
    toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    in_docstring = set(); comment_at = {}; code_on_line = set()
    for t in toks:
        if t.type == tokenize.STRING and t.start[0] != t.end[0] and t.string.lstrip("rbuRBUfF")[:3] in ('"""', "'''"):
            for r in range(t.start[0] + 1, t.end[0] + 1):
                in_docstring.add(r)
            if t.start[0] in rows:
                in_docstring.add(-t.start[0])
        elif t.type == tokenize.COMMENT:
            comment_at[t.start[0]] = t.start[1]
        elif t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            code_on_line.add(t.start[0])
    new = []
    for i, line in enumerate(lines, 1):
        if i not in rows:
            new.append(line); continue
        indent = line[:len(line) - len(line.lstrip())]
        if i in comment_at and i not in code_on_line:   # a comment line
            body = line.strip()[1:].strip()
            new += textwrap.wrap(body, limit, initial_indent=indent + "# ", subsequent_indent=indent + "# ",
                                 break_long_words=False, break_on_hyphens=False) or [line]
        elif i in comment_at and i in code_on_line and len(line[:comment_at[i]].rstrip()) <= limit:
            code, comment = line[:comment_at[i]].rstrip(), line[comment_at[i]:]
            body = comment[1:].strip()
            new += textwrap.wrap(body, limit, initial_indent=indent + "# ", subsequent_indent=indent + "# ",
                                 break_long_words=False, break_on_hyphens=False)
            new.append(code)
        elif i in in_docstring and line.strip() and not line.rstrip().endswith(('"""', "'''")) and '"""' not in line:
            new += textwrap.wrap(line.strip(), limit, initial_indent=indent, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False) or [line]
        else:
            new.append(line)
    open(f, "w").write("\n".join(new))

for f in files:
    fix_text(f)
    for r in reversed(long_rows(f)):
        subprocess.run([RUFF, "format", "--isolated", "--line-length", str(limit), f"--range={r}:1-{r + 1}:1", f],
                       capture_output=True)
    left = long_rows(f)
    if left:
        print(f, "still long:", left)
