"""Check the built HTML book the way a reader meets it.

    python tools/check_html.py _build/html              # static checks + browser checks
    python tools/check_html.py _build/html --no-browser # static checks only

Static checks (every page listed in _toc.yml, parsed with BeautifulSoup):
  * the page exists; every internal link resolves to a file, and every #anchor to an id on that page;
  * every <img> has a non-empty alt text and its file exists;
  * no cell output shows a traceback, an error, or a warning printed to stderr;
  * no raw TeX is left in the text a reader sees (outside math, code and cell outputs): no TeX command
    such as ``\\tfrac``, no ``_{``/``^{``, no stray ``$``; and no inline math that is really prose set in
    math italics (three or more plain words in a row), the sign of a ``$$`` block written against a paragraph.
Browser checks (headless Debian Chromium driven by Playwright, pages served on 127.0.0.1):
  * the page loads with no console errors, no uncaught exceptions and no failed local requests, and
    requests nothing from another host (such requests are blocked and reported: the book must work offline);
  * every <img> has loaded with a non-zero natural size;
  * if the page has math, MathJax typeset it, with no MathJax error nodes;
  * at 1280 px: no table is wider than the text column (a reader should not scroll sideways on a desktop to
    see a result; at 390 px tables may scroll);
  * at 1280 px: every chapter figure (a PNG written by heavytail.plotting, which records its dpi and its
    smallest font size in PNG text chunks) is displayed at >= FIGURE_MIN_SCALE of its physical size (inches as
    saved x 96 CSS px) and its smallest text is >= TEXT_MIN_PX CSS px as displayed
    (min_font_pt * 96/72 * displayed scale); no display equation and no code cell is wider than its box;
  * the first figure of a chapter sits within FIRST_FIGURE_PX of the top of the page on at least
    FIRST_FIGURE_SHARE of the chapters, and within FIRST_FIGURE_MAX_PX on every chapter that has a figure;
  * at 390 px: every display equation stays inside the column (a long one scrolls inside its own box) and
    every cell of the landing page's tables lies inside the window (no column hidden off-screen);
  * screenshots of the landing page and of the first page of every part go to _build/screenshots/.
Exit status 1 with a list of every problem found.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build import toc_files  # noqa: E402

ERROR_MARKERS = ("Traceback (most recent call last)", "Error Traceback")

# What the reader sees (issue 13). Chapter pages are the notebooks; thresholds at a 1280 px window.
FIGURE_MIN_SCALE = 0.75       # displayed width / physical width (inches as saved x 96 CSS px)
TEXT_MIN_PX = 9.0             # smallest text in a figure, CSS px as displayed
FIRST_FIGURE_PX = 1400        # the first figure of a chapter starts this far from the top of the page ...
FIRST_FIGURE_SHARE = 0.8      # ... on at least this share of the chapters that have a figure ...
FIRST_FIGURE_MAX_PX = 2400    # ... and no chapter's first figure starts lower than this
WIDE, NARROW = 1280, 390      # window widths, CSS px

# raw TeX in text: a command (\tfrac, \sum, \alpha), a sub/superscript group, or a dollar sign
_RAW_TEX = re.compile(r"\\[A-Za-z]{2,}|[_^]\{|\$")
# inline math whose TeX holds three plain words in a row is prose typeset as math
_PROSE_IN_MATH = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}(?:[ ~]+[A-Za-z]{2,}){2,}")
_NOT_PROSE = re.compile(r"\\(?:text|mathrm|operatorname|mbox|textrm|textit|mathit)\s*\{[^{}]*\}|\\[A-Za-z]+")
_NOT_TEXT = ("script", "style", "pre", "code", "kbd", "samp", "mjx-container", "svg", "math")
_NOT_TEXT_CLASSES = ("math", "highlight", "cell_output", "output", "MathJax", "headerlink", "copybtn")


def _skip_text(node) -> bool:
    for parent in node.parents:
        if parent.name in _NOT_TEXT:
            return True
        if any(c in _NOT_TEXT_CLASSES for c in (parent.get("class") or [])):
            return True
    return False


def raw_tex_problems(html, page: str) -> list[str]:
    """Raw TeX left in the rendered text of ``page`` (its HTML, or its parsed tree), and prose set in math
    italics."""
    soup = BeautifulSoup(html, "html.parser") if isinstance(html, str) else html
    main = soup.find("main") or soup
    problems = []
    for text in main.find_all(string=True):
        if type(text).__name__ != "NavigableString" or _skip_text(text):
            continue
        s, seen = str(text), set()
        for m in _RAW_TEX.finditer(s):
            if m.group() in seen:
                continue
            seen.add(m.group())
            snippet = " ".join(s[max(0, m.start() - 40):m.end() + 40].split())
            problems.append(f"{page}: raw TeX {m.group()!r} outside math: ...{snippet}...")
    for span in main.select("span.math"):
        tex = _NOT_PROSE.sub(" ", span.get_text())
        m = _PROSE_IN_MATH.search(tex)
        if m:
            problems.append(f"{page}: prose set as math (a $$ block against a paragraph?): "
                            f"{' '.join(span.get_text().split())[:120]!r}")
    return problems


def toc_pages(html_dir: Path) -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [f"{f}.html" for f in toc_files(toc)]
    # a partial build (tools/build.py --only) renders a subset; check what it rendered
    return [p for p in pages if (html_dir / p).exists()] if (html_dir / ".partial").exists() else pages


def _ids(soup) -> set[str]:
    return {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}


def _page_facts(html_dir: Path, page: str) -> tuple[list[str], set[str], list[tuple[str, Path, str]]]:
    """One page's static problems (all but missing anchors), its ids, and its links that carry an #anchor.

    Each page is parsed once (a parse is most of the time of the static checks); the anchors are resolved
    afterwards, against the ids of every page, by :func:`static_checks`.
    """
    path = html_dir / page
    problems: list[str] = []
    if not path.exists():
        return [f"{page}: page listed in _toc.yml was not built"], set(), []
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    anchored = []
    main = soup.find("main") or soup
    for a in main.find_all("a", href=True):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
            continue
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path.resolve()
        if not target.exists():
            problems.append(f"{page}: dead link {href!r}")
            continue
        if parts.fragment and target.suffix == ".html":
            anchored.append((href, target, unquote(parts.fragment)))
    for img in main.find_all("img"):
        src = img.get("src", "")
        if not img.get("alt", "").strip():
            problems.append(f"{page}: image {src!r} has no alt text")
        if src and not urlsplit(src).scheme and not src.startswith("data:"):
            if not (path.parent / unquote(urlsplit(src).path)).exists():
                problems.append(f"{page}: image file missing {src!r}")
    for out in main.select("div.cell_output, div.output"):
        text = out.get_text(" ", strip=True)
        classes = " ".join(out.get("class", []))
        if any(m in text for m in ERROR_MARKERS) or "traceback" in classes or out.select(".output.error"):
            problems.append(f"{page}: a cell output shows an error: {text[:160]!r}")
    for err in main.select("div.output.stderr"):
        text = err.get_text(" ", strip=True)
        if "Warning" in text or "Error" in text:
            problems.append(f"{page}: a cell printed a warning/error to stderr: {text[:200]!r}")
    problems += raw_tex_problems(main, page)
    return problems, _ids(soup), anchored


def static_checks(html_dir: Path, pages: list[str], jobs: int = 1) -> list[str]:
    """The static checks of every page, ``jobs`` pages parsed at a time (processes); problems in page order."""
    if jobs > 1 and len(pages) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(pages))) as pool:
            facts = list(pool.map(_page_facts, [html_dir] * len(pages), pages))
    else:
        facts = [_page_facts(html_dir, page) for page in pages]
    ids_of = {(html_dir / page).resolve(): ids for page, (_, ids, _) in zip(pages, facts)}
    problems = []
    for page, (found, _, anchored) in zip(pages, facts):
        problems += found
        for href, target, fragment in anchored:
            if target not in ids_of:  # a page outside the table of contents (the index, the API page, ...)
                ids_of[target] = _ids(BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser"))
            if fragment not in ids_of[target]:
                problems.append(f"{page}: link {href!r} points to a missing anchor")
    return problems


def png_record(path: Path) -> dict:
    """The dpi and smallest font size (points) that heavytail.plotting wrote into a PNG's text chunks."""
    from PIL import Image

    with Image.open(path) as im:
        info = dict(im.info)
    out = {}
    for key in ("dpi", "min_font_pt"):
        value = info.get(f"heavytail:{key}")
        try:
            out[key] = float(value) if value not in (None, "none") else None
        except ValueError:
            out[key] = None
    return out


