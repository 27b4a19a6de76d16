"""YAML loaders: a lenient one to sort files by content, and one that reads Kubernetes
manifests the way kubectl does."""
import yaml


class AnyTagLoader(yaml.SafeLoader):
    """Safe loading that accepts any local tag (CloudFormation's !Ref, !GetAtt, ...) as a
    plain value, so a template can be recognised before cfn-lint reads it properly."""


def _untagged(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


AnyTagLoader.add_multi_constructor("!", _untagged)


class DuplicateKeyError(yaml.constructor.ConstructorError):
    pass


class KubernetesLoader(yaml.SafeLoader):
    """kubectl rejects a mapping with the same key twice (PyYAML would keep the last one)
    and hands timestamps and '=' on as strings (PyYAML would make dates, or fail)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                continue  # an unhashable key: SafeLoader reports it below
            if key in seen:
                raise DuplicateKeyError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


KubernetesLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
KubernetesLoader.add_constructor("tag:yaml.org,2002:value", yaml.SafeLoader.construct_yaml_str)


def describe_error(error):
    """A YAML error on one line: where, then what."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    if mark is None or problem is None:
        return " ".join(str(error).split())
    context = getattr(error, "context", None)
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" + (f" ({context})" if context else "")
