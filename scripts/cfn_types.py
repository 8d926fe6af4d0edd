#!/usr/bin/env python3
"""Generates templates/cfn_types.json: every CloudFormation resource type and
the attributes `Fn::GetAtt` accepts on it, from the resource schemas cfn-lint
ships (the union over every region it knows).

Run with the oracle venv's Python (it has cfn-lint):
    ~/.cache/stackwright-oracle/bin/python scripts/cfn_types.py > templates/cfn_types.json

Attribute names are globs: `*` matches any run of characters (`Outputs.*`
on nested stacks; `*` alone, any attribute).
"""
import json
import pathlib
import sys

import cfnlint
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as psm

providers = pathlib.Path(cfnlint.__file__).parent / "data" / "schemas" / "providers"
regions = sorted(p.stem for p in providers.glob("*.json"))

types = {}
for region in regions:
    for t in psm.get_resource_types(region):
        if t.startswith("Module") or "::" not in t:
            continue
        try:
            schema = psm.get_resource_schema(region, t)
        except Exception:
            continue
        attrs = types.setdefault(t, set())
        for pattern in schema.get_atts.keys():
            # cfn-lint's keys are regular expressions (a dot is any character,
            # `.*` any run); they become globs: `*` any run, a dot a dot.
            glob = pattern.replace(".*", "*").replace("\\.", ".")
            if any(c in glob for c in "\\+?[]()"):
                sys.exit(f"unexpected attribute pattern {pattern!r} on {t}")
            attrs.add(glob)

version = getattr(cfnlint, "__version__", None)
if version is None:
    from cfnlint.version import __version__ as version
out = {
    "source": f"cfn-lint {version} resource schemas, all {len(regions)} regions",
    "types": {t: sorted(a) for t, a in sorted(types.items())},
}
json.dump(out, sys.stdout, indent=0, sort_keys=False)
sys.stdout.write("\n")