def figure_problems(page: str, figures: list[dict], records: dict[str, dict]) -> list[str]:
    """Figures displayed too small, or with text too small, given their measured display widths.

    ``figures``: dicts with ``src``, ``natural`` (pixel width) and ``shown`` (CSS px as displayed);
    ``records``: ``png_record`` of each ``src`` (``{}`` for an image that is not a PNG of the book).
    """
    problems = []
    for f in figures:
        rec = records.get(f["src"], {})
        if not f["shown"]:
            continue  # not displayed (inside a closed toggle)
        if not rec.get("dpi"):
            problems.append(f"{page}: figure {f['src']} has no heavytail:dpi record "
                            "(made without heavytail.plotting.use_style?)")
            continue
        physical = f["natural"] / rec["dpi"] * 96.0
        scale = f["shown"] / physical
        if scale < FIGURE_MIN_SCALE - 1e-6:
            problems.append(f"{page}: figure {f['src']} is displayed at {scale:.2f} of its physical size "
                            f"({f['shown']:.0f} of {physical:.0f} CSS px; at least {FIGURE_MIN_SCALE}): "
                            "make it narrower (heavytail.plotting.MAX_WIDTH inches) or stack its panels")
        font = rec.get("min_font_pt")
        if font is not None:
            px = font * 96.0 / 72.0 * scale
            if px < TEXT_MIN_PX - 1e-6:
                problems.append(f"{page}: figure {f['src']} has text {px:.1f} CSS px tall as displayed "
                                f"({font:g} pt at scale {scale:.2f}; at least {TEXT_MIN_PX:g} px)")
    return problems


