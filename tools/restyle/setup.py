"""Rewrite each notebook's setup cell: imports + `page = setup(quick, seed)` in a hide-input cell; rest follows."""
import ast, re, sys
from pathlib import Path

FENCE = re.compile(r"^```\{code-cell\} ipython3\s*$")

def cells(lines):
    """(start, end) line indexes of code-cell fences (start = fence line, end = closing fence line)."""
    out, i = [], 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            j = i + 1
            while lines[j].rstrip() != "```":
                j += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out

DROP_SRC = [r"^plotting\.use_style\(\)$", r"^threadpool_limits\(1\)", r"^torch\.set_num_threads\(1\)$",
            r"^quick = check_bool\(quick, \"quick\"\)$", r"^from heavytail\._validate import check_bool$",
            r"^from threadpoolctl import threadpool_limits$",
            r"^warnings\.filterwarnings\(\"ignore\", message=\"IProgress not found\"\)"]

def transform(path):
    text = path.read_text()
    lines = text.split("\n")
    cs = cells(lines)
    pi = next(k for k, (a, b) in enumerate(cs) if any(":tags: [parameters]" in l for l in lines[a:b]))
    a, b = cs[pi + 1]
    body = lines[a + 1:b]
    if body and body[0].startswith(":tags:"):
        raise SystemExit(f"{path}: setup cell already has tags: {body[0]}")
    while body and not body[0].strip():
        body = body[1:]
    src = "\n".join(body)
    tree = ast.parse(src)
    blines = src.split("\n")
    setup_stmts, rest_chunks, extra = [], [], []
    prev_end = 0
    for node in tree.body:
        start = node.lineno - 1
        # attach preceding comment lines
        lead = start
        while lead > prev_end and blines[lead - 1].strip().startswith("#"):
            lead -= 1
        chunk = blines[lead:node.end_lineno]
        stmt = "\n".join(blines[start:node.end_lineno]).strip()
        prev_end = node.end_lineno
        core = re.sub(r"\s+#.*$", "", stmt) if "\n" not in stmt else stmt
        if any(re.match(p, core) for p in DROP_SRC):
            continue
        if isinstance(node, ast.With) and "catch_warnings" in stmt and all(
                isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr)) for n in node.body):
            for n in node.body:
                if isinstance(n, (ast.Import, ast.ImportFrom)):
                    setup_stmts.append(ast.get_source_segment(src, n).strip())
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            setup_stmts.append("\n".join(chunk).strip())
            continue
        m = re.match(r"^(t_start|t0) = time\.perf_counter\(\)$", core)
        if m:
            extra.append(f"{m.group(1)} = page.started")
            continue
        if core == "rng = np.random.default_rng(seed)":
            extra.insert(0, "rng = page.rng")
            continue
        rest_chunks.append("\n".join(chunk))
    setup_stmts.append("from heavytail.notebook import setup")
    new_setup = ["```{code-cell} ipython3", ":tags: [hide-input]", "", *setup_stmts, "",
                 "page = setup(quick, seed)", *extra, "```"]
    rest = "\n".join(rest_chunks).strip("\n")
    new = new_setup + (["", "```{code-cell} ipython3", rest, "```"] if rest.strip() else [])
    lines[a:b + 1] = new
    path.write_text("\n".join(lines))

for p in sys.argv[1:]:
    transform(Path(p))
