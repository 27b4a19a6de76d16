"""Kubernetes manifests: every document against kubernetes-validate's schemas in strict form
(unknown fields are errors), for each Kubernetes version asked for, then the rules the API
server or a controller applies that a schema cannot say (names, selectors, quantities,
references between the documents of one file). The rules come from the Kubernetes API
reference and the validation the API server documents."""
import functools
import re

import yaml
import kubernetes_validate.utils as kv

import loaders

# validate() re-reads the (large) schema files on every call; they never change in a run.
kv.schema_contents = functools.lru_cache(maxsize=None)(kv.schema_contents)

DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
DNS_1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
LABEL_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
PORT_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")
QUANTITY = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?")
SUFFIX = {None: 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
          "Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40, "Pi": 2 ** 50, "Ei": 2 ** 60}
STANDARD_RESOURCES = {"cpu", "memory", "ephemeral-storage", "storage"}
REPLICATED = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}
# securityContext fields the API refuses when spec.os.name is windows (Kubernetes "Pod OS" docs).
LINUX_ONLY_POD = ["seLinuxOptions", "seccompProfile", "appArmorProfile", "fsGroup", "fsGroupChangePolicy",
                  "sysctls", "runAsUser", "runAsGroup", "supplementalGroups", "supplementalGroupsPolicy"]
LINUX_ONLY_CONTAINER = ["seLinuxOptions", "seccompProfile", "appArmorProfile", "capabilities",
                        "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount",
                        "runAsUser", "runAsGroup"]


def _d(value):
    return value if isinstance(value, dict) else {}


def _l(value):
    return value if isinstance(value, list) else []