def first_figure_problems(positions: dict[str, float | None]) -> list[str]:
    """The first figure of each chapter (CSS px from the top of the page at 1280 px, None: no figure)."""
    shown = {p: y for p, y in positions.items() if y is not None}
    problems = [f"{p}: the first figure starts {y:.0f} px down the page (at most {FIRST_FIGURE_MAX_PX})"
                for p, y in sorted(shown.items()) if y > FIRST_FIGURE_MAX_PX]
    if shown:
        late = sorted(p for p, y in shown.items() if y > FIRST_FIGURE_PX)
        share = 1 - len(late) / len(shown)
        if share < FIRST_FIGURE_SHARE - 1e-9:
            problems.append(f"only {share:.0%} of chapters show their first figure within "
                            f"{FIRST_FIGURE_PX} px (at least {FIRST_FIGURE_SHARE:.0%}); "
                            f"late: {', '.join(late)}")
    return problems


# Measurements taken in the page (one call per window width). Every number is in CSS px.
_MEASURE_JS = """(opts) => {
  const art = document.querySelector('main article') || document.querySelector('article')
    || document.querySelector('main') || document.body;
  const col = art.getBoundingClientRect();
  const figs = () => Array.from(art.querySelectorAll('img'))
    .filter(i => /\\.png(\\?|$)/i.test(i.getAttribute('src') || ''));
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const out = {};
  const first = figs().filter(visible)[0];
  out.first_figure = first ? first.getBoundingClientRect().top + window.scrollY : null;
  // open every fold (code toggles, dropdowns) so that hidden code and figures are measured too
  document.querySelectorAll('details').forEach(d => d.open = true);
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  out.figures = figs().map(i => ({src: i.getAttribute('src'), natural: i.naturalWidth,
                                  shown: i.getBoundingClientRect().width}));
  const describe = el => (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80);
  out.math = Array.from(art.querySelectorAll('mjx-container[display="true"]')).map(m => {
    const r = m.getBoundingClientRect(), cs = getComputedStyle(m), parent = m.parentElement;
    const pcs = getComputedStyle(parent);
    const scrolls = ['auto', 'scroll'].includes(cs.overflowX) || ['auto', 'scroll'].includes(pcs.overflowX);
    return {text: describe(m), content: m.scrollWidth, box: m.clientWidth, left: r.left, right: r.right,
            scrolls: scrolls};
  });
  out.code = Array.from(art.querySelectorAll('div.cell_input pre, div.highlight pre')).filter(visible)
    .map(p => (
    {text: describe(p), content: p.scrollWidth, box: p.clientWidth}));
  out.column = {left: col.left, right: col.right};
  out.viewport = window.innerWidth;
  out.tables = Array.from(art.querySelectorAll('table')).map(t => {
    const cells = Array.from(t.querySelectorAll('td, th')).filter(visible);
    const bad = cells.filter(c => { const r = c.getBoundingClientRect();
      return r.left < -1 || r.right > window.innerWidth + 1; });
    const r = t.getBoundingClientRect();
    return {cells: cells.length, offscreen: bad.length, text: describe(bad[0] || t),
            head: describe(t.rows[0] || t), width: r.width, right: r.right};
  });
  return out;
}"""


