#!/usr/bin/env bash
# What build-time generation costs a user of browser-use-client, measured in one run.
#
#   [ROUNDS=N] bash generator/benches/build_cost.sh      # N clean builds of each (default 1)
#
# Two copies of the working tree are made in a temporary directory (the real package is never
# changed, and no target directory of the workspace is touched):
#   gen    the client as it ships: build.rs runs the generator on spec/ into OUT_DIR;
#   nogen  the same crate with no build script and no build-dependency: its lib.rs includes the
#          committed generated file (generated-client/browser_use_v2.rs) instead.
#   floor  gen with the generator's code replaced by the least that uses each crate it depends on
#          (YAML to a value, openapiv3's typed parse from it, indexmap, heck, quote, syn + prettyplease)
#          and then copies the committed file into OUT_DIR: what the dependencies cost by
#          themselves, the lower bound for any generator built from them.
# For each, a clean `cargo build -p browser-use-client` in a fresh target directory (alternating
# the order between rounds), with --timings. Then, in each copy, one spec description edited (gen)
# or the same doc comment edited in the committed file (nogen), the rebuild timed with -v to show
# what recompiled. Last, the compilation units generation adds to a build, from the timings.
# Prints times, ratios and lists; the machine's load before and after.
set -euo pipefail
export CARGO_TERM_COLOR=never
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores; $(cargo --version)"
echo "load before: $(uptime)"

# The files a clone of the working tree has (tracked, and new files not ignored), without the
# fuzzing crate (its own workspace).
copy_tree() {
    mkdir -p "$1"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
        grep -zv '^generator/fuzz/' |
        (cd "$root" && xargs -0 sh -c 'for f; do [ -f "$f" ] && cp --parents "$f" "$0"; done' "$1")
}
copy_tree "$work/gen"
copy_tree "$work/nogen"
copy_tree "$work/floor"

# nogen: no build script, no build-dependency, lib.rs includes the committed file.
python3 - "$work/nogen" <<'EOF'
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
(root / "build.rs").unlink()
manifest = root / "Cargo.toml"
text = manifest.read_text()
text = re.sub(r'(?m)^build = "build\.rs"\n', "", text)
text, n = re.subn(r'(?ms)^\[build-dependencies\]\n.*?(?=^\[)', "", text)
assert n == 1, "no [build-dependencies] table in Cargo.toml"
manifest.write_text(text)
lib = root / "generated-client/src/lib.rs"
code = lib.read_text()
old = 'include!(concat!(env!("OUT_DIR"), "/browser_use_v2.rs"));'
assert code.count(old) == 1, f"lib.rs no longer has `{old}`"
lib.write_text(code.replace(old, 'include!("../browser_use_v2.rs");'))
EOF

# floor: the generator's dependencies, used once each; its own code gone.
rm -rf "$work/floor/generator/src" "$work/floor/generator/benches" "$work/floor/generator/tests"
mkdir -p "$work/floor/generator/src"
cat >"$work/floor/generator/src/lib.rs" <<'EOF'
//! The least use of each dependency of the generator; copies the committed file.
pub struct Builder(String);
#[derive(Debug)]
pub struct BuildScriptError(String);
impl Builder {
    pub fn new(spec: &str) -> Self {
        Builder(spec.to_string())
    }
    pub fn env_prefix(self, _: &str) -> Self {
        self
    }
    pub fn regenerate_command(self, _: &str) -> Self {
        self
    }
    pub fn generate(self, file_name: &str) -> Result<(), BuildScriptError> {
        let text = std::fs::read_to_string(&self.0).map_err(|e| BuildScriptError(e.to_string()))?;
        copy(&text, file_name).map_err(BuildScriptError)
    }
}
fn copy(text: &str, file_name: &str) -> Result<(), String> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let api = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value)
        .map_err(|e| e.to_string())?;
    let mut names = indexmap::IndexMap::new();
    for path in api.paths.paths.keys() {
        names.insert(heck::ToSnakeCase::to_snake_case(path.as_str()), ());
    }
    let title = &api.info.title;
    let tokens = quote::quote! { #[doc = #title] pub struct Api; };
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    let _ = (prettyplease::unparse(&file), names.len(), proc_macro2::Span::call_site());
    let code = std::fs::read_to_string("generated-client/browser_use_v2.rs").map_err(|e| e.to_string())?;
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?).join(file_name);
    std::fs::write(out, code).map_err(|e| e.to_string())
}
EOF
python3 - "$work/floor/generator/Cargo.toml" <<'EOF'
import re, sys, pathlib
manifest = pathlib.Path(sys.argv[1])
text = manifest.read_text()
text = re.sub(r'(?ms)^\[\[bin\]\]\n.*?(?=^\[)', "", text)
text = re.sub(r'(?ms)^\[\[bench\]\]\n.*', "", text)
manifest.write_text(text)
EOF

