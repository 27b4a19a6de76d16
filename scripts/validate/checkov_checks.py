"""Checkov's CloudFormation and Kubernetes policies over the skeletons, in one Checkov run
(its own virtual environment; $BERTH_CHECKOV names the binary). A finding is an error on its
file unless checkov-skips.txt lists its check with a scope that holds: then it counts as
skipped. docs/artifacts.md ("Checkov") explains every skip."""
import json
import os
import subprocess

import yaml

import loaders

HERE = os.path.dirname(os.path.abspath(__file__))
SCOPES = {"always", "no-port", "windows-or-privileged"}


def read_skips(path=os.path.join(HERE, "checkov-skips.txt")):
    """{check id: (scope, why)}."""
    skips = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) != 3 or parts[1] not in SCOPES:
                raise ValueError(f"checkov-skips.txt:{number}: expected 'CHECK | {'/'.join(sorted(SCOPES))} | why'")
            skips[parts[0]] = (parts[1], parts[2])
    return skips


def _pod(doc):
    spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
    if doc.get("kind") == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
    template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
    return template.get("spec") if isinstance(template.get("spec"), dict) else (spec if doc.get("kind") == "Pod" else {})


def _scope_holds(scope, path, resource):
    if scope == "always":
        return True
    # Checkov names Kubernetes resources KIND.NAMESPACE.NAME.
    kind, _, name = resource.partition(".")
    name = name.partition(".")[2] or name
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.load_all(f, Loader=loaders.KubernetesLoader) if isinstance(d, dict)]
    for doc in docs:
        if doc.get("kind") != kind or (doc.get("metadata") or {}).get("name") != name:
            continue
        pod = _pod(doc)
        containers = [c for c in pod.get("containers", []) if isinstance(c, dict)]
        if scope == "no-port":
            return not any(c.get("ports") for c in containers)
        windows = (pod.get("os") or {}).get("name") == "windows"
        privileged = any((c.get("securityContext") or {}).get("privileged") for c in containers)
        return windows or privileged
    return False


def check(artifacts, totals):
    """Runs Checkov over the artifacts; fills `totals` with passed, failed and skipped."""
    binary = os.environ.get("BERTH_CHECKOV")
    if not binary or not os.path.exists(binary):
        raise RuntimeError("Checkov is not installed: run this through scripts/validate-artifacts (BERTH_CHECKOV)")
    skips = read_skips()
    by_path = {os.path.abspath(a.path): a for a in artifacts}
    done = subprocess.run([binary, "--framework", "cloudformation", "kubernetes", "--skip-download", "--compact",
                           "-o", "json", "-f", *sorted(by_path)], capture_output=True, text=True)
    try:
        reports = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"Checkov gave no JSON (status {done.returncode}): {done.stderr.strip()[-400:]}")
    if isinstance(reports, dict):
        reports = [reports]
    for report in reports:
        results = report.get("results") or {}
        totals["passed"] += len(results.get("passed_checks", []))
        for finding in results.get("failed_checks", []):
            path = os.path.abspath(finding.get("file_abs_path") or finding.get("file_path", ""))
            artifact = by_path.get(path)
            check_id, resource = finding.get("check_id", "?"), finding.get("resource", "?")
            skip = skips.get(check_id)
            if skip and artifact and _scope_holds(skip[0], artifact.path, resource):
                totals["skipped"] += 1
                totals["skipped_by"][check_id] = totals["skipped_by"].get(check_id, 0) + 1
                continue
            totals["failed"] += 1
            message = f"checkov {check_id}: {finding.get('check_name', '')} ({resource})"
            if artifact:
                artifact.errors.append(message)
            else:
                raise RuntimeError(f"Checkov reported a file it was not given: {path}: {message}")