def layout_problems(page: str, wide: dict | None, narrow: dict | None, *, landing: bool = False) -> list[str]:
    """Equations and code wider than their box at 1280 px; equations and tables off-screen at 390 px."""
    problems = []
    if wide:
        for m in wide["math"]:
            if m["content"] > m["box"] + 1 or m["right"] > wide["column"]["right"] + 1:
                problems.append(f"{page}: display equation wider than the column at {WIDE} px "
                                f"({m['content']:.0f} > {m['box']:.0f} px): {m['text']!r}")
        for t in wide.get("tables", []):
            if t["right"] > wide["column"]["right"] + 1:
                problems.append(f"{page}: table wider than the column at {WIDE} px "
                                f"({t['width']:.0f} px, the column ends at {wide['column']['right']:.0f}); "
                                f"first row: {t['head']!r}")
        for c in wide["code"]:
            if c["content"] > c["box"] + 1:
                problems.append(f"{page}: code cell wider than the column at {WIDE} px "
                                f"({c['content']:.0f} > {c['box']:.0f} px): {c['text']!r}")
    if narrow:
        for m in narrow["math"]:
            inside = m["right"] <= narrow["viewport"] + 1 and m["left"] >= -1
            if not inside or (m["content"] > m["box"] + 1 and not m["scrolls"]):
                problems.append(f"{page}: display equation neither fits nor scrolls in its own box at "
                                f"{NARROW} px: {m['text']!r}")
        if landing:
            for t in narrow["tables"]:
                if t["offscreen"]:
                    problems.append(f"{page}: {t['offscreen']} of {t['cells']} table cells lie outside the "
                                    f"window at {NARROW} px (hidden columns): {t['text']!r}")
    return problems


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test log readable
        pass


