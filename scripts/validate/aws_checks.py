"""ECS task definitions, ECS services and EventBridge schedules, as the input of
RegisterTaskDefinition, CreateService and CreateSchedule.

Layer 1 is botocore's own ParamValidator against the operation's input shape from the
service model that ships with botocore (required members, unknown keys, types, minimums).
ParamValidator leaves out enums, maximums and patterns, so layer 2 walks the same model for
those. Layer 3 holds rules the API enforces (or that decide whether the task can start) that
no model expresses, from the ECS and Scheduler developer guides; a service or a schedule is
also checked against its task definition when the same run holds it.
"""
import os
import re

import botocore.session
from botocore.validate import ParamValidator

OPERATIONS = {
    "ecs-task-definition": ("ecs", "RegisterTaskDefinition"),
    "ecs-service": ("ecs", "CreateService"),
    "scheduler": ("scheduler", "CreateSchedule"),
}

# Fargate task sizes: cpu units -> memory MiB allowed (ECS developer guide, "Task CPU and memory").
FARGATE_SIZES = {
    256: [512, 1024, 2048],
    512: list(range(1024, 4096 + 1, 1024)),
    1024: list(range(2048, 8192 + 1, 1024)),
    2048: list(range(4096, 16384 + 1, 1024)),
    4096: list(range(8192, 30720 + 1, 1024)),
    8192: list(range(16384, 61440 + 1, 4096)),
    16384: list(range(32768, 122880 + 1, 8192)),
}
FARGATE_WINDOWS_CPU = {1024, 2048, 4096}
FARGATE_WINDOWS_FAMILIES = {"WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE",
                            "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2022_CORE"}
FARGATE_LOG_DRIVERS = {"awslogs", "splunk", "awsfirelens"}
# Container and task settings Fargate refuses.
FARGATE_NO_CONTAINER_KEYS = ["links", "dnsServers", "dnsSearchDomains", "extraHosts",
                             "dockerSecurityOptions", "disableNetworking"]
FARGATE_NO_LINUX_PARAMETERS = ["devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"]
FARGATE_NO_TASK_KEYS = ["placementConstraints", "ipcMode", "inferenceAccelerators"]

CONTAINER_NAME = re.compile(r"[A-Za-z0-9_-]{1,255}")
FAMILY = re.compile(r"[A-Za-z0-9_-]{1,255}")
TARGET_GROUP_ARN = re.compile(r"arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}")
RATE = re.compile(r"rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)")
CRON = re.compile(r"cron\(([^()]+)\)")
AT = re.compile(r"at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)")

_session = botocore.session.get_session()


# ---- layers 1 and 2: the service model ----

def model_errors(params, service, operation):
    shape = _session.get_service_model(service).operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    errors = report.generate_report().splitlines() if report.has_errors() else []
    _constraints(params, shape, "", errors)
    return errors


def _constraints(value, shape, where, out):
    kind = shape.type_name
    limit = shape.metadata.get("max")
    if kind == "structure" and isinstance(value, dict):
        for key, member in value.items():
            if key in shape.members:
                _constraints(member, shape.members[key], f"{where}.{key}" if where else key, out)
    elif kind == "list" and isinstance(value, list):
        if limit is not None and len(value) > limit:
            out.append(f"{where}: {len(value)} items, the model allows at most {limit}")
        for i, item in enumerate(value):
            _constraints(item, shape.member, f"{where}[{i}]", out)
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            _constraints(key, shape.key, f"{where} key", out)
            _constraints(item, shape.value, f"{where}.{key}", out)
    elif kind == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            out.append(f"{where}: {value!r} is not one of the model's values: {', '.join(shape.enum)}")
        if limit is not None and len(value) > limit:
            out.append(f"{where}: {len(value)} characters, the model allows at most {limit}")
        pattern = shape.metadata.get("pattern")
        if pattern:
            try:
                matched = re.search(pattern, value)
            except re.error:  # a Java-only construct: leave it to the service
                matched = True
            if not matched:
                out.append(f"{where}: {value!r} does not match the model's pattern {pattern}")
    elif kind in ("integer", "long", "float", "double") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if limit is not None and value > limit:
            out.append(f"{where}: {value} is above the model's maximum {limit}")


# ---- layer 3: task definitions ----

def cpu_units(text):
    """Task cpu as written ("1024" or "1 vCPU") in cpu units, or None."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*", str(text), re.IGNORECASE)
    if not m:
        return None
    return round(float(m.group(1)) * 1024) if m.group(2) else int(float(m.group(1)))


def memory_mib(text):
    """Task memory as written ("2048" or "2 GB") in MiB, or None."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(gb)?\s*", str(text), re.IGNORECASE)
    if not m:
        return None
    return round(float(m.group(1)) * 1024) if m.group(2) else int(float(m.group(1)))


