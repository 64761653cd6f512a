#!/usr/bin/env python3
"""CPU sampler for the pipeline bench (docs/decisions.md, "Event pipeline: the second pass").

Usage: sample.py <log>  -- every 250 ms, appends the cumulative CPU seconds of: bench (the
`pipeline-*` process), pg (PostgreSQL backends serving the bench or pgbench, matched by client
port), pgbg (PostgreSQL background processes), pgx (backends of other clients), beam (RabbitMQ),
pgbench, other. Run it beside `BENCH_MARKS=1 cargo bench -p tam-events --bench pipeline 2>err`,
then `by_part.py err <log> [events]` prints each timed part's CPU seconds and µs per event."""
import os, time, sys, re
HZ = os.sysconf('SC_CLK_TCK')
def tcp_inodes():
    m = {}
    for f in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            for l in open(f).readlines()[1:]:
                p = l.split(); port = int(p[1].split(':')[1], 16); m[p[9]] = port
        except Exception: pass
    return m
def ports_of(pids, inodes):
    out = set()
    for pid in pids:
        try:
            for fd in os.listdir(f'/proc/{pid}/fd'):
                try: t = os.readlink(f'/proc/{pid}/fd/{fd}')
                except Exception: continue
                if t.startswith('socket:['):
                    i = t[8:-1]
                    if i in inodes: out.add(inodes[i])
        except Exception: pass
    return out
def scan():
    procs = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try: s = open(f'/proc/{p}/stat').read()
        except Exception: continue
        o, c = s.find('('), s.rfind(')')
        comm = s[o+1:c]; rest = s[c+2:].split()
        procs[p] = (comm, int(rest[11]) + int(rest[12]))
    mine = [p for p, (c, _) in procs.items() if c.startswith('pipeline-') or c == 'pgbench']
    ports = ports_of(mine, tcp_inodes()) if mine else set()
    cur = {}
    for p, (comm, t) in procs.items():
        if comm.startswith('pipeline-'): k = 'bench'
        elif comm == 'postgres':
            try: title = open(f'/proc/{p}/cmdline').read().replace('\0', ' ')
            except Exception: title = ''
            m = re.search(r'\((\d+)\)', title)
            if m: k = 'pg' if int(m.group(1)) in ports else 'pgx'
            else: k = 'pgbg'
        elif comm in ('beam.smp', 'erl_child_setup', 'epmd', 'inet_gethost'): k = 'beam'
        elif comm == 'pgbench': k = 'pgbench'
        else: k = 'other'
        cur[p] = (k, t)
    return cur
tot = {k: 0 for k in ('bench', 'pg', 'pgbg', 'pgx', 'beam', 'pgbench', 'other')}
prev = scan()
out = open(sys.argv[1], 'w', buffering=1)
while True:
    time.sleep(0.25)
    cur = scan()
    for p, (k, t) in cur.items():
        if p in prev:
            tot[k] += max(0, t - prev[p][1])
        else:
            tot[k] += t
    prev = cur
    idle = open('/proc/stat').readline().split()
    out.write('%.3f %s idle=%.2f\n' % (time.time(), ' '.join('%s=%.2f' % (k, v / HZ) for k, v in tot.items()), int(idle[4]) / HZ))
