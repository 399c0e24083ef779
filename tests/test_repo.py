"""House rules of the repository, checked on every `make test`."""

import ast
import os
import re
import subprocess
from pathlib import Path

import jupytext
import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.md"))


def _pyproject():
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = [toc["root"]]
    for part in toc.get("parts", []):
        out += [c["file"] for c in part.get("chapters", [])]
    return out


def test_versions_agree_between_pyproject_environment_and_lock():
    project = _pyproject()["project"]
    assert "3.11" in project["requires-python"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-c requirements-lock.txt" in pip_section and "-e .[dev]" in pip_section
    lock = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, ver = line.partition("==")
            lock[name.lower().replace("_", "-")] = ver
    reqs = list(project["dependencies"])
    for items in project["optional-dependencies"].values():
        reqs += [r for r in items if not r.startswith("heavytail")]
    for spec in reqs:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in lock, f"{name} is a dependency but is not pinned in requirements-lock.txt (make lock)"
        assert req.specifier.contains(lock[name], prereleases=True), \
            f"requirements-lock.txt pins {name}=={lock[name]}, outside pyproject's {req.specifier}"


def test_jupyter_book_is_pinned_below_2():
    book = " ".join(_pyproject()["project"]["optional-dependencies"]["book"])
    assert re.search(r"jupyter-book>=1\.0\.4,<2", book)


def test_every_toc_entry_exists_and_every_notebook_is_in_the_toc():
    toc = _toc_files()
    for entry in toc:
        assert (ROOT / f"{entry}.md").exists(), f"_toc.yml lists {entry} but {entry}.md does not exist"
    for nb in NOTEBOOKS:
        rel = str(nb.relative_to(ROOT).with_suffix(""))
        assert rel in toc, f"{rel} is not in _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_has_parameters_cell_and_documents_it(path):
    nb = jupytext.read(path)
    params = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell must be tagged `parameters`"
    src = params[0].source
    assert re.search(r"^quick\s*=\s*False\b", src, re.M), "the parameters cell must set quick = False"
    assert re.search(r"^seed\s*=", src, re.M), "the parameters cell must set a seed"
    first_md = next(c for c in nb.cells if c.cell_type == "markdown")
    assert first_md.source.lstrip().startswith("# "), "a notebook opens with its title"
    head = "\n".join(c.source for c in nb.cells[: nb.cells.index(params[0])] if c.cell_type == "markdown")
    assert "Parameters" in head or "parameters" in head, "document the parameters before the parameters cell"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


def test_no_notebook_outputs_are_committed():
    tracked = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked.strip() == "", f"generated notebooks are committed: {tracked}"


def _defs_in_notebook(path):
    nb = jupytext.read(path)
    names = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            code = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            tree = ast.parse("\n".join(code))
        except SyntaxError:
            continue
        names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return names


def _public_src_names():
    names = set()
    for mod in (ROOT / "src" / "heavytail").glob("*.py"):
        tree = ast.parse(mod.read_text())
        names |= {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                  and not n.name.startswith("_")}
    return names


def test_no_function_is_defined_twice():
    """Notebooks are thin: no notebook re-defines a function of src/, and no two notebooks share a helper."""
    public = _public_src_names()
    seen = {}
    for nb in NOTEBOOKS:
        for name in _defs_in_notebook(nb):
            assert name not in public, f"{nb.name} re-defines heavytail's {name}(): import it instead"
            assert name not in seen, (
                f"{name}() is defined in both {seen.get(name)} and {nb.name}: move it to src/"
            )
            seen[name] = nb.name


def test_make_targets_are_phony_and_ci_runs_make_test():
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    for target in ("book", "test", "notebooks", "clean", "student"):
        assert target in phony
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_readme_parameter_table_is_current():
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    import readme_params
    readme = (ROOT / "README.md").read_text()
    assert readme_params.block() in readme, "README's parameter table is stale: run `make readme`"
    for cmd in ("make book", "make test", "papermill"):
        assert cmd in readme


# --------------------------------------------------------------------------------------------------
# STYLE.md: the rules that can be checked
# --------------------------------------------------------------------------------------------------

def _code_cells(path):
    return [c for c in jupytext.read(path).cells if c.cell_type == "code"]


def _part_and_page(path):
    part = re.match(r"part(\d+)_", path.parent.name).group(1)
    page = int(re.match(r"(\d+)_", path.name).group(1))
    return part, page


def test_style_guide_is_in_the_repository():
    style = (ROOT / "STYLE.md").read_text()
    for topic in ("Where code goes", "page skeleton", "glue", "Figures", "Notation", "parameters"):
        assert topic in style, f"STYLE.md has no section on {topic!r}"
    assert "STYLE.md" in (ROOT / "README.md").read_text(), "the README points forkers to STYLE.md"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_imports_no_private_module(path):
    private = re.compile(r"\bheavytail\._[a-z]\w*|\bfrom\s+heavytail\s+import\s+(?:\([^)]*)?\b_[a-z]\w*")
    for cell in _code_cells(path):
        hit = private.search(cell.source)
        assert not hit, f"a notebook imports only public modules, not {hit.group(0)!r} (STYLE.md)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_has_one_hidden_setup_cell(path):
    cells = _code_cells(path)
    i = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    assert i + 1 < len(cells), "the parameters cell is followed by the setup cell"
    setup_cell = cells[i + 1]
    assert re.search(r"^from heavytail\.notebook import setup$", setup_cell.source, re.M), \
        "the cell after the parameters imports heavytail.notebook.setup (STYLE.md, the page skeleton)"
    assert re.search(r"^page = setup\(quick, seed\b", setup_cell.source, re.M), \
        "the setup cell calls page = setup(quick, seed, ...)"
    assert "hide-input" in setup_cell.metadata.get("tags", []), "the setup cell is tagged hide-input"
    others = [c for c in cells if c is not setup_cell and re.search(r"\bsetup\(quick", c.source)]
    assert not others, "one setup call per page"


_GLUE_LITERAL = re.compile(r"""\bglue\(\s*(f?)(["'])(.*?)\2""")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_glue_keys_follow_the_scheme(path):
    """Glue keys are p<part>n<page>-<lower-case-with-hyphens> (STYLE.md), unique across the book."""
    part, page = _part_and_page(path)
    prefix = f"p{part}n{page}-"
    key_re = re.compile(rf"^{re.escape(prefix)}[a-z0-9]+(-[a-z0-9]+)*$")
    bad = []
    for cell in _code_cells(path):
        for f, _, key in _GLUE_LITERAL.findall(cell.source):
            if f:
                literal = re.split(r"[{]", key, maxsplit=1)[0]
                ok = literal.startswith(prefix) and re.fullmatch(r"[a-z0-9-]*", literal[len(prefix):])
            else:
                ok = key_re.match(key)
            if not ok:
                bad.append(key)
    assert not bad, f"glue keys not of the form {prefix}<name> (lower case, hyphens): {bad}"


_GLUE_REF = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")


def _glued(path):
    """The literal glue keys of a notebook, and the literal prefixes of its f-string keys."""
    keys, prefixes = set(), set()
    for cell in _code_cells(path):
        for f, _, key in _GLUE_LITERAL.findall(cell.source):
            (prefixes.add(key.split("{", 1)[0]) if f else keys.add(key))
    return keys, prefixes


def test_every_glue_reference_names_a_glued_key():
    """A {glue} role in a page, or a page quoting another page's number, names a key that page glues."""
    glued = {nb.relative_to(ROOT).with_suffix(".ipynb"): _glued(nb) for nb in NOTEBOOKS}
    missing = []
    for page in NOTEBOOKS + sorted((ROOT / "book").glob("*.md")):
        for ref in _GLUE_REF.findall(page.read_text()):
            if "::" in ref:
                path, ref = ref.split("::", 1)
                target = (page.parent / path).resolve().relative_to(ROOT)
            else:
                target = page.relative_to(ROOT).with_suffix(".ipynb")
            key = ref.split(":", 1)[0]
            keys, prefixes = glued.get(target, (set(), set()))
            if key not in keys and not any(key.startswith(p) for p in prefixes):
                missing.append(f"{page.relative_to(ROOT)}: {key} (from {target})")
    assert not missing, "glue references to keys nobody glues:\n" + "\n".join(missing)


# Modules whose tests still live in another file; each entry says where. The test below fails once the
# file exists, so that the entry is removed.
TESTS_ELSEWHERE: dict[str, str] = {}


def test_every_module_has_its_test_file():
    modules = {p.stem for p in (ROOT / "src" / "heavytail").glob("*.py")} - {"__init__"}
    # the command line (__main__) is tested as a command; _validate as validate
    expected = {m: {"__main__": "cli", "_validate": "validate"}.get(m, m) for m in modules}
    missing = sorted(f"tests/test_{t}.py ({m})" for m, t in expected.items()
                     if not (ROOT / "tests" / f"test_{t}.py").exists() and m not in TESTS_ELSEWHERE)
    assert not missing, f"one test file per module: missing {missing}"
    moved = sorted(m for m in TESTS_ELSEWHERE if (ROOT / "tests" / f"test_{m}.py").exists())
    assert not moved, f"tests/test_<module>.py now exists: remove {moved} from TESTS_ELSEWHERE"


def test_lint_runs_in_make_test():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^test:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "tools/lint.py" in recipe, "make test runs the lint (tools/lint.py)"


PLACEHOLDER_REPO = "github.com/heavytail-book"  # a repository that does not exist (issue 13, item 4)


def test_no_link_to_the_placeholder_repository():
    """Neither the sources nor any built HTML point readers to the placeholder repository."""
    skip = {".git", "_build", ".venv", "node_modules"}
    files = []
    for top, dirs, names in os.walk(ROOT):   # prune .venv and friends instead of walking their 10^4 files
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]  # egg-info: old README
        files += [Path(top) / n for n in names]
    hits = [str(p.relative_to(ROOT)) for p in files
            if p.name != "test_repo.py"
            and p.suffix in {".md", ".yml", ".yaml", ".py", ".toml", ".cff", ".txt", ".cfg", ""}
            and PLACEHOLDER_REPO in p.read_text(errors="ignore")]
    built = [h for h in (ROOT / "_build").glob("**/_build/html") if (h / "index.html").exists()
             and (h / "index.html").stat().st_mtime >= (ROOT / "_config.yml").stat().st_mtime]
    for html in built:  # builds older than the configuration are stale, not the book
        hits += [str(p.relative_to(ROOT)) for p in html.rglob("*.html") if PLACEHOLDER_REPO in p.read_text()]
    assert not hits, f"links to the placeholder repository {PLACEHOLDER_REPO}: {hits[:10]}"