def serve(html_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("check_html: Chromium is not installed; run tools/ensure_chromium.sh (make test does)")


def _wait_for_math(page) -> bool:
    """Wait until MathJax has typeset the page (True), if it has math; False if it never did."""
    if not page.evaluate("document.querySelectorAll('.math, span.math, div.math').length > 0"):
        return True
    try:
        page.wait_for_function(
            "window.MathJax && MathJax.startup && MathJax.startup.promise && "
            "document.querySelectorAll('mjx-container').length > 0", timeout=20000)
        page.evaluate("MathJax.startup.promise")
        return True
    except Exception:  # noqa: BLE001
        return False


def browser_checks(html_dir: Path, pages: list[str], shots: Path | None, *, landing: str | None = None,
                   shot_pages: dict[str, str] | None = None, jobs: int = 1) -> list[str]:
    """Load every page in headless Chromium at 1280 px (and 390 px) and check what a reader sees.

    Chapter pages are those under ``notebooks/``; ``landing`` is the page whose tables must fit at 390 px.
    ``jobs`` browsers work on the pages side by side (one Playwright instance per thread, one shared local
    server); the problems are listed in the order of ``pages`` whatever ``jobs`` is.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1, got {jobs!r}")
    server = serve(html_dir)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    if shots is not None:
        if shots.exists():
            shutil.rmtree(shots)  # only this run's screenshots
        shots.mkdir(parents=True)
    pages = [p for p in pages if (html_dir / p).exists()]
    chunks = [pages[i::jobs] for i in range(min(jobs, len(pages)))]
    results: list = [None] * len(chunks)
    errors: list = []

    def work(i):
        try:
            results[i] = _browse(html_dir, base, chunks[i], shots, landing, shot_pages or {})
        except BaseException as e:  # noqa: BLE001 - re-raised in the main thread below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(chunks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.shutdown()
    if errors:
        raise errors[0]
    per_page: dict[str, list[str]] = {}
    first_figures: dict[str, float | None] = {}
    external: dict[str, set[str]] = {}
    for found, firsts, hosts in results:
        per_page.update(found)
        first_figures.update(firsts)
        for host, where in hosts.items():
            external.setdefault(host, set()).update(where)
    problems = [p for page in pages for p in per_page.get(page, [])]
    problems += first_figure_problems({p: first_figures[p] for p in pages if p in first_figures})
    for host, where in sorted(external.items()):  # the book must work offline: no scripts, fonts or images
        problems.append(f"requests to the external host {host} from: {', '.join(sorted(where)[:4])}")
    return problems


def _wait_until_settled(page, pending: set, timeout: float = 60.0) -> bool:
    """Wait until every request the page made has finished, every image is complete and the fonts are loaded.

    Playwright's "networkidle" waits for 500 ms without a request on every page; this returns as soon as the
    page is done (``pending`` is kept up to date by the page's request events). False after ``timeout`` s.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pending and page.evaluate(
                "Array.from(document.images).every(i => i.complete) && document.fonts.status === 'loaded'"):
            page.wait_for_timeout(200)   # a request that a script starts a moment after the last one
            if not pending:
                return True
        page.wait_for_timeout(20)
    return False


def _settle(page) -> None:
    """Wait until the page has laid itself out again (two animation frames), e.g. after a resize."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _browse(html_dir: Path, base: str, pages: list[str], shots: Path | None, landing: str | None,
            shot_pages: dict[str, str]):
    """One browser's share of :func:`browser_checks`: (problems per page, first figures, external hosts).

    Each page is loaded once at 1280 px and measured, then the same window is narrowed to 390 px and
    measured again (a resize re-runs the layout and the theme's media queries, as a narrow window would).
    The pages are opened one after another in one tab, as a reader follows links: a new tab per page starts a
    new renderer process and costs more than twice the time (the scripts are compiled and the styles computed
    afresh). Console messages and failed requests are counted against the page that caused them.
    """
    from playwright.sync_api import sync_playwright

    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    per_page: dict[str, list[str]] = {}
    first_figures: dict[str, float | None] = {}
    records: dict[Path, dict] = {}
    external: dict[str, set[str]] = {}
    console: dict[str, list[str]] = {}
    failed: dict[str, list[str]] = {}
    pending: set = set()      # requests not finished yet
    issued_by: dict = {}      # request -> the page that made it
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=flags)
        context = browser.new_context(viewport={"width": WIDE, "height": 900})
        current = {"page": ""}

        def route(r):
            if r.request.url.startswith(base):
                return r.continue_()
            external.setdefault(urlsplit(r.request.url).netloc, set()).add(current["page"])
            return r.abort()

        def on_request(r):
            pending.add(r)
            issued_by[r] = current["page"]

        def on_failed(r):
            pending.discard(r)
            owner = issued_by.get(r, current["page"])
            if owner != current["page"] and "ERR_ABORTED" in (r.failure or ""):
                return   # cancelled because the tab moved on to the next page, not a failure of the page
            if r.url.startswith(base):
                failed.setdefault(owner, []).append(r.url)

        context.route("**/*", route)
        tab = context.new_page()
        tab.on("console", lambda m: console.setdefault(current["page"], []).append(m.text)
               if m.type == "error" else None)
        tab.on("pageerror", lambda e: console.setdefault(current["page"], []).append(f"uncaught: {e}"))
        tab.on("request", on_request)
        tab.on("requestfinished", lambda r: pending.discard(r))
        tab.on("requestfailed", on_failed)
        for page_path in pages:
            # leave the last page before the window is widened again: what it does on the resize is its own
            tab.goto("about:blank")
            current["page"] = page_path
            problems = per_page.setdefault(page_path, [])
            tab.set_viewport_size({"width": WIDE, "height": 900})
            tab.goto(base + page_path, wait_until="load")
            tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            if not _wait_for_math(tab):
                problems.append(f"{page_path}: math was not typeset by MathJax")
            merr = tab.evaluate("Array.from(document.querySelectorAll('mjx-merror')).map("
                                "e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 3)")
            if merr:
                problems.append(f"{page_path}: MathJax errors: {merr}")
            if not _wait_until_settled(tab, pending):
                print(f"check_html: note: {page_path} still had requests open after 60 s", file=sys.stderr)
            broken = tab.evaluate(
                "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
                ".map(i => i.getAttribute('src'))")
            problems += [f"{page_path}: image did not load: {src}" for src in broken]
            if shots is not None and page_path in shot_pages:
                tab.screenshot(path=str(shots / f"{shot_pages[page_path]}.png"), full_page=False)
            wide = tab.evaluate(_MEASURE_JS, {})
            tab.set_viewport_size({"width": NARROW, "height": 844})
            _settle(tab)
            narrow = tab.evaluate(_MEASURE_JS, {})
            problems += layout_problems(page_path, wide, narrow, landing=page_path == landing)
            if page_path.startswith("notebooks/"):
                first_figures[page_path] = wide["first_figure"]
                recs = {}
                for f in wide["figures"]:
                    png = (html_dir / page_path).parent / unquote(urlsplit(f["src"]).path)
                    if png not in records:
                        records[png] = png_record(png) if png.exists() else {}
                    recs[f["src"]] = records[png]
                problems += figure_problems(page_path, wide["figures"], recs)
        tab.close()
        browser.close()
    for page_path, problems in per_page.items():
        # console errors caused by the blocked external hosts are expected offline; others are not
        own = [m for m in console.get(page_path, []) if "net::ERR_FAILED" not in m]
        problems += [f"{page_path}: console error: {m[:200]}" for m in own]
        problems += [f"{page_path}: local request failed: {u}" for u in failed.get(page_path, [])]
    return per_page, first_figures, external


def screenshot_pages() -> tuple[str, dict[str, str]]:
    """The landing page and the first notebook of every part, with their screenshot names."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    landing = f"{toc['root']}.html"
    shot_pages = {landing: "00-landing"}
    for i, part in enumerate(toc.get("parts", []), start=1):
        chapters = [c["file"] for c in part.get("chapters", [])]
        notebooks = [c for c in chapters if c.startswith("notebooks/")] or chapters
        if notebooks:
            shot_pages[f"{notebooks[0]}.html"] = f"{i:02d}-{Path(notebooks[0]).name}"
    return landing, shot_pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("html_dir", type=Path)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--screenshots", type=Path, default=ROOT / "_build" / "screenshots")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="browsers working side by side (default: the number of cores)")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error(f"--jobs must be >= 1, got {args.jobs}")
    html_dir = args.html_dir.resolve()
    if not (html_dir / "index.html").exists():
        print(f"check_html: {html_dir}/index.html is missing: the book was not built", file=sys.stderr)
        return 1
    pages = toc_pages(html_dir)
    problems = static_checks(html_dir, pages, jobs=args.jobs)
    if not args.no_browser:
        landing, shot_pages = screenshot_pages()
        problems += browser_checks(html_dir, pages, args.screenshots, landing=landing, shot_pages=shot_pages,
                                   jobs=args.jobs)
    if problems:
        print(f"check_html: {len(problems)} problem(s) in {html_dir}:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print(f"check_html: {len(pages)} pages OK (static{'' if args.no_browser else ' + browser'} checks)"
          + ("" if args.no_browser else f"; screenshots in {args.screenshots}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
