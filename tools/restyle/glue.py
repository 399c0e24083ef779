"""Rename glue keys to p<part>n<page>-<kebab> in notebooks and the pages that quote them."""
import re, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
NBS = sorted((ROOT / "notebooks").rglob("*.md"))
OLD_PREFIX = re.compile(r"^p\d+(?:n\d+|[a-z]+)?[-_]")
GLUE_CALL = re.compile(r"""(\bglue\(\s*)(f?)(["'])(.*?)\3""")
REF = re.compile(r"(\{glue(?::\w+)?\}`)([^`]+)(`)")

def norm(rest):
    s = re.sub(r"[^a-z0-9]+", "-", rest.lower()).strip("-")
    return s

def ids(path):
    part = re.match(r"part(\d+)_", path.parent.name).group(1)
    page = int(re.match(r"(\d+)_", path.name).group(1))
    return f"p{part}n{page}-"

maps, fprefixes = {}, {}
for nb in NBS:
    text = nb.read_text()
    prefix = ids(nb)
    m, fp = {}, {}
    for _, f, _, key in GLUE_CALL.findall(text):
        if f:
            lit = key.split("{", 1)[0]
            if lit.startswith(prefix) and re.fullmatch(r"[a-z0-9-]*", lit[len(prefix):]):
                continue
            rest = OLD_PREFIX.sub("", lit)
            new = prefix + (norm(rest) + ("-" if rest.endswith(("-", "_")) else "") if rest else "")
            fp[lit] = new
        else:
            if re.fullmatch(re.escape(prefix) + r"[a-z0-9]+(-[a-z0-9]+)*", key):
                continue
            new = prefix + norm(OLD_PREFIX.sub("", key))
            m[key] = new
    vals = list(m.values())
    assert len(vals) == len(set(vals)), (nb, [v for v in vals if vals.count(v) > 1])
    maps[nb.relative_to(ROOT).with_suffix("").as_posix()], fprefixes[nb.relative_to(ROOT).with_suffix("").as_posix()] = m, fp

def map_key(doc, key):
    m, fp = maps.get(doc, {}), fprefixes.get(doc, {})
    if key in m:
        return m[key]
    for lit, new in sorted(fp.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(lit):
            return new + key[len(lit):]
    return key

def rewrite_refs(text, here_doc, here_path):
    def sub(mt):
        inner = mt.group(2)
        fmt = ""
        if "::" in inner:
            path, rest = inner.split("::", 1)
            key, sep, fmt = rest.partition(":")
            target = (here_path.parent / path).resolve().relative_to(ROOT).with_suffix("").as_posix()
            new = map_key(target, key)
            return mt.group(1) + path + "::" + new + (sep + fmt) + mt.group(3)
        key, sep, fmt = inner.partition(":")
        return mt.group(1) + map_key(here_doc, key) + sep + fmt + mt.group(3)
    return REF.sub(sub, text)

for page in NBS + sorted((ROOT / "book").glob("*.md")):
    doc = page.relative_to(ROOT).with_suffix("").as_posix()
    text = page.read_text()
    if page in NBS:
        def subcall(mt):
            pre, f, q, key = mt.groups()
            if f:
                lit = key.split("{", 1)[0]
                new = fprefixes[doc].get(lit)
                return f"{pre}{f}{q}{(new + key[len(lit):]) if new else key}{q}"
            return f"{pre}{q}{maps[doc].get(key, key)}{q}"
        text = GLUE_CALL.sub(subcall, text)
    text = rewrite_refs(text, doc, page)
    page.write_text(text)
n = sum(len(m) for m in maps.values()); nf = sum(len(m) for m in fprefixes.values())
print(f"renamed {n} literal keys and {nf} f-string prefixes")
