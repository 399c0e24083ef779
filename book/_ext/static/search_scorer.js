// Search ranking for the book (book/_ext/book_reader.py sets html_search_scorer to this file).
// Sphinx's default puts every API object that matches a word above the pages that explain it; a reader
// searching "tail exponent" wants the chapter first. So: chapters whose title matches first, then text
// matches, and API objects as one more kind of result; the build-status page (it lists every title) last.
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score] = result;
    if (docname === "book/status") return score - 20;
    return score;
  },
  objNameMatch: 6,
  objPartialMatch: 2,
  objPrio: { 0: 4, 1: 2, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