_LOG_FUNCS = {"log", "log10", "log2", "log1p"}


def _has_log_call(node, logged=frozenset()):
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            f = sub.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name in _LOG_FUNCS:
                return True
        if isinstance(sub, ast.Name) and sub.id in logged:
            return True
    return False


def polyfits_on_logs(source: str) -> list[int]:
    """Line numbers of ``polyfit`` calls whose arguments are logarithms (directly, or names assigned from a
    logarithm anywhere in the same source)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    logged = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _has_log_call(node.value):
            for target in node.targets:
                logged |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name == "polyfit" and any(_has_log_call(a, frozenset(logged)) for a in node.args):
                hits.append(node.lineno)
    return hits


def test_polyfit_on_logs_is_caught():
    assert polyfits_on_logs("import numpy as np\ns = np.polyfit(np.log(x), np.log(y), 1)[0]") == [2]
    assert polyfits_on_logs("x, y = np.log(a), np.log(b)\nslope, icept = np.polyfit(x, y, 1)") == [2]
    assert polyfits_on_logs("coef = np.polyfit(t, v, 2)") == []


def test_one_log_log_slope():
    """Every log-log line goes through heavytail.scaling.loglog_slope (STYLE.md, one home per helper)."""
    sources = [p for p in (ROOT / "src" / "heavytail").glob("*.py") if p.name != "scaling.py"]
    sources += sorted((ROOT / "bench").glob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
    hits = [f"{p.relative_to(ROOT)}:{line}" for p in sources for line in polyfits_on_logs(p.read_text())]
    for nb in NOTEBOOKS:
        code = "\n".join(
            "\n".join(ln for ln in c.source.splitlines() if not ln.lstrip().startswith(("%", "!")))
            for c in _code_cells(nb)
        )
        hits += [f"{nb.relative_to(ROOT)} (code line {line})" for line in polyfits_on_logs(code)]
    assert not hits, f"np.polyfit on logarithms outside scaling.py; use scaling.loglog_slope: {hits}"


def _public_functions():
    import importlib
    import inspect
    import pkgutil

    import heavytail
    for info in pkgutil.iter_modules(heavytail.__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"heavytail.{info.name}")
        for name, obj in vars(mod).items():
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == mod.__name__:
                yield f"{mod.__name__}.{name}", obj


def test_one_random_number_convention():
    """A function that draws takes ``seed`` (an integer >= 0 or a Generator, through _validate.as_rng),
    never ``rng`` or ``random_state`` (STYLE.md)."""
    import inspect
    bad = []
    for qualname, f in _public_functions():
        names = set(inspect.signature(f).parameters) & {"rng", "random_state"}
        if names:
            bad.append(f"{qualname}({', '.join(sorted(names))})")
    assert not bad, f"name the random-number argument seed, not rng/random_state: {bad}"


# Modules whose public functions do not yet all have numpydoc Parameters / Returns sections, with the reason
# (none left since issue 12; a new entry needs its reason and a TODO).
DOCSTRING_TODO: dict[str, str] = {}
_ROLE_AT_LINE_START = re.compile(r"^\s*:[\w+:-]+:`")


def _returns_something(f) -> bool:
    """Whether the function's own body (not a nested function) has ``return <value>`` or ``yield``."""
    import inspect
    import textwrap
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(f)))
    except (OSError, TypeError, SyntaxError):
        return True
    fn = tree.body[0]
    todo, found = list(fn.body), False
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            found = True
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            found = True
        todo.extend(ast.iter_child_nodes(node))
    return found


