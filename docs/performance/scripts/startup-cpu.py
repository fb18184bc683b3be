import os, sys, collections
root = int(sys.argv[1]); hz = os.sysconf('SC_CLK_TCK')
procs = {}
for p in os.listdir('/proc'):
    if not p.isdigit(): continue
    try:
        st = open(f'/proc/{p}/stat').read()
        cmd = open(f'/proc/{p}/cmdline').read().replace('\0', ' ')
    except OSError: continue
    rest = st[st.rindex(')')+2:].split()
    procs[int(p)] = (int(rest[1]), (int(rest[11])+int(rest[12])+int(rest[13])+int(rest[14]))/hz, cmd)
def kind(cmd):
    for k in ['IngressApp','SchedulerService','LedgerService','ProjectionsApp','HordeLauncher']:
        if k in cmd: return k.replace('App','').replace('Service','')
    return 'postgres' if 'postgres' in cmd or 'pg_ctl' in cmd else 'other'
tot = {}; seen = set(); todo = [root]
while todo:
    pid = todo.pop(); seen.add(pid)
    if pid in procs:
        k = kind(procs[pid][2]); tot[k] = tot.get(k, 0) + procs[pid][1]
    todo += [c for c, v in procs.items() if v[0] == pid and c not in seen]
print(' '.join(f'{k}={v:.1f}' for k, v in sorted(tot.items())), f'total={sum(tot.values()):.1f}')
if len(sys.argv) > 2:
    for pid in sorted(seen):
        if pid not in procs or 'java' not in procs[pid][2]: continue
        cats = collections.Counter() if False else {}
        try: tids = os.listdir(f'/proc/{pid}/task')
        except OSError: continue
        for t in tids:
            try:
                st = open(f'/proc/{pid}/task/{t}/stat').read()
            except OSError: continue
            name = st[st.index('(')+1:st.rindex(')')]
            rest = st[st.rindex(')')+2:].split()
            c = (int(rest[11])+int(rest[12]))/hz
            cat = 'C2' if name.startswith('C2') else 'C1' if name.startswith('C1') else 'GC/VM' if name.startswith(('VM ', 'GC ', 'Service', 'VM Periodic')) else 'java'
            cats[cat] = cats.get(cat, 0) + c
        print('  ', kind(procs[pid][2]), ' '.join(f'{k}={v:.1f}' for k, v in sorted(cats.items())))