def _family_of(reference):
    """The family of a task definition reference: family, family:revision or an ARN."""
    name = str(reference).split("task-definition/")[-1]
    return name.split(":")[0]


def task_definition_rules(td):
    errors, warnings = [], []
    containers = [c for c in td.get("containerDefinitions") or [] if isinstance(c, dict)]
    fargate = "FARGATE" in (td.get("requiresCompatibilities") or [])
    os_family = (td.get("runtimePlatform") or {}).get("operatingSystemFamily", "LINUX")
    windows = str(os_family).startswith("WINDOWS")
    mode = td.get("networkMode")
    task_cpu = cpu_units(td["cpu"]) if "cpu" in td else None
    task_memory = memory_mib(td["memory"]) if "memory" in td else None
    volumes = {v.get("name") for v in td.get("volumes") or [] if isinstance(v, dict)}
    names = [c.get("name") for c in containers]

    if "family" in td and not FAMILY.fullmatch(str(td["family"])):
        errors.append(f"family {td['family']!r}: up to 255 letters, digits, hyphens and underscores")
    if "cpu" in td and task_cpu is None:
        errors.append(f"cpu {td['cpu']!r} is neither cpu units (\"1024\") nor vCPUs (\"1 vCPU\")")
    if "memory" in td and task_memory is None:
        errors.append(f"memory {td['memory']!r} is neither MiB (\"2048\") nor GB (\"2 GB\")")
    if len(containers) > 10:
        errors.append(f"{len(containers)} containers: a task definition holds at most 10")
    if containers and not any(c.get("essential", True) for c in containers):
        errors.append("no container is essential: at least one must be (essential defaults to true)")
    for name in sorted({n for n in names if n is not None and names.count(n) > 1}):
        errors.append(f"container name {name!r} is used twice")

    for i, c in enumerate(containers):
        where = f"containerDefinitions[{i}] ({c.get('name', 'no name')})"
        if "name" not in c:
            errors.append(f"{where}: name is required")
        elif not CONTAINER_NAME.fullmatch(str(c["name"])):
            errors.append(f"{where}: name may hold only letters, digits, hyphens and underscores (at most 255)")
        if not c.get("image"):
            errors.append(f"{where}: image is required")
        hard, soft = c.get("memory"), c.get("memoryReservation")
        if task_memory is None and hard is None and soft is None:
            errors.append(f"{where}: without a task-level memory, each container needs memory or memoryReservation")
        if isinstance(hard, int) and isinstance(soft, int) and soft > hard:
            errors.append(f"{where}: memoryReservation {soft} is above memory {hard}")
        for value, label in ((hard, "memory"), (soft, "memoryReservation")):
            if isinstance(value, int) and value < 6:
                errors.append(f"{where}: {label} {value} MiB is below the 6 MiB Docker needs")
        for dep in c.get("dependsOn") or []:
            if isinstance(dep, dict) and dep.get("containerName") not in names:
                errors.append(f"{where}: dependsOn names {dep.get('containerName')!r}, which is not a container here")
        for source in c.get("volumesFrom") or []:
            if isinstance(source, dict) and source.get("sourceContainer") not in names:
                errors.append(f"{where}: volumesFrom names {source.get('sourceContainer')!r}, which is not a container here")
        for mount in c.get("mountPoints") or []:
            if isinstance(mount, dict) and mount.get("sourceVolume") not in volumes:
                errors.append(f"{where}: mountPoints names volume {mount.get('sourceVolume')!r}, which volumes does not define")
        if (c.get("secrets") or c.get("repositoryCredentials")) and not td.get("executionRoleArn"):
            errors.append(f"{where}: secrets and repositoryCredentials need the task's executionRoleArn")
        gpus = [r for r in c.get("resourceRequirements") or [] if isinstance(r, dict) and r.get("type") == "GPU"]
        for r in gpus:
            if not str(r.get("value", "")).isdigit():
                errors.append(f"{where}: GPU count {r.get('value')!r} is not a whole number")
        if gpus and (fargate or windows):
            errors.append(f"{where}: GPUs are for Linux tasks on EC2 only" + (" (this one is Fargate)" if fargate else " (this one is Windows)"))
        for pm in c.get("portMappings") or []:
            if not isinstance(pm, dict):
                continue
            if mode in ("awsvpc", "host") and "hostPort" in pm and pm["hostPort"] != pm.get("containerPort"):
                errors.append(f"{where}: with networkMode {mode}, hostPort {pm['hostPort']} must be left out or equal containerPort {pm.get('containerPort')}")
            if mode == "none":
                errors.append(f"{where}: networkMode none takes no portMappings")
        if mode == "awsvpc" and c.get("links"):
            errors.append(f"{where}: links do not work with networkMode awsvpc")
        if windows:
            if c.get("privileged"):
                errors.append(f"{where}: Windows containers cannot be privileged")
            if "linuxParameters" in c:
                errors.append(f"{where}: linuxParameters are for Linux containers only")
        if fargate:
            if c.get("privileged"):
                errors.append(f"{where}: Fargate does not run privileged containers")
            for key in FARGATE_NO_CONTAINER_KEYS:
                if key in c:
                    errors.append(f"{where}: Fargate does not support {key}")
            for key in FARGATE_NO_LINUX_PARAMETERS:
                if key in (c.get("linuxParameters") or {}):
                    errors.append(f"{where}: Fargate does not support linuxParameters.{key}")
            log = c.get("logConfiguration") or {}
            driver = log.get("logDriver")
            if driver and driver not in FARGATE_LOG_DRIVERS:
                errors.append(f"{where}: Fargate takes the log drivers {', '.join(sorted(FARGATE_LOG_DRIVERS))}, not {driver}")
            if driver == "awslogs":
                options = log.get("options") or {}
                missing = [o for o in ("awslogs-group", "awslogs-region", "awslogs-stream-prefix") if o not in options]
                if missing:
                    errors.append(f"{where}: awslogs on Fargate needs the options {', '.join(missing)}")
                if not td.get("executionRoleArn"):
                    errors.append(f"{where}: awslogs on Fargate needs the task's executionRoleArn to write the logs")
        for value, task_value, label in ((c.get("cpu"), task_cpu, "cpu"), (hard, task_memory, "memory")):
            if isinstance(value, int) and task_value is not None and value > task_value:
                errors.append(f"{where}: {label} {value} is above the task's {task_value}")

    for label, total, task_value in (
            ("cpu", sum(c.get("cpu") or 0 for c in containers if isinstance(c.get("cpu"), int)), task_cpu),
            ("memory", sum(_container_memory(c) for c in containers), task_memory)):
        if task_value is not None and total > task_value:
            errors.append(f"the containers' {label} adds up to {total}, above the task's {task_value}")

    if windows:
        if mode not in (None, "awsvpc"):
            errors.append(f"networkMode {mode}: Windows tasks take awsvpc or no networkMode (the default NAT)")
        arch = (td.get("runtimePlatform") or {}).get("cpuArchitecture", "X86_64")
        if arch != "X86_64":
            errors.append(f"cpuArchitecture {arch}: Windows containers run on X86_64 only")
    if fargate:
        if mode != "awsvpc":
            errors.append(f"Fargate needs networkMode awsvpc (got {mode or 'none given'})")
        if task_cpu is None or task_memory is None:
            errors.append("Fargate needs task-level cpu and memory")
        elif task_cpu not in FARGATE_SIZES:
            errors.append(f"Fargate cpu {task_cpu} is not one of {', '.join(map(str, FARGATE_SIZES))}")
        elif task_memory not in FARGATE_SIZES[task_cpu]:
            allowed = FARGATE_SIZES[task_cpu]
            errors.append(f"Fargate cpu {task_cpu} takes memory {allowed[0]} to {allowed[-1]} MiB "
                          f"({', '.join(map(str, allowed))}), not {task_memory}")
        if windows and task_cpu is not None and task_cpu not in FARGATE_WINDOWS_CPU:
            errors.append(f"Windows on Fargate takes cpu 1024, 2048 or 4096, not {task_cpu}")
        if windows and os_family not in FARGATE_WINDOWS_FAMILIES:
            warnings.append(f"operatingSystemFamily {os_family} is not known to run on Fargate "
                            f"(known: {', '.join(sorted(FARGATE_WINDOWS_FAMILIES))})")
        for key in FARGATE_NO_TASK_KEYS:
            if td.get(key):
                errors.append(f"Fargate does not support {key}")
        if td.get("pidMode") not in (None, "task"):
            errors.append(f"pidMode {td['pidMode']}: Fargate takes only task")
        for v in td.get("volumes") or []:
            if isinstance(v, dict) and ((v.get("host") or {}).get("sourcePath") or "dockerVolumeConfiguration" in v):
                errors.append(f"volume {v.get('name')!r}: Fargate has no host paths or Docker volumes")
    return errors, warnings