now() { date +%s.%N; }
# clean_build VARIANT ROUND: a clean build in a fresh target directory; records the wall-clock and
# CPU (user + system, all processes) seconds and the load average at its start.
clean_build() {
    local dir="$work/$1" target="$work/target-$1" times
    rm -rf "$target"
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    times=$( { TIMEFORMAT='%R %U %S'; time (cd "$dir" && CARGO_TARGET_DIR="$target" \
        cargo build -p browser-use-client --locked --timings >"$work/$1-$2.log" 2>&1) ; } 2>&1 ) ||
        { cat "$work/$1-$2.log"; exit 1; }
    cp "$target"/cargo-timings/cargo-timing.html "$work/$1-$2.html"
    read -r real user sys <<<"$times"
    python3 -c "print(f'{$real:.1f} {$user + $sys:.1f} $load')" >"$work/$1-$2.secs"
    read -r real cpu load <"$work/$1-$2.secs"
    echo "clean build, $1, round $2: $real s wall, $cpu s CPU (load average at start: $load)"
}
for round in $(seq 1 "$rounds"); do
    case $((round % 3)) in
        1) order="gen nogen floor" ;;
        2) order="nogen floor gen" ;;
        0) order="floor gen nogen" ;;
    esac
    for variant in $order; do clean_build "$variant" "$round"; done
done

# What build.rs wrote is what nogen compiles (else the comparison is not of the same crate).
out=$(ls "$work"/target-gen/debug/build/browser-use-client-*/out/browser_use_v2.rs | head -1)
if cmp -s "$out" "$work/gen/generated-client/browser_use_v2.rs"; then
    echo "generated file: identical to the committed copy"
else
    echo "generated file: DIFFERS from the committed copy (the comparison is not exact)"
fi

# Rebuild after one edited description: the spec (gen) or the committed file (nogen).
python3 - "$work" <<'EOF'
import re, sys, pathlib
work = pathlib.Path(sys.argv[1])
spec = work / "gen/spec/browser-use-v2.yaml"
committed_gen = (work / "gen/generated-client/browser_use_v2.rs").read_text()
text = spec.read_text()
for m in re.finditer(r'(?m)^( +description: )([A-Za-z][^\'"#:\n]*)$', text):
    if f"/// {m.group(2)}\n" in committed_gen:
        break
else:
    sys.exit("no plain description of the spec appears as a doc comment")
