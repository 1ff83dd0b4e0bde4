"""Baseline a user would write for a scan-log CSV export: the standard library's csv.DictReader,
counting rows per Status. Prints one JSON line."""
import csv
import json
import sys
from collections import Counter


def main(path):
    statuses = Counter()
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            statuses[row["Status"]] += 1
    print(json.dumps({"rows": sum(statuses.values()), "byStatus": dict(statuses)}))


if __name__ == "__main__":
    main(sys.argv[1])
