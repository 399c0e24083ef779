"""The reader's path through a chapter: result first, machinery folded (issue 13, items 1 and 8).

Applied when the book is rendered, so the executed notebooks (and the notebooks a reader downloads) keep
every cell and every line of code. On each notebook page:

1. **Result first.** The output of the chapter's result figure -- the code cell tagged ``result``, else the
   cell that exports the page's headline figure, else the first cell whose output is a captioned figure --
   moves to the top of the page, right after the
   opening claim (before the "Parameters" box, or after the first paragraph if there is none). Where the
   figure was drawn, a one-line pointer links back to it; the cell's code stays there, folded.
2. **The parameter box folds.** An admonition whose title starts with "Parameters" becomes a dropdown.
3. **Machinery hidden.** The ``parameters`` cell and papermill's ``injected-parameters`` cell are removed
   (the parameter box describes them); cells that draw a figure show their code behind a toggle
   (``hide-input``) unless the notebook tags them otherwise; ``glue(...)`` bookkeeping statements are left
   out of the displayed code, and a cell that holds nothing else is not shown.
4. **Narrow screens** (``reader_path.css``/``.js``): display equations scroll inside their own box, code
   wraps inside the column, and wide tables stack their cells, each labelled with its column header.

The rules act on tags and outputs, not on page names, so new chapters follow them with no extra work.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from docutils import nodes

STATIC = Path(__file__).parent / "static"
_HIDDEN = {"remove-cell", "remove_cell", "remove-input", "remove_input", "hide-input", "hide-cell",
           "hide_input", "hide_cell"}


# ---- 3. tags and code, on the notebook JSON before MyST-NB parses it ---------------------------------------
def _is_glue(stmt: ast.stmt) -> bool:
    """A statement that only records glue values: ``glue(...)``, or a loop/if whose body is only that."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        f = stmt.value.func
        return ((isinstance(f, ast.Name) and f.id == "glue")
                or (isinstance(f, ast.Attribute) and f.attr == "glue"))
    if isinstance(stmt, (ast.For, ast.If)) and not stmt.orelse:
        return all(_is_glue(s) for s in stmt.body)
    return False


def strip_glue(source: str) -> str:
    """``source`` without its top-level glue statements (and without blank runs they leave behind)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics etc.: show the cell as it is
        return source
    lines = source.splitlines()
    drop: set[int] = set()

    def walk(body):
        for stmt in body:
            if _is_glue(stmt):
                drop.update(range(stmt.lineno - 1, stmt.end_lineno))
                continue
            for name in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, name, None)
                # inside a loop or block that also computes, drop its glue lines (the block stays non-empty)
                if isinstance(inner, list) and inner and any(isinstance(s, ast.stmt) and not _is_glue(s)
                                                             for s in inner):
                    walk(inner)

    walk(tree.body)
    if not drop:
        return source
    kept = [line for i, line in enumerate(lines) if i not in drop]
    out: list[str] = []
    for line in kept:  # collapse the blank lines that removed statements leave
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def _has_figure(cell: dict) -> bool:
    return any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
               for o in cell.get("outputs", []))


def _only_comments(source: str) -> bool:
    return all(not line.strip() or line.strip().startswith("#") for line in source.splitlines())


def reader_notebook(nb: dict) -> dict:
    """Apply rule 3 to a notebook (nbformat 4 JSON as a dict); returns the same dict.

    Also marks the result figure for rule 1 when no cell is tagged ``result``: the cell that exports the
    page's headline figure (``plotting.export_figure``, shown on the landing page), if there is one.
    """
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    if not any("result" in c.get("metadata", {}).get("tags", []) for c in code):
        for c in code:
            if "export_figure(" in "".join(c.get("source", "")) and _has_figure(c):
                c.setdefault("metadata", {}).setdefault("tags", []).append("result")
                break
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.setdefault("metadata", {})
        tags = meta.setdefault("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            tags.append("remove-cell")
            continue
        source = "".join(cell.get("source", ""))
        stripped = strip_glue(source)
        if stripped != source:
            cell["source"] = stripped
        if _only_comments(stripped) and not _HIDDEN & set(tags):
            tags.append("remove-input" if cell.get("outputs") else "remove-cell")
        elif _has_figure(cell) and not _HIDDEN & set(tags):
            tags.append("hide-input")
    return nb


def _source_read(app, docname, source):
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb":
        return
    nb = json.loads(source[0])
    source[0] = json.dumps(reader_notebook(nb))


# ---- 1, 2. result figure first, parameter box folded, on the doctree ---------------------------------------
def _cells(doctree):
    return [n for n in doctree.findall(nodes.container) if n.get("nb_element") == "cell_code"]


def _output_of(cell):
    outs = [c for c in cell.children if c.get("nb_element") == "cell_code_output"]
    return outs[0] if outs else None


def _result_cell(doctree):
    cells = _cells(doctree)
    for cell in cells:
        if "tag_result" in cell["classes"] and _output_of(cell) is not None:
            return cell
    for cell in cells:
        out = _output_of(cell)
        if out is not None and next(out.findall(nodes.figure), None) is not None:
            return cell
    return None


def _doctree_read(app, doctree):
    if not app.env.docname.startswith("notebooks/"):
        return
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return
    top = sections[0]
    params = None
    for child in top.children:
        if isinstance(child, nodes.section):
            break
        if isinstance(child, nodes.Admonition) and child.children and isinstance(child[0], nodes.title) \
                and child[0].astext().strip().lower().startswith("parameters"):
            params = child
            if "dropdown" not in child["classes"]:
                child["classes"].append("dropdown")
            break
    cell = _result_cell(doctree)
    if cell is None:
        return
    out = _output_of(cell)
    fig = next(out.findall(nodes.figure), None)
    if params is not None:
        anchor = top.index(params)
    else:
        paras = [i for i, c in enumerate(top.children) if isinstance(c, nodes.paragraph)]
        anchor = paras[0] + 1 if paras else len(top.children)
    if cell.parent is top and top.index(cell) < anchor:
        return  # already above the claim's end
    cell.remove(out)
    holder = nodes.container(classes=["result-first"])
    holder += out
    top.insert(anchor, holder)
    if fig is not None and fig["ids"]:
        note = nodes.paragraph(classes=["result-first-pointer"])
        note += nodes.Text("This cell draws the figure shown ")
        note += nodes.reference("", "at the top of the page", refid=fig["ids"][0], internal=True)
        note += nodes.Text(".")
        cell += note


# ---- 4. narrow screens -------------------------------------------------------------------------------------
def _add_static(app, config):
    config.html_static_path = list(config.html_static_path or []) + [str(STATIC)]


def setup(app):
    app.connect("config-inited", _add_static)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.add_css_file("reader_path.css")
    app.add_js_file("reader_path.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