def docstring_problems_of(f) -> list[str]:
    """What a public function's docstring lacks: numpydoc Parameters (if it takes arguments), Returns or
    Yields (if it returns something), Examples; and no line may start with a role (docutils reads it as a
    field list)."""
    import inspect
    doc = inspect.getdoc(f) or ""
    out = []
    if not doc.strip():
        return ["no docstring"]
    args = [p for p in inspect.signature(f).parameters if p not in ("self", "cls")]
    if args and not re.search(r"^Parameters\n-{3,}$", doc, re.M):
        out.append("no Parameters section")
    if _returns_something(f) and not re.search(r"^(Returns|Yields)\n-{3,}$", doc, re.M):
        out.append("no Returns section")
    if not re.search(r"^Examples\n-{3,}$", doc, re.M):
        out.append("no Examples section")
    out += [f"a line starts with a role: {ln.strip()[:40]!r}" for ln in doc.splitlines()
            if _ROLE_AT_LINE_START.match(ln)]
    return out


def test_docstring_check_sees_what_is_missing():
    def f(x):
        """Do it.

        :math:`x` is the input.
        """
        return x

    def g(x):
        """Do it.

        Parameters
        ----------
        x : int
            Input.

        Examples
        --------
        >>> g(1)
        1
        """
        print(x)

    problems = docstring_problems_of(f)
    assert "no Parameters section" in problems and "no Returns section" in problems
    assert "no Examples section" in problems
    assert any("starts with a role" in p for p in problems)
    assert docstring_problems_of(g) == []


