"""SAM and CloudFormation templates, linted by cfn-lint in one run for all of them (its rules
and schemas load once). cfn-lint expands the SAM transform with aws-sam-translator first.
E rules fail the file, W rules are listed as warnings, I rules (informational) are left out."""
import os

from cfnlint.api import lint_by_config


def check(artifacts, regions):
    by_path = {os.path.realpath(a.path): a for a in artifacts}
    matches = lint_by_config({"templates": [a.path for a in artifacts], "regions": list(regions)})
    for match in matches:
        a = by_path.get(os.path.realpath(match.filename or ""))
        rule = match.rule.id
        text = f"{rule} line {match.linenumber}: {match.message}"
        if a is None:
            # Not tied to one file (a configuration problem): every file fails with it.
            for each in artifacts:
                each.errors.append(f"cfn-lint: {text}")
        elif rule.startswith("E"):
            a.errors.append(text)
        elif rule.startswith("W"):
            a.warnings.append(text)