desc = m.group(2)
spec.write_text(text[: m.end()] + " Edited." + text[m.end():])
nogen = work / "nogen/generated-client/browser_use_v2.rs"
code = nogen.read_text()
nogen.write_text(code.replace(f"/// {desc}\n", f"/// {desc} Edited.\n", 1))
print(f"edited description: {desc!r}")
EOF
rebuild() {
    local start end
    start=$(now)
    (cd "$work/$1" && CARGO_TARGET_DIR="$work/target-$1" cargo build -p browser-use-client --locked -v \
        >"$work/$1-rebuild.log" 2>&1) || { cat "$work/$1-rebuild.log"; exit 1; }
    end=$(now)
    local compiled
    compiled=$(grep -oE '^ +Compiling [^ ]+' "$work/$1-rebuild.log" | awk '{print $2}' | paste -sd, -)
    local ran
    ran=$(grep -cE '^ +Running `.*build-script-build`' "$work/$1-rebuild.log" || true)
    python3 -c "print(f'rebuild after the edit, $1: {$end - $start:.2f} s; compiled: ${compiled:-nothing}; build scripts run: $ran')"
    if [ "$1" = gen ]; then
        if grep -qE '^ +Compiling openapi-rust-gen' "$work/gen-rebuild.log"; then
            echo "  the generator was REBUILT"
        else
            echo "  the generator was not rebuilt: $(grep -E '^ +Fresh openapi-rust-gen' "$work/gen-rebuild.log" | sed 's/^ *//')"
        fi
        grep -q 'Edited\.' "$work"/target-gen/debug/build/browser-use-client-*/out/browser_use_v2.rs &&
            echo "  the regenerated file has the edit"
    fi
}
rebuild gen
rebuild nogen

# What the generator brings into a user's build: its dependency tree with the features enabled.
echo
echo "the generator's dependency tree (a build-dependency of the client):"
(cd "$work/gen" && cargo tree --locked -p browser-use-client -e build,normal --depth 1 -f '{p}' |
    sed -n '/\[build-dependencies\]/,$p' | head -2
 cd "$work/gen" && cargo tree --locked -p openapi-rust-gen -e normal -f '{p} [{f}]' | tail -n +2)

# An estimate for an idle machine: cargo's schedule on `nproc` jobs simulated from the measured
# unit times (which other work on the machine stretches, roughly alike) and the unit graph (from
# a nightly cargo, when there is one). The ratio of the two simulated times is what an idle
# machine would show; the absolute times are as stretched as the measured ones.
cat >"$work/sim.py" <<'EOF'
import heapq, json, re


def timing_units(html_path):
    """(name, version, target, features) -> (duration, time to its metadata) from --timings."""
    html = open(html_path).read()
    data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    out = {}
    for u in data:
        rmeta = dict(u.get("sections") or []).get("frontend", {}).get("end", u["duration"])
        key = (u["name"], u["version"], u["target"].strip(), tuple(sorted(u["features"])))
        out[key] = (u["duration"], rmeta)
    return out


def package(pkg_id):
    base, _, fragment = pkg_id.partition("#")
    if "@" in fragment:
        return tuple(fragment.split("@", 1))
    return base.rstrip("/").rsplit("/", 1)[-1], fragment


def normalized(gen_html, nogen_html):
    """Both builds' unit times on one scale: the units both have keep gen's times, nogen's own
    units are scaled by how much slower or faster nogen's build ran over the units in common
    (other work on the machine differs between the two builds)."""
    gen, nogen = timing_units(gen_html), timing_units(nogen_html)
    common = [k for k in nogen if k in gen]
    factor = sum(gen[k][0] for k in common) / max(sum(nogen[k][0] for k in common), 1e-9)
    scaled = {k: gen[k] if k in gen else (d * factor, r * factor) for k, (d, r) in nogen.items()}
    return gen, scaled


