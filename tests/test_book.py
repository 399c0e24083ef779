"""Tests of the reader-facing parts of the book (issue 13, items 4-7): the repository setting, the
build-status page, the API reference, the bibliography and the prose. (The built HTML is checked by
tools/check_html.py.)"""

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
import book_reader  # noqa: E402
import status_page  # noqa: E402


def _config(url):
    return SimpleNamespace(html_theme_options={"repository_url": url, "use_download_button": True},
                           html_static_path=[], html_favicon=None, html_search_scorer="")


@pytest.mark.parametrize("url", ["", "   ", "not a url", "https://github.com/only-owner"])
def test_without_a_repository_no_buttons_or_pip_from_git(url):
    config = _config(url)
    book_reader._configure_routes(None, config)
    opts = config.html_theme_options
    assert "repository_url" not in opts and "launch_buttons" not in opts
    assert not opts["use_repository_button"] and not opts["use_issues_button"]
    assert "git+" not in opts["announcement"] and "pip install -e ." in opts["announcement"]
    assert config.html_favicon.endswith("favicon.svg") and Path(config.html_favicon).exists()
    assert opts["navbar_persistent"] == []  # no second search field in a header bar


def test_with_a_repository_buttons_binder_and_pip_from_git_follow_the_one_setting():
    config = _config("https://github.com/someone/their-fork/")
    book_reader._configure_routes(None, config)
    opts = config.html_theme_options
    assert opts["repository_url"] == "https://github.com/someone/their-fork"
    assert opts["use_repository_button"] and opts["use_issues_button"]
    assert opts["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert 'git+https://github.com/someone/their-fork"' in opts["announcement"]


def test_the_shipped_config_names_no_repository():
    import yaml
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == ""
    html = config["html"]
    assert not any(k in html for k in ("use_repository_button", "use_issues_button", "announcement"))
    assert "launch_buttons" not in config


def test_status_page_lists_every_notebook_with_both_modes():
    results = [
        ("notebooks/part1_primer/01_a.ipynb", 12.3, None),
        ("notebooks/part2_sampling/02_b.ipynb", 700.0, "boom"),
    ]
    page = status_page.render_page(results, quick=True, other={"notebooks/part1_primer/01_a.ipynb": 40.0},
                                   other_when="2026-12-01")
    assert "{doc}`/notebooks/part1_primer/01_a`" in page and "{doc}`/notebooks/part2_sampling/02_b`" in page
    assert "| 12 s | 40 s |" in page and "11.7 min (failed) | not run |" in page
    assert "1 notebook failed" in page and "(s)" not in page


def test_status_page_is_written_into_the_staging_tree(tmp_path):
    page = status_page.write_status_page(tmp_path, [("notebooks/x/01.ipynb", 1.0, None)], quick=False)
    assert page == tmp_path / "book" / "status.md" and page.read_text().startswith("# Build status")
    # --no-execute keeps the last page
    assert status_page.write_status_page(tmp_path, [], quick=False) is None


def test_status_page_is_in_the_toc_and_linked_instead_of_typed_times():
    assert "book/status" in (ROOT / "_toc.yml").read_text()
    assert (ROOT / "book" / "status.md").exists()


BUILD_CHATTER = re.compile(r"load average|cores shared|shared cores|shared 2-core|this cell took|"
                           r"\brun\(s\)|model\(s\)|epoch\(s\)|rate\(s\)|took \d+(\.\d+)? s\b", re.I)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "notebooks").rglob("*.md")) + sorted((ROOT / "book").glob("*.md")),
    ids=lambda p: p.name,
)
def test_no_build_chatter_in_the_prose(path):
    """Prose and printed output: no run times, load averages or "(s)" plurals (code comments may explain)."""
    hits, in_code = [], False
    for line in path.read_text().splitlines():
        if line.startswith("```{code-cell}"):
            in_code = True
        elif in_code and line.startswith("```"):
            in_code = False
        text = re.sub(r"(^|\s)#.*$", "", line) if in_code else line
        if BUILD_CHATTER.search(text):
            hits.append(line.strip())
    assert not hits, f"{path.name}: run times belong on the build status page, not in the text: {hits[:3]}"


def test_api_reference_documents_every_public_module():
    api = (ROOT / "book" / "api.md").read_text()
    modules = sorted(p.stem for p in (ROOT / "src" / "heavytail").glob("*.py") if not p.stem.startswith("_"))
    missing = [m for m in modules if f".. automodule:: heavytail.{m}\n" not in api]
    assert not missing, f"book/api.md does not document: {missing}"
    assert "book/api" in (ROOT / "_toc.yml").read_text()


def test_a_docstring_docutils_cannot_parse_is_caught():
    assert book_reader.docstring_problems("Fit it.\n\n:param n: samples\n:returns: a fit\nstray unindent")
    assert (
        book_reader.docstring_problems("Fit it, see :func:`heavytail.passk.tail_law`.\n\n:param n: x\n") == []
    )


