#!/usr/bin/env python3
# Copied into samen from the workspace's tool library (rust_shape.py), unchanged below this line,
# so that the shape figures of docs/architecture.md can be measured from a clone.
"""Shape of a Rust crate's src/: function lengths (brace matching, blank and comment lines
included, #[cfg(test)] modules skipped) and the module dependency graph's cycles (from
`crate::`, `super::` and `samen::` paths). Prints one JSON object.

usage: rust_shape.py SRC_DIR [CRATE_NAME] [--warn]
--warn: print only a short human summary, and only when there is a cycle or a function over 120 lines.
"""
import json, os, re, sys
from statistics import median

warn = "--warn" in sys.argv
args = [a for a in sys.argv[1:] if a != "--warn"]
src = args[0]
crate = args[1] if len(args) > 1 else "samen"

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return "\n".join(re.sub(r"//.*", "", l) for l in text.split("\n"))

def strip_strings(line):
    line = re.sub(r'r#*"[^"]*"#*', '""', line)
    return re.sub(r'"(\\.|[^"\\])*"', '""', line).replace("'{'", "''").replace("'}'", "''")

def drop_test_mods(lines):
    out, skip, depth = [], False, 0
    pending = False
    for l in lines:
        if re.match(r"\s*#\[cfg\(test\)\]", l):
            pending = True
            out.append("")
            continue
        if pending and re.match(r"\s*(pub\s+)?mod\s+\w+\s*\{", l):
            skip, depth, pending = True, 0, False
        pending = pending and l.strip() == ""
        if skip:
            depth += l.count("{") - l.count("}")
            out.append("")
            if depth <= 0:
                skip = False
            continue
        out.append(l)
    return out

fns = []
modules = {}
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith(".rs"):
            continue
        path = os.path.join(root, f)
        rel = os.path.relpath(path, src)
        text = strip_comments(open(path, encoding="utf-8", errors="replace").read())
        lines = [strip_strings(l) for l in drop_test_mods(text.split("\n"))]
        # module name: top-level module of this file
        top = rel.split(os.sep)[0].removesuffix(".rs")
        if top in ("lib", "main"):
            top = top
        deps = modules.setdefault(top, set())
        body = "\n".join(lines)
        for m in re.finditer(r"\b(?:crate|%s)::(\w+)" % crate, body):
            deps.add(m.group(1))
        i = 0
        while i < len(lines):
            m = re.match(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)", lines[i])
            if m:
                depth, started, j = 0, False, i
                while j < len(lines):
                    depth += lines[j].count("{") - lines[j].count("}")
                    if "{" in lines[j]:
                        started = True
                    if ";" in lines[j] and not started:
                        break
                    if started and depth <= 0:
                        break
                    j += 1
                if started:
                    fns.append({"file": rel, "line": i + 1, "name": m.group(6), "lines": j - i + 1})
                i += 1
            else:
                i += 1

names = set(modules)
graph = {k: sorted(d & names - {k}) for k, d in modules.items()}

# Tarjan's strongly connected components
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in graph.get(v, []):
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in graph:
    if v not in index:
        strong(v)

lengths = sorted(f["lines"] for f in fns)
p90 = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
if warn:
    long = [f for f in sorted(fns, key=lambda f: -f["lines"]) if f["lines"] > 120]
    msg = []
    if sccs:
        msg.append("module cycles: " + "; ".join(" <-> ".join(c) for c in sccs))
    if long:
        msg.append("functions over 120 lines: " + ", ".join("%s:%s (%d)" % (f["file"], f["name"], f["lines"]) for f in long))
    if msg:
        print("Structure of src/ (median function %s lines, 90th percentile %s):" % (median(lengths), p90))
        print("\n".join("- " + m for m in msg))
        print()
    sys.exit(0)
print(json.dumps({
    "functions": len(fns),
    "median": median(lengths) if lengths else 0,
    "p90": p90,
    "over_50": sum(1 for x in lengths if x > 50),
    "over_100": sum(1 for x in lengths if x > 100),
    "longest": sorted(fns, key=lambda f: -f["lines"])[:10],
    "cycles": sccs,
    "main_rs_lines": sum(1 for _ in open(os.path.join(src, "main.rs"))) if os.path.exists(os.path.join(src, "main.rs")) else None,
}, indent=1))
