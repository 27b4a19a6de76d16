"""The self-test: runs the validator the way CI does (as a command, on folders) over the
fixtures and checks that each valid fixture passes, each invalid one fails for the reason
fixtures/expected.txt gives, and the summary, the exit status and the folder errors are right.
Run it through scripts/validate-artifacts --selftest."""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
VALIDATOR = [sys.executable, os.path.join(HERE, "validate_artifacts.py")]
FILE_LINE = re.compile(r"^(ok|FAIL|skip) +(\S+) +(.+?)( \(JSON/YAML but not a known skeleton.*\))?$")
REASON_LINE = re.compile(r"^ +(error|warning): (.*)$")
FOLDER_KINDS = {"scheduler": "scheduler", "k8s": "kubernetes", "nodepool": "eks-nodepool", "sam": "cloudformation", "other": "unreadable"}

failures = []
checks = 0
QUIET = "--quiet" in sys.argv[1:]  # only failed checks and the count


def expect(condition, what, detail=""):
    global checks
    checks += 1
    if not condition or not QUIET:
        print(f"{'ok' if condition else 'FAIL':<5} {what}")
    if not condition:
        failures.append(what)
        if detail:
            print("      " + detail.replace("\n", "\n      "))


def run(*args, checkov=False):
    """The validator on folders; Checkov only when asked (its own fixtures, below)."""
    done = subprocess.run(VALIDATOR + ([] if checkov else ["--no-checkov"]) + list(args), capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def parse(output):
    """{relative path: (status, kind, [errors], [warnings])} from the validator's output."""
    files, current = {}, None
    for line in output.splitlines():
        m = FILE_LINE.match(line)
        if m and (m.group(2) != "-" or m.group(1) == "skip"):
            current = [m.group(1), m.group(2), [], []]
            files[os.path.relpath(m.group(3), FIXTURES)] = current
            continue
        r = REASON_LINE.match(line)
        if r and current is not None:
            current[2 if r.group(1) == "error" else 3].append(r.group(2))
    return files


def read_expectations():
    expected = {}
    with open(os.path.join(FIXTURES, "expected.txt"), encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) != 3 or parts[1] not in ("error", "warning"):
                raise SystemExit(f"fixtures/expected.txt line {number}: want 'path | error or warning | text'")
            expected.setdefault(parts[0], []).append((parts[1], parts[2]))
    return expected


def fixture_files():
    found = []
    for current, dirs, names in os.walk(FIXTURES):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".json", ".yaml", ".yml")):
                found.append(os.path.relpath(os.path.join(current, name), FIXTURES))
    return found


def expected_kind(path):
    folder = path.split(os.sep)[0]
    if folder == "ecs":
        return "ecs-service" if "service" in os.path.basename(path) else "ecs-task-definition"
    return FOLDER_KINDS.get(folder)


CHECKOV_FIXTURES = os.path.join(HERE, "checkov-fixtures")
DOCS = os.path.join(HERE, "..", "..", "docs", "artifacts.md")


def checkov_checks():
    """Checkov: documented findings count as skipped, others fail the file; every skip is
    explained in docs/artifacts.md."""
    sys.path.insert(0, HERE)
    import checkov_checks as ck
    skips = ck.read_skips()
    with open(DOCS, encoding="utf-8") as f:
        docs = f.read()
    for check_id in skips:
        expect(f"`{check_id}`" in docs, f"docs/artifacts.md explains the Checkov skip {check_id}")
    code, out, err = run(os.path.join(CHECKOV_FIXTURES, "documented"), checkov=True)
    counts = re.search(r"^  checkov: (\d+) passed, (\d+) failed, (\d+) skipped", out, re.M)
    expect(code == 0 and counts is not None and counts.group(2) == "0" and int(counts.group(3)) > 0,
           "Checkov: documented findings count as skipped, and the run passes", f"exit {code}\n{out[-1500:]}{err[-800:]}")
    expect(counts is not None and int(counts.group(1)) > 0, "Checkov: passed checks are counted", counts.group(0) if counts else "no checkov line")
    code, out, _ = run(os.path.join(CHECKOV_FIXTURES, "finding"), checkov=True)
    expect(code == 1 and "checkov CKV_AWS_79:" in out and re.search(r"^  checkov: \d+ passed, 1 failed", out, re.M) is not None,
           "Checkov: an undocumented finding fails its file", out[-1500:])