def simulate(graph_path, timings, jobs):
    """Cargo's schedule on `jobs` slots: a unit starts when its dependencies are done (a library
    depending on a library: when that one's metadata is), the longest remaining chain first.
    Returns the simulated time, the longest chain and the sum of all units' times."""
    units = []
    for u in json.load(open(graph_path))["units"]:
        name, version = package(u["pkg_id"])
        kind = u["target"]["kind"]
        if u["mode"] == "run-custom-build":
            target = "build-script (run)"
        else:
            target = "build-script" if "custom-build" in kind else ""
        duration, rmeta = timings[(name, version, target, tuple(sorted(u["features"])))]
        lib = u["mode"] == "build" and kind in (["lib"], ["rlib"])
        units.append({
            "duration": duration,
            "rmeta": rmeta if lib else duration,
            "lib": lib,
            "deps": [d["index"] for d in u["dependencies"]],
        })
    n = len(units)
    dependents = [[] for _ in range(n)]
    for i, u in enumerate(units):
        for d in u["deps"]:
            dependents[d].append(i)
    chain = [0.0] * n  # the longest chain from a unit to the end
    order, seen = [], set()
    def visit(i):
        stack = [(i, False)]
        while stack:
            j, expanded = stack.pop()
            if expanded:
                order.append(j)
            elif j not in seen:
                seen.add(j)
                stack.append((j, True))
                stack.extend((k, False) for k in dependents[j] if k not in seen)
    for i in range(n):
        visit(i)
    for i in order:  # dependents come before the units they depend on
        chain[i] = units[i]["duration"] + max((chain[k] for k in dependents[i]), default=0.0)
    waiting = [set(u["deps"]) for u in units]
    ready = [(-chain[i], i) for i in range(n) if not waiting[i]]
    heapq.heapify(ready)
    events, now, free = [], 0.0, jobs
    while ready or events:
        while free and ready:
            _, i = heapq.heappop(ready)
            free -= 1
            heapq.heappush(events, (now + units[i]["rmeta"], 0, i))
            heapq.heappush(events, (now + units[i]["duration"], 1, i))
        now, done, i = heapq.heappop(events)
        free += done
        for k in dependents[i]:
            if i in waiting[k] and (done or (units[k]["lib"] and units[i]["lib"])):
                waiting[k].discard(i)
                if not waiting[k]:
                    heapq.heappush(ready, (-chain[k], k))
    return now, max(chain), sum(u["duration"] for u in units)
EOF
for variant in gen nogen floor; do
    (cd "$work/$variant" && cargo +nightly build -p browser-use-client --locked --unit-graph \
        -Z unstable-options >"$work/$variant-graph.json" 2>/dev/null) || rm -f "$work/$variant-graph.json"
done

# The units generation adds, from the timings of the last round: a unit is a package's library,
# build script or build-script run with its features; a package compiled twice (for the build
# script's side with other features) counts twice.
python3 - "$work" "$rounds" <<'EOF'
import collections, json, re, sys, pathlib, statistics
work, rounds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
def units(variant, round):
    html = (work / f"{variant}-{round}.html").read_text()
    data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    out = collections.defaultdict(list)
    for u in data:
        key = (u["name"], u["version"], u.get("target", "").strip(), ",".join(u.get("features", [])))
        out[key].append(u["duration"])
    return out
def measured(v, r):
    real, cpu, load = (work / f"{v}-{r}.secs").read_text().split()
    return float(real), float(cpu)
variants = ("gen", "nogen", "floor")
secs = {v: [measured(v, r)[0] for r in range(1, rounds + 1)] for v in variants}
cpu = {v: [measured(v, r)[1] for r in range(1, rounds + 1)] for v in variants}
gen, nogen = units("gen", rounds), units("nogen", rounds)
def count(units):
    return sum(len(d) for d in units.values())
extra, missing = [], []
for key in set(gen) | set(nogen):
    g, n = sorted(gen.get(key, [])), sorted(nogen.get(key, []))
    extra += [(key, d) for d in g[len(n):]]
    missing += [(key, d) for d in n[len(g):]]
print(f"\nunits: gen {count(gen)}, nogen {count(nogen)}; only in gen: {len(extra)}"
      f" ({sum(d for _, d in extra):.1f} s of compile time, summed over the cores)")
in_nogen = {k[:3] for k in nogen}
for (name, version, target, features), d in sorted(extra, key=lambda kd: -kd[1]):
    note = " (also in nogen, with other features or twice here)" if (name, version, target) in in_nogen else ""
    print(f"  {d:6.2f} s  {name} {version} {target} [{features}]{note}")
