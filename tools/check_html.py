"""Check the built HTML book the way a reader meets it.

    python tools/check_html.py _build/html              # static checks + browser checks
    python tools/check_html.py _build/html --no-browser # static checks only

Static checks (every page listed in _toc.yml, parsed with BeautifulSoup):
  * the page exists; every internal link resolves to a file, and every #anchor to an id on that page;
  * every <img> has a non-empty alt text and its file exists;
  * no cell output shows a traceback, an error, or a warning printed to stderr.
Browser checks (headless Debian Chromium driven by Playwright, pages served on 127.0.0.1):
  * the page loads with no console errors, no uncaught exceptions and no failed local requests, and
    requests nothing from another host (such requests are blocked and reported: the book must work offline);
  * every <img> has loaded with a non-zero natural size;
  * if the page has math, MathJax typeset it, with no MathJax error nodes;
  * screenshots of the landing page and of the first page of every part go to _build/screenshots/.
Exit status 1 with a list of every problem found.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build import toc_files  # noqa: E402

ERROR_MARKERS = ("Traceback (most recent call last)", "Error Traceback")


def toc_pages(html_dir: Path) -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [f"{f}.html" for f in toc_files(toc)]
    # a partial build (tools/build.py --only) renders a subset; check what it rendered
    return [p for p in pages if (html_dir / p).exists()] if (html_dir / ".partial").exists() else pages


def static_checks(html_dir: Path, pages: list[str]) -> list[str]:
    problems = []
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids_cache[path] = {t["id"] for t in soup.find_all(id=True)} | {
                t["name"] for t in soup.find_all("a", attrs={"name": True})}
        return ids_cache[path]

    for page in pages:
        path = html_dir / page
        if not path.exists():
            problems.append(f"{page}: page listed in _toc.yml was not built")
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        main = soup.find("main") or soup
        for a in main.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                problems.append(f"{page}: dead link {href!r}")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                problems.append(f"{page}: link {href!r} points to a missing anchor")
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


def browser_checks(html_dir: Path, pages: list[str], shots: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    problems = []
    server = serve(html_dir)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    if shots.exists():
        shutil.rmtree(shots)  # only this run's screenshots
    shots.mkdir(parents=True)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    shot_pages = {f"{toc['root']}.html": "00-landing"}
    for i, part in enumerate(toc.get("parts", []), start=1):
        chapters = [c["file"] for c in part.get("chapters", [])]
        notebooks = [c for c in chapters if c.startswith("notebooks/")] or chapters
        if notebooks:
            shot_pages[f"{notebooks[0]}.html"] = f"{i:02d}-{Path(notebooks[0]).name}"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=flags)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        external: dict[str, set[str]] = {}
        current = {"page": ""}

        def route(r):
            if r.request.url.startswith(base):
                return r.continue_()
            external.setdefault(urlsplit(r.request.url).netloc, set()).add(current["page"])
            return r.abort()

        context.route("**/*", route)
        for page_path in pages:
            if not (html_dir / page_path).exists():
                continue
            current["page"] = page_path
            page = context.new_page()
            console, failed = [], []
            page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
            page.on("requestfailed", lambda r: failed.append(r.url) if r.url.startswith(base) else None)
            page.goto(base + page_path, wait_until="load")
            page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            has_math = page.evaluate(
                "document.querySelectorAll('.math, span.math, div.math').length > 0")
            if has_math:
                try:
                    page.wait_for_function(
                        "window.MathJax && MathJax.startup && MathJax.startup.promise && "
                        "document.querySelectorAll('mjx-container').length > 0", timeout=20000)
                    page.evaluate("MathJax.startup.promise")
                except Exception:  # noqa: BLE001
                    problems.append(f"{page_path}: math was not typeset by MathJax")
                merr = page.evaluate("Array.from(document.querySelectorAll('mjx-merror')).map("
                                     "e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 3)")
                if merr:
                    problems.append(f"{page_path}: MathJax errors: {merr}")
            page.wait_for_load_state("networkidle")
            broken = page.evaluate(
                "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
                ".map(i => i.getAttribute('src'))")
            problems += [f"{page_path}: image did not load: {src}" for src in broken]
            # console errors caused by the blocked external hosts are expected offline; others are not
            own = [m for m in console if "net::ERR_FAILED" not in m]
            problems += [f"{page_path}: console error: {m[:200]}" for m in own]
            problems += [f"{page_path}: local request failed: {u}" for u in failed]
            if page_path in shot_pages:
                page.screenshot(path=str(shots / f"{shot_pages[page_path]}.png"), full_page=False)
            page.close()
        browser.close()
    server.shutdown()
    for host, where in sorted(external.items()):  # the book must work offline: no scripts, fonts or images
        problems.append(f"requests to the external host {host} from: {', '.join(sorted(where)[:4])}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("html_dir", type=Path)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--screenshots", type=Path, default=ROOT / "_build" / "screenshots")
    args = ap.parse_args(argv)
    html_dir = args.html_dir.resolve()
    if not (html_dir / "index.html").exists():
        print(f"check_html: {html_dir}/index.html is missing: the book was not built", file=sys.stderr)
        return 1
    pages = toc_pages(html_dir)
    problems = static_checks(html_dir, pages)
    if not args.no_browser:
        problems += browser_checks(html_dir, pages, args.screenshots)
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
