"""What a reader of the built book needs besides the pages: working routes, a favicon, search and the proof index.

1. **One repository setting.** ``repository.url`` in ``_config.yml`` is the only place the book's repository is
   named. When it is set (to ``https://github.com/<owner>/<repo>`` of a repository that exists), the book shows
   the repository, issue and Binder launch buttons and a banner with ``pip install "heavytail @ git+<url>"``.
   When it is empty, none of these appear (they would lead nowhere) and the banner shows the routes that work
   without one: download the page's notebook, install the package from a copy of the source. A fork sets its own
   URL there (README, *Fork it for a course*).
2. **A favicon** (``static/favicon.svg``), so that browsers do not request a missing ``/favicon.ico``.
3. **One search box and search snippets from the text.** The sidebar has the search field; no header bar
   with a second one (``navbar_persistent``), and on wide screens ``static/book_reader.css`` hides the article
   header's search button (on narrow screens, where the sidebar is folded away, it is the way to search). Sphinx's search
   page builds each result's snippet from the page's ``role="main"`` element, which in this theme starts with
   the header buttons ("Repository", "Binder", "Download"...); ``static/book_reader.js`` removes the header,
   the secondary sidebar, the footer and the prev/next links before Sphinx takes the snippet; and
   ``static/search_scorer.js`` ranks chapters above API objects and the build-status page last.
4. **A proof index with titles.** sphinx-proof's index lists raw labels; we list each theorem, proposition
   and definition under its type with its title and the page it is on (proofs themselves are left out).
5. **An API reference that cannot break the build.** ``book/api.md`` renders the package's numpydoc docstrings
   with autodoc and napoleon. A module's docstring contributes its first paragraph only (the rest is a
   developer's overview). A docstring that docutils cannot parse cleanly (it would fail the ``-W`` build) is shown
   verbatim as preformatted text instead, and the build logs which one, so that its owner can fix it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

STATIC = Path(__file__).parent / "static"


def repository_url(config) -> str:
    """The repository URL from ``_config.yml`` (``repository.url``), or "" when it is not set."""
    opts = config.html_theme_options or {}
    url = str(opts.get("repository_url") or "").strip().rstrip("/")
    return url if re.match(r"^https://[^/\s]+/[^/\s]+/[^/\s]+$", url) else ""


def announcement(url: str) -> str:
    """The banner above every page: how to run the page, by a route that works."""
    if url:
        return ("Run any page: download its notebook (&#11015; above), "
                f'<code>pip install "heavytail @ git+{html.escape(url)}"</code>, open it in Jupyter.')
    return ("Run any page: download its notebook (&#11015; above), run <code>pip install -e .</code> in a copy of "
            "the book's source, open the notebook in Jupyter.")


def _configure_routes(app, config):
    opts = dict(config.html_theme_options or {})
    url = repository_url(config)
    if url:
        opts["repository_url"] = url
        opts.setdefault("use_repository_button", True)
        opts.setdefault("use_issues_button", True)
        opts.setdefault("launch_buttons", {"notebook_interface": "classic", "binderhub_url": "https://mybinder.org"})
    else:
        for key in ("repository_url", "launch_buttons"):
            opts.pop(key, None)
        for key in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
            opts[key] = False
    opts["announcement"] = announcement(url)
    # one search box: pydata-sphinx-theme adds a search field to a header bar unless told otherwise, on top of
    # the sidebar's field (and it takes a bar of vertical space above every page)
    opts.setdefault("navbar_persistent", [])
    config.html_theme_options = opts
    config.html_static_path = list(config.html_static_path or []) + [str(STATIC)]
    if not config.html_search_scorer:
        config.html_search_scorer = str(STATIC / "search_scorer.js")
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


# ---- the proof index -------------------------------------------------------------------------------------------

_SUB = str.maketrans("0123456789aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")


def plain_title(title: str) -> str:
    """A proof title as plain text: inline math turned into readable characters (the index is not typeset)."""
    def math(m):
        s = m.group(1)
        s = re.sub(r"_\{\\?(\w+)\}", lambda g: g.group(1).translate(_SUB), s)
        s = re.sub(r"_(\w)", lambda g: g.group(1).translate(_SUB), s)
        s = re.sub(r"\\([A-Za-z]+)", r"\1", s)
        return s.replace("{", "").replace("}", "")
    title = re.sub(r"\$([^$]+)\$", math, title).strip()
    return title[1:-1].strip() if title.startswith("(") and title.endswith(")") else title


def _collect_proof_titles(app, doctree):
    env = app.env
    titles = getattr(env, "book_proof_titles", {})
    for node in doctree.findall(lambda n: hasattr(n, "attributes") and "realtype" in n.attributes
                                and n.attributes.get("label")):
        titles[node["label"]] = {"docname": env.docname, "title": node.get("title", ""),
                                 "realtype": node["realtype"]}
    env.book_proof_titles = titles


def _purge(app, env, docname):
    titles = getattr(env, "book_proof_titles", {})
    env.book_proof_titles = {k: v for k, v in titles.items() if v["docname"] != docname}


def _merge(app, env, docnames, other):
    titles = getattr(env, "book_proof_titles", {})
    titles.update({k: v for k, v in getattr(other, "book_proof_titles", {}).items() if v["docname"] in docnames})
    env.book_proof_titles = titles


def proof_index_generate(self, docnames=None):
    """Replacement for sphinx_proof's ProofIndex.generate: entries by type, named by title, with their page."""
    env = self.domain.env
    proofs = getattr(env, "proof_list", {})
    titles = getattr(env, "book_proof_titles", {})
    groups: dict[str, list] = {}
    for label, values in proofs.items():
        kind = values.get("realtype", "")
        if kind == "proof":
            continue
        info = titles.get(label, {})
        name = plain_title(info.get("title") or "") or label
        page = env.titles.get(values["docname"])
        extra = page.astext() if page is not None else values["docname"]
        # (name, subtype, docname, anchor, extra, qualifier, description)
        groups.setdefault(kind.title() or "Other", []).append(
            (name, 0, values["docname"], values["ids"][0] if values.get("ids") else label, extra, "", kind))
    content = [(k, sorted(v, key=lambda e: e[0].lower())) for k, v in sorted(groups.items())]
    return content, True


