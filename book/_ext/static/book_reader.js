// book_reader extension (book/_ext/book_reader.py): build search snippets from the page text, not from the
// header buttons ("Repository", "Binder", "Download") that the theme puts inside role="main".
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const original = Search.htmlToText;
  const chrome = [".bd-header-article", ".header-article-items", ".article-header-buttons",
                  ".bd-sidebar-secondary", ".prev-next-area", ".bd-footer-article", ".bd-footer-content",
                  ".headerlink"];
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(chrome.join(",")).forEach((el) => el.remove());
    // snippets are not typeset: show inline math as plain text ("pass_D@k", not "\(\mathrm{pass}_D@k\)")
    doc.querySelectorAll(".math").forEach((el) => {
      el.textContent = el.textContent.replace(/\\[()[\]]/g, "").replace(/\\(mathrm|mathcal|operatorname|text|,|;|!)/g, "")
        .replace(/\\([A-Za-z]+)/g, "$1 ").replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
    });
    return original(doc.documentElement.outerHTML, anchor);
  };
});
