"""Reads a request DB and a domain DB with the queries the Python cdninstancenode issues.

Stands in for switching back: what that node would find after this node ran. Usage:
  python_node_reader.py REQUEST_DB DOMAIN_DB REFERENCE... ; prints one JSON object.
"""
import json
import sqlite3
import sys


def connect(path):
    con = sqlite3.connect(path, timeout=30.0)
    con.row_factory = sqlite3.Row
    return con


def main(request_db, domain_db, references):
    requests = connect(request_db)
    domains = connect(domain_db)
    stored = {r["reference"]: r["hash"] for r in requests.execute("select reference, hash from instance")}
    reprocessed = sorted(
        r["reference"]
        for r in requests.execute("select reference from instance where valid_parameter != ?", ("valid",)))
    out = {"stored_hashes": stored, "reprocessed": reprocessed, "entries": {}}
    for reference in references:
        row = requests.execute("SELECT * FROM instance WHERE reference=?", (reference,)).fetchone()
        validation = domains.execute(
            "SELECT * FROM domain_validation WHERE instance_reference=?", (reference,)).fetchone()
        entry = {
            "in_retention": row is not None and row["valid_parameter"] == "stopped",
            "json_error": json.loads(row["json_error"]) if row is not None else None,
        }
        if validation is not None:
            domain = validation["domain"]
            entry["domain"] = domain
            entry["token"] = validation["token"]
            entry["validated"] = bool(validation["validated"])
            other = domains.execute(
                "SELECT * FROM domain_validation WHERE domain=? AND instance_reference!=? AND validated=?",
                (domain, "SOMEONE-ELSE", True)).fetchone()
            entry["validated_for_others"] = other["instance_reference"] if other else None
            used = domains.execute(
                "SELECT instance_reference FROM used_hosts WHERE host=? AND instance_reference!=?",
                (domain, "SOMEONE-ELSE")).fetchone()
            entry["host_used"] = used is not None
        out["entries"][reference] = entry
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
