"""How much of a scenario's saving each change of issue 15 moved (asset age, resale, wage growth,
retained organisation): solves variants of the file, from the assumptions before those changes
to the file as shipped, and prints a Markdown table. Run from the repository root after
`cargo build --release`: `python3 tools/assumption_moves.py [SCENARIO]`."""
import json, re, subprocess, sys
SAMEN = "target/release/samen"
VARIANT = "/tmp/samen-assumption-variant.toml"
SRC = sys.argv[1] if len(sys.argv) > 1 else "scenarios/kortenberg-machelen-tervuren.toml"
text = open(SRC).read()
no_assets = "\n".join(l for l in text.splitlines() if not re.match(r"^(asset_age|renewal) = ", l)) + "\n"
due_now = re.sub(r'(\[\[partner\]\]\n)', r'\1asset_age = { network = 99, servers = 99, workplace = 99 }\n', no_assets)
# Domains the scenario lacks are unknown references: keep only those it has.
domains = re.findall(r'^\[\[domain\]\]\nid = "([^"]+)"', text, re.M)
due_now = due_now.replace('asset_age = { network = 99, servers = 99, workplace = 99 }',
    'asset_age = { ' + ', '.join(f'{d} = 99' for d in ['network','servers','workplace'] if d in domains) + ' }')
NORET = ["scenario.retained_fte_by_kind.gemeente=0", "scenario.retained_fte_by_kind.ocmw=0"]
OLD = ["scenario.wage_growth=0"] + NORET
res = lambda x: [f"domain.{d}.standalone.resale={x}" for d in domains]
steps = [
    ("before: everything due in the base year, left-behind value credited in full", due_now, OLD + res(1)),
    ("+ ages spread over the lifetime (no age given)", no_assets, OLD + res(1)),
    ("+ equipment left behind written off (resale 0)", no_assets, OLD + res(0)),
    ("+ the stated asset ages and resale shares", text, OLD),
    ("+ real wage growth 0.5%", text, NORET),
    ("+ retained organisation (as shipped)", text, []),
]
print("| assumptions | NPV alone | NPV plan | saving | moved |")
print("|---|---:|---:|---:|---:|")
prev = None
for name, body, sets in steps:
    open(VARIANT, "w").write(body)
    args = [SAMEN, "solve", VARIANT, "--format", "json"]
    for kv in sets:
        args += ["--set", kv]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode not in (0,):
        print(name, "FAILED", out.stderr[:500]); continue
    v = json.loads(out.stdout)
    alone, plan = v["baseline_npv"], v["objective_npv"]
    saving = alone - plan
    moved = "" if prev is None else f"{saving - prev:+,.0f}"
    print(f"| {name} | {alone:,.0f} | {plan:,.0f} | {saving:,.0f} ({100*saving/alone:.1f}%) | {moved} |")
    prev = saving
