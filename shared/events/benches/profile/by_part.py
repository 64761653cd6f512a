#!/usr/bin/env python3
"""CPU seconds per group in each timed part of the pipeline bench, and µs per event.

Usage: by_part.py <bench stderr with BENCH_MARKS=1> <sample.py log> [events, 20000]
(pgbench's parts are per event too: divide by its transactions instead.)"""
import re
import sys

err, log = sys.argv[1], sys.argv[2]
events = float(sys.argv[3]) if len(sys.argv) > 3 else 20000
starts, parts = {}, []
for line in open(err):
    m = re.search(r'\[mark ([0-9.]+)\] (.*) (start|end)$', line.strip())
    if not m:
        continue
    t, name, edge = float(m.group(1)), m.group(2), m.group(3)
    if edge == 'start':
        starts[name] = t
    elif name in starts:
        parts.append((name, starts.pop(name), t))
cpu = []
for line in open(log):
    f = line.split()
    cpu.append((float(f[0]), {k: float(v) for k, v in (x.split('=') for x in f[1:])}))


def at(t):
    """The cumulative figures at `t`, interpolated between two samples."""
    for (ta, a), (tb, b) in zip(cpu, cpu[1:]):
        if ta <= t <= tb:
            r = (t - ta) / (tb - ta) if tb > ta else 0
            return {k: a[k] + (b[k] - a[k]) * r for k in a}
    return cpu[-1][1]


keys = ['bench', 'pg', 'pgbg', 'pgx', 'beam', 'pgbench', 'other']
mine = ['bench', 'pg', 'pgbg', 'beam']
print(f"{'part':32s} {'wall':>6s} " + ' '.join(f'{k:>8s}' for k in keys)
      + '   µs/event: ' + ' '.join(mine) + ' total')
for name, t0, t1 in parts:
    a, b = at(t0), at(t1)
    d = {k: b[k] - a[k] for k in keys}
    per = {k: d[k] / events * 1e6 for k in mine}
    print(f"{name:32s} {t1 - t0:6.2f} " + ' '.join(f'{d[k]:8.2f}' for k in keys)
          + '   ' + ' '.join(f'{per[k]:.0f}' for k in mine) + f' {sum(per.values()):.0f}')
