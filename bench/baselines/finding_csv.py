"""Baseline a user would write for a Qualys VM report CSV (one row per finding): the standard
library's csv.DictReader. Counts rows, distinct IPs, rows per Vuln Status, and confirmed findings
(Type Vuln) that are not Fixed, by severity. Prints one JSON line."""
import csv
import json
import sys
from collections import Counter


def main(path):
    ips = set()
    statuses = Counter()
    confirmed = [0, 0, 0, 0, 0]
    rows = 0
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            rows += 1
            ips.add(row["IP"])
            status = row["Vuln Status"]
            statuses[status] += 1
            if row["Type"] == "Vuln" and status != "Fixed":
                confirmed[int(row["Severity"]) - 1] += 1
    print(json.dumps({"rows": rows, "ips": len(ips), "vulnStatuses": dict(statuses), "confirmed": confirmed}))


if __name__ == "__main__":
    main(sys.argv[1])
