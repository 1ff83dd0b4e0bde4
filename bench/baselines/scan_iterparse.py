"""Baseline a user would write for a Qualys SCAN file: the standard library's ElementTree.iterparse,
clearing each host element once it has been read (the idiomatic way to keep memory flat).
Counts scanned hosts (SCAN/IP) and confirmed vulnerabilities (VULN). Prints one JSON line.
Several files (the fleet part: one per customer) are read one after another in this process and
their counts added up."""
import json
import sys
import xml.etree.ElementTree as ET


def count(path):
    hosts = 0
    vulns = 0
    depth = 0
    for event, elem in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if elem.tag == "VULN":
            vulns += 1
        elif elem.tag == "IP" and depth == 1:
            hosts += 1
            elem.clear()
    return hosts, vulns


def main(paths):
    hosts = 0
    vulns = 0
    for path in paths:
        h, v = count(path)
        hosts += h
        vulns += v
    print(json.dumps({"hosts": hosts, "confirmed": vulns}))


if __name__ == "__main__":
    main(sys.argv[1:])
