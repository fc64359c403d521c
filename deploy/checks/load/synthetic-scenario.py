#!/usr/bin/env python3
"""Writes a synthetic Ripple scenario (scenarios/README.md format) for sizing measurements (docs/scaling.md).

Per subject account: one root share mentioning a relay, reshares by a chain of sharers, then followers who each get a
following snapshot (naming a sharer, so the follow is attributable) followed by the follow itself. Deterministic:
the same arguments give the same file.

    deploy/checks/load/synthetic-scenario.py --subjects 150 --shares 10 --follows 200 > /tmp/load.jsonl
"""
import argparse
import json
import random
from datetime import datetime, timedelta, timezone


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--subjects", type=int, default=150)
    p.add_argument("--shares", type=int, default=10, help="shares per subject (root + reshares)")
    p.add_argument("--follows", type=int, default=200, help="follows per subject, each after a following snapshot")
    p.add_argument("--seed", type=int, default=8)
    args = p.parse_args()
    rnd = random.Random(args.seed)
    t0 = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)

    def acct(name):
        return {"ref": f"mastodon:load.example:{name}", "handle": f"@{name}@load.example", "followers": rnd.randint(10, 50000)}

    def ts(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    out = []
    for s in range(args.subjects):
        subject = acct(f"subject{s}")
        start = t0 + timedelta(minutes=7 * s)
        sharers = [acct(f"s{s}_sharer{i}") for i in range(args.shares)]
        uris = []
        for i, sharer in enumerate(sharers):
            uri = f"https://load.example/@{sharer['handle'][1:].split('@')[0]}/{s}{i}"
            kind = "MENTION" if i == 0 else "RESHARE"
            out.append({"type": "share", "id": f"l-s-{s}-{i}", "platform": "mastodon", "kind": kind, "uri": uri,
                        "actor": sharer, "subject": subject,
                        "objectUri": f"https://load.example/@subject{s}/post" if i == 0 else uris[rnd.randrange(len(uris))],
                        "mentions": [sharers[1]] if i == 0 and len(sharers) > 1 else [],
                        "viaUri": None, "occurredAt": ts(start + timedelta(seconds=30 * i))})
            uris.append(uri)
        for f in range(args.follows):
            follower = acct(f"s{s}_fan{f}")
            at = start + timedelta(seconds=30 * args.shares + 3 * f)
            exposer = sharers[rnd.randrange(len(sharers))]
            out.append({"type": "following", "id": f"l-g-{s}-{f}", "platform": "mastodon", "account": follower,
                        "follows": [{"ref": exposer["ref"], "handle": exposer["handle"]}],
                        "observedAt": ts(at - timedelta(seconds=1))})
            out.append({"type": "follow", "id": f"l-f-{s}-{f}", "platform": "mastodon", "follower": follower,
                        "followee": subject, "occurredAt": ts(at)})
    for e in out:
        print(json.dumps(e, separators=(",", ":")))


if __name__ == "__main__":
    main()