def _container_memory(c):
    value = c.get("memory", c.get("memoryReservation"))
    return value if isinstance(value, int) else 0


# ---- layer 3: services and schedules ----

def _launch(launch_type, strategy, provider_key):
    """'FARGATE', 'EC2', 'EXTERNAL' or None (a custom capacity provider), and whether Spot."""
    providers = [s.get(provider_key) for s in strategy or [] if isinstance(s, dict)]
    if launch_type:
        return launch_type, False
    if providers and all(p in ("FARGATE", "FARGATE_SPOT") for p in providers):
        return "FARGATE", "FARGATE_SPOT" in providers
    return None, False


def _match_task_definition(td, launch, spot, has_network, where, errors):
    if td is None:
        return
    compat = td.get("requiresCompatibilities") or []
    family = td.get("family")
    if launch in ("FARGATE", "EC2", "EXTERNAL") and compat and launch not in compat:
        errors.append(f"{where}: launch type {launch}, but task definition {family} requires {', '.join(compat)}")
    awsvpc = td.get("networkMode") == "awsvpc"
    if awsvpc and not has_network:
        errors.append(f"{where}: task definition {family} uses awsvpc, so a network configuration is required")
    if not awsvpc and has_network:
        errors.append(f"{where}: task definition {family} uses networkMode {td.get('networkMode', 'bridge (the default)')}, which takes no network configuration")
    windows = str((td.get("runtimePlatform") or {}).get("operatingSystemFamily", "LINUX")).startswith("WINDOWS")
    if spot and windows:
        errors.append(f"{where}: FARGATE_SPOT does not run Windows tasks ({family})")


