"""Baseline a user would write for Qualys scan results as JSON (output_format=json): the standard
library's json.load of the whole file (the array is one document), then a pass over its objects.
Counts hosts with results (distinct ip of the finding objects: those with "ip" and "qid"), findings
by type (Vuln / Practice / Ig) and confirmed findings (type Vuln) by severity. Prints one JSON line."""
import json
import sys
from collections import Counter


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    hosts = set()
    by_type = Counter()
    confirmed = [0, 0, 0, 0, 0]
    for obj in data:
        if "ip" not in obj or "qid" not in obj:
            continue
        hosts.add(obj["ip"])
        kind = obj.get("type")
        by_type[kind] += 1
        if kind == "Vuln":
            confirmed[int(obj["severity"]) - 1] += 1
    print(json.dumps({"hosts": len(hosts), "findings": sum(by_type.values()), "byType": dict(by_type), "confirmed": confirmed}))


if __name__ == "__main__":
    main(sys.argv[1])