for (name, version, target, features), d in missing:
    print(f"  only in nogen: {d:6.2f} s  {name} {version} {target} [{features}]")
print("\nsummary")
med = statistics.median
for v in variants:
    print(f"  clean build {v:6}: wall " + ", ".join(f"{s:.1f} s" for s in secs[v])
          + "; CPU " + ", ".join(f"{s:.1f} s" for s in cpu[v]))
ratios = [g / n for g, n in zip(secs["gen"], secs["nogen"])]
print("  wall ratio gen/nogen per round: " + ", ".join(f"{r:.3f}" for r in ratios)
      + f"; of the medians: {med(secs['gen']) / med(secs['nogen']):.3f}"
      + f"; of the minimums: {min(secs['gen']) / min(secs['nogen']):.3f}")
print(f"  CPU ratio gen/nogen, of the medians: {med(cpu['gen']) / med(cpu['nogen']):.3f}")
floor = [f / n for f, n in zip(secs["floor"], secs["nogen"])]
print("  wall ratio floor/nogen per round (the generator's dependencies alone): "
      + ", ".join(f"{r:.3f}" for r in floor)
      + f"; of the medians: {med(secs['floor']) / med(secs['nogen']):.3f}")
print(f"  CPU ratio floor/nogen, of the medians: {med(cpu['floor']) / med(cpu['nogen']):.3f}")
if all((work / f"{v}-graph.json").exists() for v in ("gen", "nogen")):
    sys.path.insert(0, str(work))
    import os, sim
    jobs = os.cpu_count()
    walls, totals = [], []
    for r in range(1, rounds + 1):
        times = dict(zip(("gen", "nogen"), sim.normalized(work / f"gen-{r}.html", work / f"nogen-{r}.html")))
        result = {v: sim.simulate(work / f"{v}-graph.json", times[v], jobs) for v in ("gen", "nogen")}
        walls.append(result["gen"][0] / result["nogen"][0])
        totals.append(result["gen"][2] / result["nogen"][2])
        print(f"  round {r}, simulated on {jobs} jobs from unit times on one scale: " + "; ".join(
            f"{v} {m:.1f} s (longest chain {c:.1f} s, all units {s:.1f} s)" for v, (m, c, s) in result.items()))
    print(f"  simulated wall ratio gen/nogen (an idle machine, {jobs} jobs): "
          + ", ".join(f"{w:.3f}" for w in walls) + f"; median {med(walls):.3f}")
    if (work / "floor-graph.json").exists():
        floors = []
        for r in range(1, rounds + 1):
            f_times, n_times = sim.normalized(work / f"floor-{r}.html", work / f"nogen-{r}.html")
            f_sim = sim.simulate(work / "floor-graph.json", f_times, jobs)[0]
            n_sim = sim.simulate(work / "nogen-graph.json", n_times, jobs)[0]
            floors.append(f_sim / n_sim)
        print(f"  simulated wall ratio floor/nogen ({jobs} jobs): "
              + ", ".join(f"{w:.3f}" for w in floors) + f"; median {med(floors):.3f}")
    times = dict(zip(("gen", "nogen"), sim.normalized(work / f"gen-{rounds}.html", work / f"nogen-{rounds}.html")))
    for more in (4, 8):
        g, n = (sim.simulate(work / f"{v}-graph.json", times[v], more)[0] for v in ("gen", "nogen"))
        print(f"  simulated wall ratio on {more} jobs (round {rounds}'s times): {g / n:.3f}")
    print("  compile work ratio gen/nogen (all units): " + ", ".join(f"{w:.3f}" for w in totals)
          + f"; median {med(totals):.3f}")
else:
    print("  (no nightly cargo for the unit graph: no simulated ratio)")
EOF
echo "load after: $(uptime)"