def _strip_roles(text: str) -> str:
    """Sphinx's roles and directives need a build environment: check the text around them, not them."""
    text = re.sub(r":[\w:.-]+:`", ":literal:`", text)  # same colons and backquotes, a role docutils knows
    return re.sub(r"^(\s*)\.\. ([\w:-]+)::", r"\1.. \2 (a directive, not checked here)", text, flags=re.M)


def docstring_problems(text: str) -> list[str]:
    """docutils' warnings for a (napoleon-converted) docstring, Sphinx roles aside: [] when it is clean."""
    import io

    from docutils.core import publish_doctree
    from docutils.utils import SystemMessage

    stream = io.StringIO()
    try:
        publish_doctree(_strip_roles(text), settings_overrides={
            "report_level": 2, "halt_level": 5, "warning_stream": stream, "file_insertion_enabled": False,
            "raw_enabled": False})
    except SystemMessage as exc:  # pragma: no cover - halt_level 5 never halts
        return [str(exc)]
    except Exception:  # a check that cannot run must not break the book; Sphinx still parses the docstring
        return []
    return [line for line in stream.getvalue().splitlines() if "(WARNING/" in line or "(ERROR/" in line
            or "(SEVERE/" in line]


def _safe_docstring(app, what, name, obj, options, lines):
    if not name.startswith("heavytail"):
        return
    if what == "module":
        first = []
        for line in lines:
            if not line.strip():
                if first:
                    break
                continue
            first.append(line)
        lines[:] = first + [""]
    problems = docstring_problems("\n".join(lines))
    if problems:
        import inspect

        from sphinx.util import logging
        logging.getLogger(__name__).info(f"[book_reader] docstring of {name} shown verbatim: {problems[0]}")
        raw = inspect.getdoc(obj) or ""
        lines[:] = ["::", ""] + ["    " + line for line in raw.splitlines()] + [""]


def setup(app):
    app.setup_extension("sphinx.ext.autodoc")  # its event must exist before we connect to it
    app.connect("config-inited", _configure_routes, priority=900)
    app.connect("doctree-read", _collect_proof_titles)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("autodoc-process-docstring", _safe_docstring, priority=900)  # after napoleon (500)
    app.add_css_file("book_reader.css")
    app.add_js_file("book_reader.js")
    try:
        from sphinx_proof.domain import ProofIndex
        ProofIndex.generate = proof_index_generate
        ProofIndex.localname = "Index of theorems, propositions and definitions"
    except ImportError:  # the book always has sphinx-proof; the extension itself does not need it
        pass
    return {"parallel_read_safe": True, "parallel_write_safe": True}
