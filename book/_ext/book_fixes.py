"""Small fixes to the HTML that Jupyter Book 1 produces, found by the browser check (tools/check_html.py).

1. sphinx-thebe's inline configuration script (``const THEBE_JS_URL = ...``) is added twice to every page
   under Jupyter Book 1.0.4, so the second copy throws "Identifier 'THEBE_JS_URL' has already been declared".
   We keep only the first copy of any inline script.
2. On a reader's first visit (empty localStorage) the theme's head script sets an empty colour mode and
   pydata-sphinx-theme logs "Got invalid theme mode: . Resetting to auto." We default the mode to "auto"
   before the theme reads it.
"""

_MODE_FIX = ("if (!document.documentElement.dataset.mode) "
             "{ document.documentElement.dataset.mode = 'auto'; }")


def _dedupe_inline_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        body = getattr(js, "attributes", {}).get("body") if hasattr(js, "attributes") else None
        key = (getattr(js, "filename", None) or "", body)
        if body is not None and key in seen:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"] = kept


def setup(app):
    app.setup_extension("reader_path")  # result first, machinery folded, narrow screens (its docstring)
    app.add_js_file(None, body=_MODE_FIX, priority=1)
    app.connect("html-page-context", _dedupe_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
