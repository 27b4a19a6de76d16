"""EKS Auto Mode NodePools (karpenter.sh/v1): a custom resource with no schema in
kubernetes-validate, so it is checked against the fields of the Karpenter v1 NodePool API
that the EKS user guide's "Create a Node Pool for EKS Auto Mode" uses, strictly (an unknown
field is an error, as kubectl's server-side validation of the CRD makes it), with the label,
operator and taint rules of the Kubernetes API. A weaker check than a schema: the docs call
it out."""
import yaml

import k8s_checks
import loaders

OPERATORS = {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"}
EFFECTS = {"NoSchedule", "PreferNoSchedule", "NoExecute"}
FIELDS = {
    "": {"apiVersion", "kind", "metadata", "spec"},
    "metadata": {"name", "labels", "annotations"},
    "spec": {"template", "disruption", "limits", "weight"},
    "spec.template": {"metadata", "spec"},
    "spec.template.spec": {"nodeClassRef", "requirements", "taints", "startupTaints", "expireAfter", "terminationGracePeriod"},
    "spec.template.spec.nodeClassRef": {"group", "kind", "name"},
}


def _fields(doc, path, errors):
    node = doc
    for part in [p for p in path.split(".") if p]:
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return
    if not isinstance(node, dict):
        errors.append(f"{path or 'the document'} must be a mapping")
        return
    for key in node:
        if key not in FIELDS[path]:
            errors.append(f"unknown field {(path + '.' if path else '') + str(key)}")


def document_errors(doc):
    errors = []
    if doc.get("apiVersion") != "karpenter.sh/v1" or doc.get("kind") != "NodePool":
        return [f"expected apiVersion karpenter.sh/v1 and kind NodePool, got {doc.get('apiVersion')} {doc.get('kind')}"]
    for path in FIELDS:
        _fields(doc, path, errors)
    name = k8s_checks._d(doc.get("metadata")).get("name")
    if not isinstance(name, str) or len(name) > 253 or not k8s_checks.DNS_SUBDOMAIN.fullmatch(name):
        errors.append(f"metadata.name {name!r} must be a DNS subdomain")
    for key, value in k8s_checks._d(k8s_checks._d(doc.get("metadata")).get("labels")).items():
        for problem in (k8s_checks.check_label_key(key), k8s_checks.check_label_value(key, value)):
            if problem:
                errors.append(problem)
    spec = k8s_checks._d(k8s_checks._d(k8s_checks._d(doc.get("spec")).get("template")).get("spec"))
    ref = k8s_checks._d(spec.get("nodeClassRef"))
    if ref.get("group") != "eks.amazonaws.com" or ref.get("kind") != "NodeClass" or not ref.get("name"):
        errors.append("spec.template.spec.nodeClassRef must name an EKS Auto Mode NodeClass (group eks.amazonaws.com, kind NodeClass, a name)")
    requirements = spec.get("requirements")
    if not isinstance(requirements, list) or not requirements:
        errors.append("spec.template.spec.requirements must be a non-empty list")
        requirements = []
    for i, req in enumerate(requirements):
        req = k8s_checks._d(req)
        where = f"requirements[{i}]"
        if set(req) - {"key", "operator", "values", "minValues"}:
            errors.append(f"{where}: unknown field(s) {sorted(set(req) - {'key', 'operator', 'values', 'minValues'})}")
        problem = k8s_checks.check_label_key(req.get("key", ""))
        if problem:
            errors.append(f"{where}: {problem}")
        op, values = req.get("operator"), req.get("values")
        if op not in OPERATORS:
            errors.append(f"{where}: operator {op!r} is not one of {sorted(OPERATORS)}")
        if op in {"In", "NotIn", "Gt", "Lt"}:
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                errors.append(f"{where}: operator {op} needs values, a non-empty list of strings")
        elif values:
            errors.append(f"{where}: operator {op} takes no values")
    for field in ("taints", "startupTaints"):
        for i, taint in enumerate(k8s_checks._l(spec.get(field))):
            taint = k8s_checks._d(taint)
            if k8s_checks.check_label_key(taint.get("key", "")):
                errors.append(f"{field}[{i}]: key {taint.get('key')!r} is not a valid taint key")
            if taint.get("effect") not in EFFECTS:
                errors.append(f"{field}[{i}]: effect {taint.get('effect')!r} is not one of {sorted(EFFECTS)}")
    return errors


def check(artifacts):
    for a in artifacts:
        with open(a.path, encoding="utf-8") as f:
            try:
                docs = [d for d in yaml.load_all(f, Loader=loaders.KubernetesLoader) if d is not None]
            except yaml.YAMLError as e:
                a.errors.append(f"YAML that kubectl refuses: {loaders.describe_error(e)}")
                continue
        for i, doc in enumerate(docs, start=1):
            if not isinstance(doc, dict):
                a.errors.append(f"document {i}: not a mapping")
                continue
            a.errors.extend(f"document {i} (NodePool/{k8s_checks._d(doc.get('metadata')).get('name', '?')}): {e}" for e in document_errors(doc))
