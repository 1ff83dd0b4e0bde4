"""Baseline a user would write for a Qualys ASSET_DATA_REPORT: ElementTree.iterparse, clearing each
HOST and each glossary VULN_DETAILS once read. Counts hosts (HOST_LIST/HOST) and confirmed findings
(VULN_INFO with TYPE Vuln; "active" leaves out VULN_STATUS Fixed). Prints one JSON line."""
import json
import sys
import xml.etree.ElementTree as ET


def main(path):
    hosts = 0
    vulns = 0
    active = 0
    parents = []
    for event, elem in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            parents.append(elem.tag)
            continue
        parents.pop()
        tag = elem.tag
        if tag == "VULN_INFO":
            if elem.findtext("TYPE") == "Vuln":
                vulns += 1
                if elem.findtext("VULN_STATUS") != "Fixed":
                    active += 1
        elif tag == "HOST" and parents and parents[-1] == "HOST_LIST":
            hosts += 1
            elem.clear()
        elif tag == "VULN_DETAILS":
            elem.clear()
    print(json.dumps({"hosts": hosts, "confirmed": vulns, "confirmedActive": active}))


if __name__ == "__main__":
    main(sys.argv[1])
