"""Runs schemathesis against the merged OpenAPI document of the running suite, for every
operation with the token of every role allowed on it (scripts/fuzz-api.sh sets the
suite's environment and calls this).

The roles come from the document itself (each operation's `x-roles`, from the policy
table), so routes added later are fuzzed without touching this file. Each role's run
fuzzes a copy of the document holding only the operations that role may call, logged in
as one demo user of that role, so no operation is tested only by refusals; public
operations run once without a token. Every run gets a suite of its own, started afresh
on a new database (`tam up --demo`): a run may deactivate, suspend or sign out demo
users (schemathesis reuses ids from responses), which must not refuse the next role.
Prints each run's counts and the total; exits non-zero when any run found a failure or
errored, or a role with routes has no demo user.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def http_json(url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if data is not None:
        request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def demo_users(path):
    """(password, {role: username}) from `tam up --demo`'s listing; the first user of
    each role."""
    password, users = None, {}
    for line in Path(path).read_text().splitlines():
        header = re.match(r'demo users \(password "(.*)"\):', line)
        if header:
            password = header.group(1)
            continue
        if password is not None and line.startswith("  "):
            fields = line.split()
            if len(fields) >= 2:
                users.setdefault(fields[1], fields[0])
    if password is None:
        raise ValueError(f"no demo users in {path}")
    return password, users


def operations(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def roles_of(operation):
    """None for a public operation, else the roles allowed ("any": every role)."""
    if operation.get("security") == []:
        return None
    return operation.get("x-roles", ["any"])


def allows(operation, role):
    roles = roles_of(operation)
    return roles is not None and (role in roles or "any" in roles)


def subset(doc, keep):
    """The document with only the operations `keep(operation)` accepts."""
    paths = {}
    for path, item in doc["paths"].items():
        kept = {
            k: v for k, v in item.items() if k not in METHODS or keep(v)
        }
        if any(k in METHODS for k in kept):
            paths[path] = kept
    return {**doc, "paths": paths}


class Suite:
    """`tam up --demo` on a fresh database, for one run."""

    def __init__(self, args, name):
        self.args = args
        admin = args.database_admin_url
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {args.database}"], check=True)
        env = {**os.environ, "TAM_EVENT_PREFIX": f"{args.event_prefix}_{name}"}
        work = Path(args.work)
        self.out = work / f"{name}.suite.out"
        with open(self.out, "w") as out, open(work / f"{name}.suite.err", "w") as err:
            self.process = subprocess.Popen([args.bin, "up", "--demo"], env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the suite stopped at start (exit {self.process.returncode}); see {work}/{name}.suite.*")
            try:
                doc = http_json(f"{args.gateway}/api/v1/openapi.json")
                # Ready, and ours: its demo users are listed once it has seeded them,
                # before it serves; another process on the port would not have written them.
                if not doc.get("x-unavailable-services") and self.users()[1]:
                    if self.process.poll() is not None:
                        break
                    self.doc = doc
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit(
            f"the suite did not become ready in 120 s, or stopped (another process on {args.gateway}?); "
            f"see {work}/{name}.suite.*"
        )

    def users(self):
        """(password, {role: username}); ({}, None) before they are printed."""
        try:
            return demo_users(self.out)
        except ValueError:
            return None, {}

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run(name, doc, args, user, password, budget):
    """One schemathesis run over `doc` as `user` (None: no token), stopped after `budget`
    seconds; returns its JSON report."""
    work = Path(args.work)
    spec = work / f"{name}.openapi.json"
    spec.write_text(json.dumps(doc))
    report = work / f"{name}.report.json"
    command = [
        "schemathesis",
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        str(spec),
        "--url",
        args.gateway,
        "--checks",
        "all",
        # A run's document holds only its role's operations, so another method of the
        # same path is 403 to it, not 405: methods are checked on the whole document
        # (check_methods).
        "--exclude-checks",
        "unsupported_method,allow_header_conformance",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        "1",
        "--no-shrink",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    # The failures accepted for now, each named with its reason (scripts/fuzz-baseline.json):
    # a new one fails the run; TAM_FUZZ_BASELINE_UPDATE=1 records this run's into it.
    baseline = HERE / "fuzz-baseline.json"
    if os.environ.get("TAM_FUZZ_BASELINE_UPDATE") == "1":
        command += ["--baseline", str(baseline), "--baseline-update"]
    elif baseline.exists():
        command += ["--baseline", str(baseline)]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "fuzz_hooks", "PYTHONPATH": str(HERE), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TAM_FUZZ_USER", None)
    if user:
        env.update(TAM_FUZZ_USER=user, TAM_FUZZ_PASSWORD=password, TAM_FUZZ_GATEWAY=args.gateway)
    print(
        f"==> fuzzing as {name}: {len(list(operations(doc)))} operations",
        file=sys.stderr,
        flush=True,
    )
    log_path = work / f"{name}.log"
    with open(log_path, "w") as log:
        # In the work directory: schemathesis keeps a cache in its current one.
        try:
            code = subprocess.run(
                command, env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT, timeout=budget
            ).returncode
        except subprocess.TimeoutExpired:
            print(f"error: the {name} run took more than {budget} s", file=sys.stderr)
            return {
                "exit_code": 1,
                "operations": {"tested": 0},
                "test_cases": {"generated": 0},
                "failures": [],
                "errors": [{"title": f"over {budget} s", "count": 1}],
            }
    if not report.exists():
        print(log_path.read_text()[-4000:], file=sys.stderr)
        return {
            "exit_code": code or 1,
            "operations": {"tested": 0},
            "test_cases": {"generated": 0},
            "failures": [],
            "errors": [{"title": "no report", "count": 1}],
        }
    result = json.loads(report.read_text())
    if result["exit_code"] != 0:
        # The failures with their requests, as schemathesis printed them.
        print(log_path.read_text()[-30000:], file=sys.stderr)
    return result


def check_methods(doc, gateway):
    """Every path of the whole document, with each method it does not document: 405,
    `Allow` listing exactly the documented ones, a problem+json body. Returns (cases,
    failures)."""
    cases, failures = 0, []
    templates = [
        (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"), item)
        for path, item in doc["paths"].items()
    ]
    for path in doc["paths"]:
        concrete = re.sub(r"\{[^}]+\}", "01a23b49-8d7b-778f-bac8-4080a11a757b", path)
        # `/tasks/claim` is also `/tasks/{id}`: the methods of every path it matches.
        documented = sorted(
            {m.upper() for pattern, item in templates if pattern.match(concrete) for m in item if m in METHODS}
        )
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"]:
            if method in documented:
                continue
            cases += 1
            request = urllib.request.Request(gateway + concrete, method=method)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, headers = response.status, response.headers
            except urllib.error.HTTPError as e:
                status, headers = e.code, e.headers
            allow = sorted(a.strip() for a in (headers.get("allow") or "").split(",") if a.strip())
            content_type = (headers.get("content-type") or "").split(";")[0]
            if (status, allow, content_type) != (405, documented, "application/problem+json"):
                failures.append(
                    f"{method} {path}: {status} {content_type} Allow: {', '.join(allow)}; "
                    f"expected 405 application/problem+json Allow: {', '.join(documented)}"
                )
    for failure in failures:
        print(f"method check failed: {failure}", file=sys.stderr)
    return cases, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the tam binary")
    parser.add_argument("--gateway", required=True, help="the gateway's URL (TAM_GATEWAY_PORT)")
    parser.add_argument("--database", required=True, help="the database each suite gets afresh")
    parser.add_argument("--database-admin-url", required=True, help="where to drop and create it")
    parser.add_argument("--event-prefix", required=True, help="each run's prefix starts with this")
    parser.add_argument("--work", required=True, help="where the documents, logs and reports go")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=int(os.environ.get("TAM_FUZZ_MAX_EXAMPLES", "10")),
        help="fuzzed cases per operation and role (the examples and coverage phases add theirs)",
    )
    parser.add_argument(
        "--max-time",
        type=int,
        default=int(os.environ.get("TAM_FUZZ_MAX_TIME", "300")),
        help="seconds one run may take before it is stopped and counted as an error "
        "(the runs are bounded by their cases: the examples and coverage phases, and "
        "--max-examples fuzzed cases per operation)",
    )
    parser.add_argument("--seed", type=int, default=int(os.environ.get("TAM_FUZZ_SEED", "20261203")))
    args = parser.parse_args()

    suite = Suite(args, "plan")
    doc = suite.doc
    _, users = suite.users()
    suite.stop()
    roles = sorted({r for _, _, op in operations(doc) for r in (roles_of(op) or []) if r != "any"})
    missing = [r for r in roles if r not in users]
    if missing:
        sys.exit(f"roles with routes but no demo user: {missing}")
    runs = [(role, subset(doc, lambda op, role=role: allows(op, role)), users[role]) for role in roles]
    runs.append(("public", subset(doc, lambda op: roles_of(op) is None), None))
    runs = [(name, part, user) for name, part, user in runs if part["paths"]]

    results, failed, every = [], False, set()
    suite = Suite(args, "methods")
    try:
        cases, method_failures = check_methods(doc, args.gateway)
    finally:
        suite.stop()
    results.append(("methods", len(doc["paths"]), cases, len(method_failures), 0, 0))
    failed = bool(method_failures)
    for name, part, user in runs:
        every |= {(m, p) for p, m, _ in operations(part)}
        budget = args.max_time
        suite = Suite(args, name)
        try:
            password, _ = suite.users()
            result = run(name, part, args, user, password, budget)
        finally:
            suite.stop()
        failures = sum(f["count"] for f in result.get("failures", []))
        errors = sum(e["count"] for e in result.get("errors", []))
        known = (result.get("baseline") or {}).get("known") or 0
        results.append(
            (name, result["operations"]["tested"], result["test_cases"]["generated"], failures, errors, known)
        )
        if result["exit_code"] != 0 or failures or errors:
            failed = True

    # "operations" of the method check: the paths it tried every other method on;
    # "accepted": failures found again that scripts/fuzz-baseline.json lists.
    print(f"{'run':<20} {'operations':>10} {'cases':>8} {'failures':>8} {'errors':>6} {'accepted':>8}")
    for name, ops, cases, failures, errors, known in results:
        print(f"{name:<20} {ops:>10} {cases:>8} {failures:>8} {errors:>6} {known:>8}")
    total = [sum(r[i] for r in results) for i in range(1, 6)]
    print(f"{'total':<20} {total[0]:>10} {total[1]:>8} {total[2]:>8} {total[3]:>6} {total[4]:>8}")
    print(
        f"fuzz: {len(every)} operations, {len(runs)} runs ({len(runs) - 1} roles and public) and the method check, "
        f"{total[1]} cases, {total[2]} failures, {total[3]} errors ({total[4]} accepted in the baseline)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