def main():
    expected = read_expectations()
    fixtures = fixture_files()
    for path in expected:
        expect(path in fixtures, f"expected.txt names an existing fixture: {path}")

    code, out, err = run(FIXTURES)
    seen = parse(out)
    for path in fixtures:
        role = path.split(os.sep)[1]
        got = seen.get(path)
        if got is None:
            expect(False, f"{path}: reported", f"not in the output\n{err.strip()}")
            continue
        status, kind, errors, warnings = got
        if role == "skipped":
            expect(status == "skip", f"{path}: skipped as no skeleton", f"got {status} {kind}")
            continue
        expect(kind == expected_kind(path), f"{path}: sorted as {expected_kind(path)}", f"sorted as {kind}")
        if role == "valid":
            expect(status == "ok", f"{path}: accepted", "\n".join(errors))
        else:
            expect(status == "FAIL", f"{path}: rejected", f"got {status}")
            expect(any(kind_ == "error" for kind_, _ in expected.get(path, [])),
                   f"{path}: expected.txt says why it must fail")
        for what, text in expected.get(path, []):
            pool = errors if what == "error" else warnings
            expect(any(text in reason for reason in pool), f"{path}: {what} says {text!r}",
                   f"its {what}s: " + (" / ".join(pool) or "none"))

    checked = [p for p in fixtures if p.split(os.sep)[1] != "skipped"]
    invalid = [p for p in fixtures if p.split(os.sep)[1] == "invalid"]
    skipped = len(fixtures) - len(checked)
    total = re.search(r"^  total +(\d+) checked, +(\d+) failed, (\d+) passed with warnings, (\d+) skipped$", out, re.M)
    expect(total is not None and total.groups() == (str(len(checked)), str(len(invalid)), "1", str(skipped)),
           f"summary: {len(checked)} checked, {len(invalid)} failed, 1 with warnings, {skipped} skipped",
           total.group(0) if total else "no total line")
    for kind in ("ecs-task-definition", "ecs-service", "scheduler", "kubernetes", "cloudformation"):
        n = sum(1 for p in checked if expected_kind(p) == kind)
        expect(re.search(rf"^  {kind} +{n} checked,", out, re.M) is not None, f"summary: {n} {kind} files")
    expect(code == 1 and out.rstrip().endswith("validation FAILED"), "exit status 1 when a file fails", f"exit {code}")

    valid_dirs = sorted(os.path.join(FIXTURES, d, "valid") for d in os.listdir(FIXTURES)
                        if os.path.isdir(os.path.join(FIXTURES, d, "valid")))
    code, out, err = run("--quiet", *valid_dirs)
    expect(code == 0 and out.rstrip().endswith("all skeletons passed"), "exit status 0 when every file passes",
           f"exit {code}\n{out[-2000:]}{err[-2000:]}")
    listed = re.findall(r"^ok +\S+ +(\S+)", out, re.M)
    expect([os.path.basename(p) for p in listed] == ["unused-parameter.yaml"] and "warning: W2001" in out,
           "--quiet lists only the files with warnings or failures", f"listed: {listed}")

    with tempfile.TemporaryDirectory() as empty:
        code, out, _ = run(os.path.join(FIXTURES, "k8s", "valid"), empty)
        expect(code == 1 and f"{empty}: no skeleton found" in out, "a folder with no skeleton fails the run", f"exit {code}")
    code, _, err = run(os.path.join(FIXTURES, "no-such-folder"))
    expect(code == 2 and "is not a folder" in err, "a missing folder is a usage error (exit 2)", f"exit {code}: {err}")
    code, out, _ = run("--k8s-version", "1.99", os.path.join(FIXTURES, "k8s", "valid"))
    expect(code == 1 and "not 1.99" in out, "a Kubernetes version with no bundled schemas fails clearly", out[-500:])

    checkov_checks()

    print(f"{'' if QUIET else chr(10)}selftest: {checks - len(failures)} of {checks} checks passed "
          f"({len(fixtures)} fixtures in {os.path.relpath(FIXTURES)})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
