#!/usr/bin/env python3
"""Regenerates templates/replacement.json: for every CloudFormation resource
type, the properties whose change replaces the resource.

Source: the CloudFormation registry's resource schemas as cfn-lint ships them
(cfnlint/data/schemas/: providers/<region>.json maps each type to a schema
file under resources/). From each schema:

  createOnlyProperties             -> "replace": changing it always replaces
  conditionalCreateOnlyProperties  -> "conditional": CloudFormation updates in
                                      place when the service allows the change
                                      (an engine upgrade, say) and replaces
                                      otherwise; `stackwright diff` reports
                                      "may replace" and counts it as a replacement

JSON pointers become slash paths below Properties ("/properties/A/B" -> "A/B";
"*" stands for every list element). Types are taken from us-east-1, then from
the other regions for types us-east-1 lacks.

OVERRIDES below corrects what the schemas state too weakly; each entry says
why. Cases no schema can express (documented in src/diff/replacement.rs):
- a custom physical name (TableName, BucketName, ...) makes a replacement
  *fail* ("cannot update a stack when a custom-named resource requires
  replacing");
- a createOnly value written as Ref/GetAtt of a resource that is itself
  replaced changes at deploy time although the template text does not;
- removing a createOnly property replaces even when the default equals the
  old value;
- updates that replace only for some values (EC2 instance store vs EBS,
  RDS engine downgrade, AllocatedStorage decrease) are "conditional".

Usage: scripts/gen-replacement-data.py [SCHEMAS_DIR] > templates/replacement.json
       (default SCHEMAS_DIR: cfnlint's, from the oracle venv at
       ~/.cache/stackwright-oracle or $ORACLE_VENV; make it with
       ../shared/tools/oracle-setup)
"""

import glob
import json
import os
import sys

# Promoted from "conditional" to "replace", with the reason.
OVERRIDES = {
    # The DynamoDB docs: KeySchema "Update requires: Replacement". The schema
    # lists it as conditional only because an unchanged key written in a
    # different form is not a change.
    "AWS::DynamoDB::Table": ["KeySchema"],
}


def schemas_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    venvs = [os.environ.get("ORACLE_VENV", ""), os.path.expanduser("~/.cache/stackwright-oracle")]
    for venv in venvs:
        if not venv:
            continue
        hits = glob.glob(os.path.join(venv, "lib/python3*/site-packages/cfnlint/data/schemas"))
        if hits:
            return hits[0]
    sys.exit("cfn-lint's schemas not found: pass SCHEMAS_DIR or make the oracle venv")


def path(pointer):
    parts = pointer.split("/")
    if len(parts) < 3 or parts[0] != "" or parts[1] != "properties":
        return None
    return "/".join(parts[2:])


def main():
    root = schemas_dir()
    providers = sorted(glob.glob(os.path.join(root, "providers", "*.json")))
    providers.sort(key=lambda p: os.path.basename(p) != "us-east-1.json")
    types = {}
    for provider in providers:
        for type_name, digest in json.load(open(provider)).items():
            # SAM's types exist only before the transform; a diff compares
            # what CloudFormation sees after it.
            if type_name in types or type_name.startswith("AWS::Serverless::"):
                continue
            schema = json.load(open(os.path.join(root, "resources", digest + ".json")))
            replace = sorted({p for p in map(path, schema.get("createOnlyProperties", [])) if p})
            conditional = sorted(
                {p for p in map(path, schema.get("conditionalCreateOnlyProperties", [])) if p}
                - set(replace)
            )
            for promoted in OVERRIDES.get(type_name, []):
                if promoted in conditional:
                    conditional.remove(promoted)
                if promoted not in replace:
                    replace = sorted(replace + [promoted])
            entry = {}
            if replace:
                entry["replace"] = replace
            if conditional:
                entry["conditional"] = conditional
            types[type_name] = entry
    version = json.load(open(os.path.join(root, "version.json")))
    out = {
        "source": "CloudFormation resource schemas shipped with cfn-lint; regenerate with scripts/gen-replacement-data.py",
        "schema_date": version.get("schema_date"),
        "types": {k: types[k] for k in sorted(types)},
    }
    # One type per line: small, and reviewable as a diff when regenerated.
    lines = ["{"]
    for key in ("source", "schema_date"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(out[key])},")
    lines.append('  "types": {')
    items = list(out["types"].items())
    for i, (k, v) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        lines.append(f"    {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}{comma}")
    lines.append("  }")
    lines.append("}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
