// The reader's path (book/_ext/reader_path.py): label every cell of a wide table with its column header,
// so that the narrow-screen style (reader_path.css) can stack the table as cards.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("main table").forEach((table) => {
    const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (heads.length < 3) return;
    table.querySelectorAll("tbody tr").forEach((tr) => {
      Array.from(tr.children).forEach((td, i) => { td.dataset.label = heads[i] || ""; });
    });
    table.classList.add("ht-stack");
  });
});