def quantity(value):
    """A resource quantity as a number, or None when Kubernetes would not parse it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    m = QUANTITY.fullmatch(str(value))
    if not m:
        return None
    suffix = m.group(2)
    if suffix and suffix[0] in "eE" and len(suffix) > 1:
        return float(m.group(1) + suffix)
    return float(m.group(1)) * SUFFIX[suffix]


def check_label_key(key):
    prefix, _, name = str(key).rpartition("/")
    if prefix and (len(prefix) > 253 or not DNS_SUBDOMAIN.fullmatch(prefix)):
        return f"label key {key!r}: the prefix must be a DNS subdomain"
    if len(name) > 63 or not LABEL_NAME.fullmatch(name):
        return f"label key {key!r}: the name must be at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric"
    return None


def check_label_value(key, value):
    text = str(value)
    if text and (len(text) > 63 or not LABEL_NAME.fullmatch(text)):
        return f"label {key}={value!r}: values are at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric"
    return None


def selector_matches(selector, labels):
    selector = _d(selector)
    if any(labels.get(k) != v for k, v in _d(selector.get("matchLabels")).items()):
        return False
    for expr in _l(selector.get("matchExpressions")):
        key, op, values = _d(expr).get("key"), _d(expr).get("operator"), _l(_d(expr).get("values"))
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def pod_template(doc):
    """(labels, pod spec) of a workload document, or None for other kinds."""
    kind, spec = doc.get("kind"), _d(doc.get("spec"))
    if kind == "Pod":
        return _d(_d(doc.get("metadata")).get("labels")), spec
    if kind == "CronJob":
        template = _d(_d(_d(spec.get("jobTemplate")).get("spec")).get("template"))
    elif kind in REPLICATED or kind == "Job":
        template = _d(spec.get("template"))
    else:
        return None
    return _d(_d(template.get("metadata")).get("labels")), _d(template.get("spec"))


def containers_of(pod):
    return [c for c in _l(pod.get("initContainers")) + _l(pod.get("containers")) if isinstance(c, dict)]


def schema_errors(doc, versions):
    """Schema errors, each once with the versions it applies to."""
    found = {}
    for version in versions:
        try:
            kv.validate(doc, version, strict=True)
        except kv.ValidationError as e:
            where = ".".join(str(p) for p in e.path) or "(document)"
            found.setdefault(f"{where}: {e.message}", []).append(version)
        except kv.SchemaNotFoundError:
            found.setdefault(f"no schema for kind {doc.get('kind')} in apiVersion {doc.get('apiVersion')} "
                             "(a removed, misspelt or custom API)", []).append(version)
    return [f"{message} [Kubernetes {', '.join(v)}]" for message, v in found.items()]


def document_rules(doc, docs):
    """Errors and warnings of one document; docs (all of the file) serve the cross-references."""
    errors, warnings = [], []
    kind = doc.get("kind")
    meta = _d(doc.get("metadata"))
    name = meta.get("name")
    namespace = meta.get("namespace")
    same_namespace = [d for d in docs if _d(d.get("metadata")).get("namespace") == namespace]

    if not name:
        errors.append("metadata.name is required")
    elif kind == "Service":
        if len(str(name)) > 63 or not DNS_1035_LABEL.fullmatch(str(name)):
            errors.append(f"metadata.name {name!r}: a Service name is a DNS-1035 label (lower case, starts with a letter, at most 63)")
    elif len(str(name)) > 253 or not DNS_SUBDOMAIN.fullmatch(str(name)):
        errors.append(f"metadata.name {name!r} is not a DNS subdomain (lower case letters, digits, '-' and '.')")
    if kind == "CronJob" and name and len(str(name)) > 52:
        errors.append(f"metadata.name: a CronJob name is at most 52 characters ({len(str(name))})")

    template = pod_template(doc)
    label_sets = [("metadata.labels", _d(meta.get("labels")))]
    if template:
        label_sets.append(("pod template labels", template[0]))
    for where, labels in label_sets:
        for key, value in labels.items():
            problem = check_label_key(key) or check_label_value(key, value)
            if problem:
                errors.append(f"{where}: {problem}")

    if template:
        labels, pod = template
        if kind in REPLICATED:
            selector = _d(doc.get("spec")).get("selector")
            if not _d(selector).get("matchLabels") and not _d(selector).get("matchExpressions"):
                errors.append("spec.selector is empty: it must select the pod template's labels")
            elif not selector_matches(selector, labels):
                errors.append(f"spec.selector does not match the pod template's labels {labels}")
            if pod.get("restartPolicy") not in (None, "Always"):
                errors.append(f"restartPolicy {pod['restartPolicy']}: a {kind} takes only Always")
        if kind in ("Job", "CronJob") and pod.get("restartPolicy") not in ("Never", "OnFailure"):
            errors.append(f"restartPolicy {pod.get('restartPolicy', 'Always (the default)')}: a {kind} needs Never or OnFailure")
        errors.extend(pod_rules(pod))
        account = pod.get("serviceAccountName")
        if account and account != "default" and not any(
                d.get("kind") == "ServiceAccount" and _d(d.get("metadata")).get("name") == account for d in same_namespace):
            warnings.append(f"serviceAccountName {account!r} is not defined in this file: it must exist in the cluster")

    if kind == "Service":
        errors.extend(service_rules(doc, same_namespace))
    if kind == "Ingress":
        errors.extend(ingress_rules(doc, same_namespace))
    if kind == "HorizontalPodAutoscaler":
        e, w = hpa_rules(doc, same_namespace)
        errors.extend(e)
        warnings.extend(w)
    return errors, warnings


def pod_rules(pod):
    errors = []
    containers = containers_of(pod)
    names = [c.get("name") for c in containers]
    for n in sorted({n for n in names if n is not None and names.count(n) > 1}, key=str):
        errors.append(f"container name {n!r} is used twice in the pod")
    port_names = []
    for c in containers:
        where = f"container {c.get('name', '(no name)')!r}"
        if c.get("name") is not None and (len(str(c["name"])) > 63 or not DNS_LABEL.fullmatch(str(c["name"]))):
            errors.append(f"{where}: the name must be a DNS label (lower case letters, digits and '-', at most 63)")
        if not c.get("image"):
            errors.append(f"{where}: image is required")
        own_ports = set()
        for p in _l(c.get("ports")):
            port_name = _d(p).get("name")
            if port_name is None:
                continue
            own_ports.add(port_name)
            port_names.append(port_name)
            text = str(port_name)
            if len(text) > 15 or not PORT_NAME.fullmatch(text) or "--" in text or not re.search("[a-z]", text):
                errors.append(f"{where}: port name {port_name!r} must be at most 15 lower case letters, digits and '-', with a letter")
        for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = _d(c.get(probe_name))
            for handler in ("httpGet", "tcpSocket"):
                port = _d(probe.get(handler)).get("port")
                if isinstance(port, str) and port not in own_ports:
                    errors.append(f"{where}: {probe_name}.{handler}.port {port!r} is not a port name of this container")
        errors.extend(f"{where}: {e}" for e in resource_rules(_d(c.get("resources"))))
    for n in sorted({n for n in port_names if port_names.count(n) > 1}, key=str):
        errors.append(f"port name {n!r} is used twice in the pod")

    os_name = _d(pod.get("os")).get("name")
    node_os = _d(pod.get("nodeSelector")).get("kubernetes.io/os")
    if os_name and node_os and os_name != node_os:
        errors.append(f"spec.os.name {os_name} contradicts nodeSelector kubernetes.io/os: {node_os}")
    if os_name == "windows":
        if node_os is None and not _d(pod.get("affinity")).get("nodeAffinity"):
            errors.append("a Windows pod needs nodeSelector kubernetes.io/os: windows, or it can land on a Linux node and fail")
        for key in LINUX_ONLY_POD:
            if key in _d(pod.get("securityContext")):
                errors.append(f"securityContext.{key} is Linux only and refused with os.name windows")
        for c in containers:
            for key in LINUX_ONLY_CONTAINER:
                if key in _d(c.get("securityContext")):
                    errors.append(f"container {c.get('name')!r}: securityContext.{key} is Linux only and refused with os.name windows")
    if os_name == "linux":
        contexts = [_d(pod.get("securityContext"))] + [_d(c.get("securityContext")) for c in containers]
        if any("windowsOptions" in s for s in contexts):
            errors.append("securityContext.windowsOptions is refused with os.name linux")
    return errors


def resource_rules(resources):
    errors = []
    requests, limits = _d(resources.get("requests")), _d(resources.get("limits"))
    values = {}
    for section, table in (("requests", requests), ("limits", limits)):
        for resource, value in table.items():
            if resource not in STANDARD_RESOURCES and not str(resource).startswith("hugepages-") and "/" not in str(resource):
                errors.append(f"resources.{section}: {resource!r} is not a standard resource; "
                              "others are fully qualified (such as nvidia.com/gpu)")
            number = quantity(value)
            if number is None:
                errors.append(f"resources.{section}.{resource}: {value!r} is not a quantity (such as 500m, 1, 512Mi, 2Gi)")
            values[(section, resource)] = number
    for resource in requests:
        request, limit = values.get(("requests", resource)), values.get(("limits", resource))
        if request is not None and limit is not None and request > limit:
            errors.append(f"resources: the {resource} request {requests[resource]} is above its limit {limits[resource]}")
    for resource in set(requests) | set(limits):
        if "/" not in str(resource) or str(resource).startswith(("kubernetes.io/", "requests.")):
            continue
        if resource not in limits:
            errors.append(f"resources: the extended resource {resource} must be set in limits (it is only in requests)")
        elif resource in requests and values.get(("requests", resource)) != values.get(("limits", resource)):
            errors.append(f"resources: the extended resource {resource} needs requests equal to limits")
        for section in ("requests", "limits"):
            number = values.get((section, resource))
            if number is not None and number != int(number):
                errors.append(f"resources.{section}.{resource}: an extended resource is a whole number")
    return errors


def service_rules(svc, docs):
    errors = []
    spec = _d(svc.get("spec"))
    ports = [_d(p) for p in _l(spec.get("ports"))]
    kind_of_service = spec.get("type", "ClusterIP")
    if len(ports) > 1:
        names = [p.get("name") for p in ports]
        if None in names or len(set(names)) != len(names):
            errors.append("a Service with several ports needs a different name on each")
    for p in ports:
        if kind_of_service == "ClusterIP" and "nodePort" in p:
            errors.append(f"port {p.get('name', p.get('port'))}: a ClusterIP Service takes no nodePort")
    selector = _d(spec.get("selector"))
    if not selector or kind_of_service == "ExternalName":
        return errors
    pods = [t[1] for t in (pod_template(d) for d in docs) if t and all(t[0].get(k) == v for k, v in selector.items())]
    if not pods:
        errors.append(f"spec.selector {selector} selects no pod template in this file")
        return errors
    numbers = {_d(p).get("containerPort") for pod in pods for c in containers_of(pod) for p in _l(c.get("ports"))}
    names = {_d(p).get("name") for pod in pods for c in containers_of(pod) for p in _l(c.get("ports"))}
    for p in ports:
        target = p.get("targetPort", p.get("port"))
        if isinstance(target, str) and target.isdigit():
            errors.append(f"port {p.get('name', p.get('port'))}: targetPort {target!r} is quoted: a string is a port name, so write the number unquoted")
        elif isinstance(target, str) and target not in names:
            errors.append(f"port {p.get('name', p.get('port'))}: targetPort {target!r} is not a port name of the selected pods")
        elif isinstance(target, int) and target not in numbers:
            errors.append(f"port {p.get('name', p.get('port'))}: targetPort {target} is not a containerPort of the selected pods")
    return errors


def ingress_rules(ingress, docs):
    errors = []
    spec = _d(ingress.get("spec"))
    backends = [_d(spec.get("defaultBackend"))]
    for rule in _l(spec.get("rules")):
        backends += [_d(_d(path).get("backend")) for path in _l(_d(_d(rule).get("http")).get("paths"))]
    services = {_d(d.get("metadata")).get("name"): _d(d.get("spec")) for d in docs if d.get("kind") == "Service"}
    for backend in backends:
        target = _d(backend.get("service"))
        if not target:
            continue
        name, port = target.get("name"), _d(target.get("port"))
        if name not in services:
            errors.append(f"backend service {name!r} is not in this file")
            continue
        ports = [_d(p) for p in _l(services[name].get("ports"))]
        if "name" in port and port["name"] not in [p.get("name") for p in ports]:
            errors.append(f"backend service {name!r} has no port named {port['name']!r}")
        if "number" in port and port["number"] not in [p.get("port") for p in ports]:
            errors.append(f"backend service {name!r} has no port {port['number']}")
    return errors


def hpa_rules(hpa, docs):
    errors, warnings = [], []
    spec = _d(hpa.get("spec"))
    low, high = spec.get("minReplicas", 1), spec.get("maxReplicas")
    if isinstance(low, int) and low < 1:
        errors.append(f"minReplicas {low}: at least 1")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.append(f"minReplicas {low} is above maxReplicas {high}")
    ref = _d(spec.get("scaleTargetRef"))
    targets = [d for d in docs if d.get("kind") == ref.get("kind") and _d(d.get("metadata")).get("name") == ref.get("name")]
    if not targets:
        errors.append(f"scaleTargetRef {ref.get('kind')}/{ref.get('name')} is not in this file")
        return errors, warnings
    target = targets[0]
    if ref.get("apiVersion") and ref["apiVersion"] != target.get("apiVersion"):
        errors.append(f"scaleTargetRef apiVersion {ref['apiVersion']} differs from the target's {target.get('apiVersion')}")
    if "replicas" in _d(target.get("spec")):
        warnings.append(f"{target.get('kind')}/{ref.get('name')} sets spec.replicas: each apply resets what the autoscaler chose")
    template = pod_template(target)
    for metric in _l(spec.get("metrics")):
        resource = _d(_d(metric).get("resource"))
        if _d(metric).get("type") == "Resource" and _d(resource.get("target")).get("type") == "Utilization" and template:
            for c in _l(template[1].get("containers")):
                if resource.get("name") not in _d(_d(_d(c).get("resources")).get("requests")):
                    errors.append(f"{resource.get('name')} Utilization needs a {resource.get('name')} request on every container "
                                  f"(container {_d(c).get('name')!r} has none)")
    return errors, warnings


def check(artifacts, versions):
    known = kv.all_versions()
    for version in versions:
        if not any(kv.major_minor(v) == version for v in known):
            raise ValueError(f"kubernetes-validate has schemas for {kv.major_minor(known[0])} to "
                             f"{kv.major_minor(known[-1])}, not {version}")
    for a in artifacts:
        try:
            with open(a.path, encoding="utf-8") as f:
                docs = [d for d in yaml.load_all(f, Loader=loaders.KubernetesLoader) if d is not None]
        except yaml.YAMLError as e:
            a.errors.append(f"YAML that kubectl refuses: {loaders.describe_error(e)}")
            continue
        for i, doc in enumerate(docs, start=1):
            if not isinstance(doc, dict) or "apiVersion" not in doc or "kind" not in doc:
                a.errors.append(f"document {i}: not a Kubernetes object (apiVersion and kind are required)")
                continue
            label = f"document {i} ({doc['kind']}/{_d(doc.get('metadata')).get('name', '?')})"
            a.errors.extend(f"{label}: {e}" for e in schema_errors(doc, versions))
            try:
                errors, warnings = document_rules(doc, [d for d in docs if isinstance(d, dict)])
            except (AttributeError, TypeError, KeyError, ValueError) as e:
                errors, warnings = [f"the rules could not read it ({type(e).__name__}: {e}); see the schema errors"], []
            a.errors.extend(f"{label}: {e}" for e in errors)
            a.warnings.extend(f"{label}: {w}" for w in warnings)