def test_public_functions_have_numpydoc_sections():
    """Every public function has Parameters (if it takes arguments), Returns (if it returns something) and
    Examples sections, and no docstring line starts with a role (STYLE.md; they feed the API page)."""
    import inspect
    import sys

    from sphinx.ext.napoleon import Config
    from sphinx.ext.napoleon.docstring import NumpyDocstring
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import book_reader
    config = Config(napoleon_use_param=True, napoleon_use_rtype=True)
    bad = []
    for qualname, f in _public_functions():
        if qualname.split(".")[1] in DOCSTRING_TODO:
            continue
        bad += [f"{qualname}: {p}" for p in docstring_problems_of(f)]
        # what the API page renders: napoleon's reST, which docutils must parse (else it is shown verbatim)
        rst = str(NumpyDocstring(inspect.getdoc(f) or "", config, what="function"))
        bad += [f"{qualname}: docutils: {p}" for p in book_reader.docstring_problems(rst)[:1]]
    assert not bad, f"{len(bad)} docstring problems:\n" + "\n".join(bad)


def _doctest_modules():
    import pkgutil

    import heavytail
    return [m.name for m in pkgutil.iter_modules(heavytail.__path__)
            if m.name not in DOCSTRING_TODO and m.name != "__main__"]


@pytest.mark.parametrize("name", _doctest_modules())
def test_docstring_examples_run(name):
    """The Examples sections run (doctest), so the API page shows code that works."""
    import doctest
    import importlib

    import numpy as np
    mod = importlib.import_module(f"heavytail.{name}")
    # a page's setup (plotting.use_style) prints numpy scalars as numpy 1.25 did; doctests expect the default
    with np.printoptions(legacy=False):
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert res.failed == 0, f"{res.failed} of {res.attempted} doctest examples of heavytail.{name} failed"
