"""Finds the deployment skeletons under some folders, sorts them by content and checks each
kind with its validator. Run it through scripts/validate-artifacts, which provides the pinned
packages. One line per file (ok / FAIL / skip), the reasons under each failure, then a summary.
"""
import argparse
import json
import os
import sys
from dataclasses import dataclass, field

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import loaders  # noqa: E402

# Kinds, in the order the summary lists them.
KINDS = {
    "ecs-task-definition": "ECS RegisterTaskDefinition input (botocore ECS model + task definition rules)",
    "ecs-service": "ECS CreateService input (botocore ECS model + service rules)",
    "scheduler": "EventBridge Scheduler CreateSchedule input (botocore scheduler model)",
    "kubernetes": "Kubernetes manifests (kubernetes-validate strict schemas + API rules)",
    "eks-nodepool": "EKS Auto Mode NodePool (karpenter.sh/v1 fields from the EKS user guide, strict)",
    "cloudformation": "SAM / CloudFormation template (cfn-lint)",
    "unreadable": "JSON or YAML that does not parse",
}
DEFAULT_K8S_VERSIONS = ["1.31", "1.37"]
DEFAULT_REGIONS = ["us-east-1"]


@dataclass
class Artifact:
    path: str
    kind: str
    data: object = None  # the parsed JSON object, or the list of YAML documents
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def classify(path):
    """(kind, parsed data), or (None, None) for a JSON/YAML file that is no skeleton."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        return "unreadable", str(e)
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            return "unreadable", f"not valid JSON: {e}"
        if not isinstance(data, dict):
            return None, None
        if "AWSTemplateFormatVersion" in data or "Resources" in data:
            return "cloudformation", data
        if "containerDefinitions" in data:
            return "ecs-task-definition", data
        if "serviceName" in data:
            return "ecs-service", data
        if "ScheduleExpression" in data and "Target" in data:
            return "scheduler", data
        return None, None
    try:
        documents = [d for d in yaml.load_all(text, Loader=loaders.AnyTagLoader) if d is not None]
    except yaml.YAMLError as e:
        return "unreadable", f"not valid YAML: {loaders.describe_error(e)}"
    dicts = [d for d in documents if isinstance(d, dict)]
    if len(documents) == 1 and dicts and any(k in dicts[0] for k in ("AWSTemplateFormatVersion", "Transform", "Resources")):
        return "cloudformation", dicts[0]
    if dicts and all(str(d.get("apiVersion", "")).startswith("karpenter.sh/") for d in dicts):
        return "eks-nodepool", documents
    if any("apiVersion" in d and "kind" in d for d in dicts):
        return "kubernetes", documents
    return None, None


def find_files(folder):
    """Every .json/.yaml/.yml file under folder, hidden paths left out, in a stable order."""
    found = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.endswith((".json", ".yaml", ".yml")):
                found.append(os.path.join(current, name))
    return found


def run_checks(artifacts, k8s_versions, regions, checkov_totals=None):
    """Fills in each artifact's errors and warnings. A validator that crashes fails its files.
    With `checkov_totals` (a dict), Checkov runs too and the counts go there."""
    import aws_checks
    import k8s_checks
    import nodepool_checks
    import sam_checks

    by_kind = {}
    for a in artifacts:
        by_kind.setdefault(a.kind, []).append(a)
    for a in by_kind.get("unreadable", []):
        a.errors.append(a.data)
    steps = [
        (("ecs-task-definition", "ecs-service", "scheduler"), lambda group: aws_checks.check(group)),
        (("kubernetes",), lambda group: k8s_checks.check(group, k8s_versions)),
        (("eks-nodepool",), lambda group: nodepool_checks.check(group)),
        (("cloudformation",), lambda group: sam_checks.check(group, regions)),
    ]
    if checkov_totals is not None:
        import checkov_checks
        steps.append((("cloudformation", "kubernetes"), lambda group: checkov_checks.check(group, checkov_totals)))
    for kinds, check in steps:
        group = [a for k in kinds for a in by_kind.get(k, [])]
        if not group:
            continue
        try:
            check(group)
        except Exception as e:  # noqa: BLE001 - report it against the files rather than lose them
            for a in group:
                a.errors.append(f"the validator crashed: {type(e).__name__}: {e}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="scripts/validate-artifacts",
        description="Check the deployment skeletons under each DIR with the official validators.",
        epilog="Files are sorted by content: JSON with containerDefinitions (ECS task definition), "
               "serviceName (ECS service), ScheduleExpression and Target (EventBridge Scheduler), "
               "AWSTemplateFormatVersion or Resources (CloudFormation); YAML with Transform, "
               "AWSTemplateFormatVersion or Resources (SAM/CloudFormation) or apiVersion and kind "
               "(Kubernetes). Other JSON/YAML files are listed as skipped. Exit status: 0 all "
               "passed, 1 a file failed or a DIR held no skeleton, 2 usage error. "
               "scripts/validate-artifacts --selftest [--quiet] checks the checks on their fixtures.")
    parser.add_argument("dirs", nargs="+", metavar="DIR")
    parser.add_argument("--k8s-version", action="append", metavar="X.Y",
                        help="Kubernetes version to check manifests against; repeatable "
                             f"(default: {' and '.join(DEFAULT_K8S_VERSIONS)})")
    parser.add_argument("--region", action="append", help=f"region for cfn-lint; repeatable (default: {DEFAULT_REGIONS[0]})")
    parser.add_argument("--quiet", action="store_true", help="print only failures, warnings and the summary")
    parser.add_argument("--no-checkov", action="store_true",
                        help="leave out Checkov's CloudFormation and Kubernetes policies (the other checks still run)")
    args = parser.parse_args(argv)

    artifacts, skipped, empty = [], [], []
    for folder in args.dirs:
        if not os.path.isdir(folder):
            parser.error(f"{folder} is not a folder")
        before = len(artifacts)
        for path in find_files(folder):
            kind, data = classify(path)
            if kind is None:
                skipped.append(path)
            else:
                artifacts.append(Artifact(path, kind, data))
        if len(artifacts) == before:
            empty.append(folder)

    checkov = None if args.no_checkov else {"passed": 0, "failed": 0, "skipped": 0, "skipped_by": {}}
    run_checks(artifacts, args.k8s_version or DEFAULT_K8S_VERSIONS, args.region or DEFAULT_REGIONS, checkov)

    width = max(len(k) for k in KINDS)
    for a in artifacts:
        status = "FAIL" if a.errors else "ok"
        if a.errors or a.warnings or not args.quiet:
            print(f"{status:<5}{a.kind:<{width + 2}}{a.path}")
        for reason in a.errors:
            print(f"       error: {reason}")
        for reason in a.warnings:
            print(f"       warning: {reason}")
    for path in skipped:
        print(f"{'skip':<5}{'-':<{width + 2}}{path} (JSON/YAML but not a known skeleton: not checked)")
    for folder in empty:
        print(f"FAIL {'-':<{width + 2}}{folder}: no skeleton found (an empty generator output is a failure)")

    print("\nsummary:")
    failed_total = 0
    for kind, what in KINDS.items():
        group = [a for a in artifacts if a.kind == kind]
        if not group:
            continue
        failed = sum(1 for a in group if a.errors)
        failed_total += failed
        print(f"  {kind:<{width}}  {len(group):3} checked, {failed:3} failed   {what}")
    warned = sum(1 for a in artifacts if a.warnings and not a.errors)
    print(f"  {'total':<{width}}  {len(artifacts):3} checked, {failed_total:3} failed, "
          f"{warned} passed with warnings, {len(skipped)} skipped")
    if checkov is not None and any(a.kind in ("cloudformation", "kubernetes") for a in artifacts):
        print(f"  checkov: {checkov['passed']} passed, {checkov['failed']} failed, {checkov['skipped']} skipped "
              f"(documented: scripts/validate/checkov-skips.txt, docs/artifacts.md)")
        if checkov["skipped_by"]:
            print("    skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(checkov["skipped_by"].items())))
    if empty:
        print(f"  no skeleton under: {', '.join(empty)}")
    ok = failed_total == 0 and not empty
    print("all skeletons passed" if ok else "validation FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