def service_rules(svc, task_definition):
    errors, warnings = [], []
    strategy = svc.get("capacityProviderStrategy")
    if svc.get("launchType") and strategy:
        errors.append("launchType and capacityProviderStrategy are mutually exclusive")
    launch, spot = _launch(svc.get("launchType"), strategy, "capacityProvider")
    vpc = (svc.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    controller = (svc.get("deploymentController") or {}).get("type", "ECS")
    if not svc.get("taskDefinition") and controller != "EXTERNAL":
        errors.append("taskDefinition is required (unless the deployment controller is EXTERNAL)")
    if launch == "FARGATE" and not vpc:
        errors.append("Fargate services need networkConfiguration.awsvpcConfiguration (subnets and security groups)")
    if vpc:
        subnets, groups = vpc.get("subnets") or [], vpc.get("securityGroups") or []
        if not subnets:
            errors.append("awsvpcConfiguration.subnets must name at least one subnet")
        if len(subnets) > 16:
            errors.append(f"awsvpcConfiguration.subnets: {len(subnets)}, at most 16")
        if len(groups) > 5:
            errors.append(f"awsvpcConfiguration.securityGroups: {len(groups)}, at most 5")
        if launch == "EC2" and vpc.get("assignPublicIp") == "ENABLED":
            errors.append("assignPublicIp ENABLED is for Fargate only, not EC2")
    if svc.get("platformVersion") and launch not in ("FARGATE", None):
        errors.append(f"platformVersion is for Fargate only (launch type {launch})")
    if svc.get("schedulingStrategy") == "DAEMON":
        if launch == "FARGATE":
            errors.append("Fargate does not run DAEMON services")
        if svc.get("placementStrategy"):
            errors.append("DAEMON services take no placementStrategy")
    deployment = svc.get("deploymentConfiguration") or {}
    low, high = deployment.get("minimumHealthyPercent"), deployment.get("maximumPercent")
    if isinstance(low, int) and not 0 <= low <= 100:
        errors.append(f"minimumHealthyPercent {low} is outside 0..100")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        errors.append(f"maximumPercent {high} is below minimumHealthyPercent {low}")
    containers = {c.get("name"): c for c in (task_definition or {}).get("containerDefinitions") or [] if isinstance(c, dict)}
    for i, lb in enumerate(svc.get("loadBalancers") or []):
        if not isinstance(lb, dict):
            continue
        where = f"loadBalancers[{i}]"
        if "containerName" not in lb or "containerPort" not in lb:
            errors.append(f"{where}: containerName and containerPort are required")
        if "loadBalancerName" in lb and launch == "FARGATE":
            errors.append(f"{where}: Fargate takes no Classic Load Balancer (loadBalancerName)")
        arn = lb.get("targetGroupArn")
        if arn is not None and not TARGET_GROUP_ARN.fullmatch(str(arn)):
            errors.append(f"{where}: targetGroupArn {arn!r} is not a target group ARN")
        if task_definition is not None and "containerName" in lb:
            container = containers.get(lb["containerName"])
            if container is None:
                errors.append(f"{where}: container {lb['containerName']!r} is not in task definition {task_definition.get('family')}")
            else:
                ports = [p.get("containerPort") for p in container.get("portMappings") or [] if isinstance(p, dict)]
                if lb.get("containerPort") not in ports:
                    errors.append(f"{where}: containerPort {lb.get('containerPort')} is not a port of container "
                                  f"{lb['containerName']!r} (it maps {', '.join(map(str, ports)) or 'no port'})")
    _match_task_definition(task_definition, launch, spot, vpc is not None, "service", errors)
    if svc.get("taskDefinition") and task_definition is None:
        warnings.append(f"task definition {_family_of(svc['taskDefinition'])} is not in this run: not cross-checked")
    return errors, warnings


def schedule_rules(schedule, task_definition):
    errors, warnings = [], []
    expression = str(schedule.get("ScheduleExpression", ""))
    cron = CRON.fullmatch(expression)
    if cron:
        if len(cron.group(1).split()) != 6:
            errors.append(f"ScheduleExpression {expression!r}: cron() takes 6 fields (minutes hours day-of-month month day-of-week year)")
    elif not (RATE.fullmatch(expression) or AT.fullmatch(expression)):
        errors.append(f"ScheduleExpression {expression!r} is none of rate(N unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss)")
    window = schedule.get("FlexibleTimeWindow") or {}
    if window.get("Mode") == "FLEXIBLE" and "MaximumWindowInMinutes" not in window:
        errors.append("FlexibleTimeWindow FLEXIBLE needs MaximumWindowInMinutes")
    target = schedule.get("Target") or {}
    ecs = target.get("EcsParameters")
    if ecs is not None:
        if not re.fullmatch(r"arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/.+", str(target.get("Arn", ""))):
            errors.append(f"Target.Arn {target.get('Arn')!r}: an ECS target is a cluster ARN")
        strategy = ecs.get("CapacityProviderStrategy")
        if ecs.get("LaunchType") and strategy:
            errors.append("Target.EcsParameters: LaunchType and CapacityProviderStrategy are mutually exclusive")
        launch, spot = _launch(ecs.get("LaunchType"), strategy, "capacityProvider")
        vpc = (ecs.get("NetworkConfiguration") or {}).get("awsvpcConfiguration")
        if launch == "FARGATE" and not (vpc or {}).get("Subnets"):
            errors.append("Target.EcsParameters: Fargate tasks need NetworkConfiguration.awsvpcConfiguration.Subnets")
        _match_task_definition(task_definition, launch, spot, vpc is not None, "Target.EcsParameters", errors)
        if ecs.get("TaskDefinitionArn") and task_definition is None:
            warnings.append(f"task definition {_family_of(ecs['TaskDefinitionArn'])} is not in this run: not cross-checked")
    return errors, warnings


# ---- all of it ----

def check(artifacts):
    """Checks every ECS and Scheduler artifact; a service or schedule is matched to the task
    definition of its family in the same folder, else to the only one of that family in the run."""
    families = {}
    for a in artifacts:
        if a.kind == "ecs-task-definition":
            families.setdefault(str(a.data.get("family")), []).append(a)

    def task_definition_for(a, reference):
        if not reference:
            return None
        candidates = families.get(_family_of(reference), [])
        near = [c for c in candidates if os.path.dirname(c.path) == os.path.dirname(a.path)]
        chosen = near or (candidates if len(candidates) == 1 else [])
        return chosen[0].data if len(chosen) == 1 else None

    for a in artifacts:
        service, operation = OPERATIONS[a.kind]
        a.errors.extend(model_errors(a.data, service, operation))
        try:
            if a.kind == "ecs-task-definition":
                errors, warnings = task_definition_rules(a.data)
            elif a.kind == "ecs-service":
                errors, warnings = service_rules(a.data, task_definition_for(a, a.data.get("taskDefinition")))
            else:
                ecs = (a.data.get("Target") or {}).get("EcsParameters") or {}
                errors, warnings = schedule_rules(a.data, task_definition_for(a, ecs.get("TaskDefinitionArn")))
        except (AttributeError, TypeError, KeyError, ValueError) as e:
            # The rules assume the shapes layer 1 checks; when those are wrong it has said why.
            if not a.errors:
                a.errors.append(f"the rules could not read this file: {type(e).__name__}: {e}")
            continue
        a.errors.extend(errors)
        a.warnings.extend(warnings)
