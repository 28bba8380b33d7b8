#!/usr/bin/env python3
"""Import the official service models from the installed botocore package into
emulator/src/WorkSpacesEmulator/ServiceModels/, stripped of documentation text.

Usage: python3 emulator/tools/import_models.py
The output files are inputs to generate_code.py; never edit them by hand.
"""
import gzip, json, os, sys
import botocore

SERVICES = {"workspaces": "2015-04-08", "ds": "2015-04-16", "ds-data": "2023-05-31"}
DROP = {"documentation", "documentationUrl", "examples", "deprecatedMessage"}
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "src", "WorkSpacesEmulator", "ServiceModels"))


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def load(path):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def main():
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    os.makedirs(OUT, exist_ok=True)
    for name, version in SERVICES.items():
        folder = os.path.join(data, name, version)
        model = strip(load(os.path.join(folder, "service-2.json")))
        model["metadata"]["importedFrom"] = f"botocore {botocore.__version__}"
        paginators = os.path.join(folder, "paginators-1.json")
        if os.path.exists(paginators):
            model["paginators"] = load(paginators).get("pagination", {})
        target = os.path.join(OUT, f"{name}.json")
        with open(target, "w", encoding="utf-8") as f:
            json.dump(model, f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"{name}: {len(model['operations'])} operations, {len(model['shapes'])} shapes -> {os.path.relpath(target)}")
    # EC2 is answered only in part (a hand-written slice): its operation names alone, so /_emulator/coverage can
    # list what is missing.
    ec2 = load(os.path.join(data, "ec2", "2016-11-15", "service-2.json"))
    target = os.path.join(OUT, "ec2-operations.txt")
    with open(target, "w", encoding="utf-8") as f:
        f.write(f"# EC2 2016-11-15 operation names, botocore {botocore.__version__} (import_models.py)\n")
        f.write("\n".join(sorted(ec2["operations"])) + "\n")
    print(f"ec2: {len(ec2['operations'])} operation names -> {os.path.relpath(target)}")


if __name__ == "__main__":
    sys.exit(main())