def test_a_broken_docstring_is_shown_verbatim_and_a_module_keeps_its_first_paragraph():
    def f():
        """Summary.

        Parameters
        ----------
        n : int
        bad
      unindent
        """
    lines = ["Summary.", "", ":param n:", "bad", "  unindent"]
    book_reader._safe_docstring(None, "function", "heavytail.x.f", f, {}, lines)
    assert lines[0] == "::" and all(line.startswith("    ") or not line for line in lines[2:])
    mod = ["First paragraph", "goes on.", "", "Public functions", "----------------", "a  b"]
    book_reader._safe_docstring(None, "module", "heavytail.x", None, {}, mod)
    assert mod == ["First paragraph", "goes on.", ""]


def test_proof_titles_are_plain_text():
    assert (
        book_reader.plain_title("(Best-$k$ error of a power-law sequence)")
        == "Best-k error of a power-law sequence"
    )
    assert book_reader.plain_title("The KS choice of $x_{\\min}$") == "The KS choice of xₘᵢₙ"


NO_DOI = {  # entries that have no DOI or arXiv identifier (checked), with why
    "seed000infrastructure": "unpublished digest, no public copy",
    "paul2007asymptotics": "Statistica Sinica assigns no DOI to 2007 papers",
    "gnedenko1954limit": "book, 1954",
    "feller1971introduction": "book, 1971",
}


def test_bibliography_entries_can_be_looked_up():
    from pybtex.database import parse_file
    db = parse_file(str(ROOT / "book" / "references.bib"))
    for key, entry in db.entries.items():
        f = entry.fields
        assert "title" in f and entry.persons.get("author"), key
        if key not in NO_DOI:
            assert {"doi", "eprint", "url"} & set(f), f"{key}: add its DOI, arXiv eprint or URL"
        if "eprint" in f:
            assert re.fullmatch(r"\d{4}\.\d{4,5}", f["eprint"]), f"{key}: arXiv id {f['eprint']!r}"
        if "doi" in f:
            assert f["doi"].startswith("10."), key
        names = " ".join(str(p) for p in entry.persons.get("author", []))
        assert "\\" not in names, f"{key}: write accented names in Unicode, not LaTeX (labels garble them)"


def test_bibliography_protects_acronyms_in_titles():
    text = (ROOT / "book" / "references.bib").read_text()
    for title in re.findall(r"^\s*title\s*=\s*\{(.*)\},?\s*$", text, re.M):
        bare = re.sub(r"\{[^{}]*\}", "", title)
        for word in re.findall(r"\b[A-Z][A-Z]+s?\b", bare):
            pytest.fail(f"protect {word!r} with braces in the title {title!r}")


def test_docstring_check_skips_sphinx_directives():
    text = "Tail law.\n\n.. math::\n\n   x^2\n\nSee :math:`k`.\n"
    assert book_reader.docstring_problems(text) == []


def test_docstring_check_sees_a_role_that_breaks_a_field_list():
    # a role inside a field name ends the field list: Sphinx warns, so the check must too
    text = "Fit.\n\n:param n:\n:param the prefactor (:func:`heavytail.passk.tail_law`:\n"
    assert book_reader.docstring_problems(text)


def test_status_page_from_the_builds_runs_marks_cached_notebooks():
    run = SimpleNamespace(rel="notebooks/part1_primer/01_a.ipynb", seconds=3.0, error=None, cached=True)
    page = status_page.page_bytes([run], quick=True).decode()
    assert "{doc}`/notebooks/part1_primer/01_a`" in page and "3 s (cached)" in page


ASCII_MATH = re.compile(r"[\w)]\^\(|\bpass_[A-Za-z]@|−log pass")


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").rglob("*.md")), ids=lambda p: p.name)
def test_captions_and_labels_use_real_math_and_one_unit_per_quantity(path):
    """Prose and captions write math as math ($k^{-b}$, not k^(-b)); -log pass@k is labelled in nats
    everywhere."""
    bad, in_code, in_meta = [], False, False
    for line in path.read_text().splitlines():
        if line.startswith("```{code-cell}"):
            in_code, in_meta = True, False
            continue
        if in_code and line.strip() == "---":
            in_meta = not in_meta
            continue
        if in_code and not in_meta and line.startswith("```"):
            in_code = False
            continue
        if in_code and not in_meta:  # code: only the axis labels
            if re.search(r"set_[xy]label\(.*log.*pass.*\(dimensionless\)", line) and "slope" not in line:
                bad.append(line.strip())
            continue
        if line.strip().startswith("alt:"):
            continue
        text = re.sub(r"`[^`]*`|\$[^$]*\$", "", line)
        if ASCII_MATH.search(text):
            bad.append(line.strip())
    assert not bad, f"{path.name}: {bad[:3]}"
