#!/usr/bin/env python3
"""Medians per (route/peer, concurrency) from results.tsv, with the issue's same-run ratios and targets."""
import statistics
import sys
from collections import defaultdict
from pathlib import Path

out = Path(sys.argv[1])
rows = [line.split("\t") for line in (out / "results.tsv").read_text().strip().splitlines()]
head, rows = rows[0], rows[1:]
col = {name: i for i, name in enumerate(head)}
runs = defaultdict(list)
for r in rows:
    runs[(r[col["peer"]], int(r[col["conc"]]))].append(r)


def med(peer, conc, field):
    rs = runs.get((peer, conc))
    return statistics.median(float(r[col[field]]) for r in rs) if rs else None


concs = sorted({c for _, c in runs})
print("| route / peer | c | runs | req/s (median) | p50 ms | p99 ms | errors |")
print("|---|---|---|---|---|---|---|")
for (peer, conc) in sorted(runs, key=lambda k: (k[0], k[1])):
    rs = runs[(peer, conc)]
    errors = sum(int(float(r[col["errors"]])) for r in rs)
    print(f"| {peer} | {conc} | {len(rs)} | {med(peer, conc, 'req_s'):.0f} | {med(peer, conc, 'p50_ms'):.2f} | {med(peer, conc, 'p99_ms'):.2f} | {errors} |")

print()
print("| target | c | ours req/s | theirs req/s | ratio | goal | met |")
print("|---|---|---|---|---|---|---|")
targets = [
    ("POST /v1/tokens vs oidc-provider client_credentials (x2 workers)", "tb-tokens", "oidc-provider-ES256-x2", 2.0),
    ("POST /v1/rtc-tokens vs agora-token server (x2 workers)", "tb-rtc-tokens", "agora-token-x2", 1.5),
    ("GET /.well-known/jwks.json vs bare Kestrel JSON", "tb-jwks", "kestrel-json-GET", 0.8),
]
for label, ours, theirs, goal in targets:
    for c in concs:
        a, b = med(ours, c, "req_s"), med(theirs, c, "req_s")
        if a is None or b is None:
            print(f"| {label} | {c} | {a or '-'} | {b or '-'} | - | ≥ {goal} | not measured |")
            continue
        ratio = a / b
        print(f"| {label} | {c} | {a:.0f} | {b:.0f} | {ratio:.2f} | ≥ {goal} | {'yes' if ratio >= goal else 'NO'} |")

print()
print("| p99 at c=64 (goal ≤ 10 ms) | p99 ms | met |")
print("|---|---|---|")
for peer in sorted({p for p, _ in runs if p.startswith("tb-")}):
    p99 = med(peer, 64, "p99_ms")
    if p99 is not None:
        print(f"| {peer} | {p99:.2f} | {'yes' if p99 <= 10 else 'NO'} |")

soak = out / "soak-rss.tsv"
if soak.exists() and soak.read_text().strip():
    rss = [int(line.split("\t")[1]) for line in soak.read_text().strip().splitlines() if line.split("\t")[1]]
    half = rss[len(rss) // 2:]
    print()
    print(f"Soak RSS (MiB): start {rss[0] / 1024:.0f}, after warm-up {rss[min(3, len(rss) - 1)] / 1024:.0f}, "
          f"end {rss[-1] / 1024:.0f}, max {max(rss) / 1024:.0f}; second half min..max {min(half) / 1024:.0f}..{max(half) / 1024:.0f} "
          f"({len(rss)} samples, 10 s apart)")
    store = [int(line.split("\t")[2]) for line in soak.read_text().strip().splitlines() if len(line.split("\t")) > 2]
    if store:
        half = store[len(store) // 2:]
        print(f"Soak store file with its WAL (MiB): end {store[-1] / 1024:.0f}, max {max(store) / 1024:.0f}; "
              f"second half min..max {min(half) / 1024:.0f}..{max(half) / 1024:.0f}")
    wrk = (out / "soak-wrk.txt").read_text()
    for line in wrk.splitlines():
        if line.startswith("soak mix"):
            print(f"    {line.strip()}")
        elif line.startswith("Requests/sec") or "99%" in line or "Non-2xx" in line:
            print(f"    soak {line.strip()}")
