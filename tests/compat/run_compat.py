#!/usr/bin/python3
"""Compare `dtx config --format json` with docker-compose 1.29.2's `config` on every valid golden
spec fixture, through normalize.py. Started by run_compat.sh (which CTest runs); see README.md.

A valid fixture is a folder of tests/fixtures/spec/ with expected.json and a name not starting
with error-. Each is compared, or listed in skip.txt with the reason 1.29 cannot read it. Both
tools run in the case folder with the same arguments (-p, -f for `files` or compose.yaml,
--profile for `profiles`) and only the case's `env` (plus PATH, HOME, LC_ALL, and a DOCKER_HOST
that points nowhere: neither may need an engine).

docker-compose 1.29 is python and spends ~0.5 s importing itself; when its `compose` package
imports in this interpreter, it is imported once and each case runs its unchanged CLI entry
point (compose.cli.main.main, what /usr/bin/docker-compose calls) in a forked child with the
case's argv, environment and folder. COMPAT_SUBPROCESS=1 runs the docker-compose executable
instead, as does a docker-compose that is not a script for this interpreter (slower; the outputs
were checked to be byte for byte the same). DOCKER_COMPOSE names another docker-compose,
COMPAT_KEEP=1 keeps the outputs.

Exit: 0 every compared case equal; 1 a mismatch, a failure, or a bad skip.txt; 77 the reference
is unavailable and CI is not "true" (in CI, 1).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "fixtures", "spec"))
SKIP_FILE = os.path.join(HERE, "skip.txt")
PROJECT = "dtxcompat"

sys.path.insert(0, HERE)
import normalize  # noqa: E402  (beside this file)


def say(text):
    print("compat: " + text, flush=True)


def unavailable(reason):
    if os.environ.get("CI") == "true":
        say(f"FAIL: {reason} (CI=true, so the reference is required; scripts/install-deps.sh installs it)")
        sys.exit(1)
    say(f"SKIP: {reason} (scripts/install-deps.sh installs Debian's docker-compose 1.29.2)")
    sys.exit(77)


def lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def is_valid(case):
    return not case.startswith("error-") and os.path.isfile(os.path.join(FIXTURES, case, "expected.json"))


def read_skip_list():
    skip, problems = {}, []
    for line in lines(SKIP_FILE):
        if line.lstrip().startswith("#"):
            continue
        case, _, reason = line.strip().partition(" ")
        reason = reason.strip()
        if not reason:
            problems.append(f"skip.txt: '{case}' has no reason")
        elif not is_valid(case):
            problems.append(f"skip.txt: '{case}' is not a valid fixture under {FIXTURES} (stale entry?)")
        elif case in skip:
            problems.append(f"skip.txt: '{case}' is listed twice")
        else:
            skip[case] = reason
    return skip, problems


def find_reference():
    """How to run 1.29: ('inprocess', main) or ('exec', path). Exits 77/1 when there is none."""
    name = os.environ.get("DOCKER_COMPOSE", "docker-compose")
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} not found")
    with open(path, "rb") as f:
        shebang = f.readline().decode("utf-8", "replace")
    # In process only when that docker-compose is a script for this very interpreter.
    if os.environ.get("COMPAT_SUBPROCESS") != "1" and shebang.startswith("#!") and sys.executable in shebang:
        try:
            import compose
            import compose.cli.main
            if compose.__version__.startswith("1.29."):
                return "inprocess", compose.cli.main.main, compose.__version__, path
        except Exception:  # not importable here (e.g. a frozen binary): run the executable
            pass
    try:
        version = subprocess.run([path, "version", "--short"], capture_output=True, text=True,
                                 timeout=60).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        version = "unknown"
    if not version.startswith("1.29."):
        unavailable(f"{path} is version '{version}', not 1.29 (the reference this test and skip.txt are written for)")
    return "exec", path, version, path


class Case:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(FIXTURES, name)
        self.env = {}
        for line in lines(os.path.join(self.dir, "env")):
            key, _, value = line.partition("=")  # a bare KEY is set and empty, as in golden_test.cpp
            self.env[key] = value
        files = lines(os.path.join(self.dir, "files")) or ["compose.yaml"]
        profiles = lines(os.path.join(self.dir, "profiles"))
        self.args = ["-p", PROJECT]
        for f in files:
            self.args += ["-f", f]
        for p in profiles:
            self.args += ["--profile", p]
        # --profile wins over COMPOSE_PROFILES, in 1.29 as in v2.
        self.active = profiles or [p for p in self.env.get("COMPOSE_PROFILES", "").split(",") if p]
        self.status, self.report = None, ""

    def out(self, name):
        return os.path.join(WORK, self.name + "." + name)

    def environment(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"),
               "LC_ALL": "C.UTF-8", "DOCKER_HOST": "unix:///nonexistent/dtx-compat.sock"}
        env.update(self.env)
        return env


def spawn(case, argv, stdout, stderr, inprocess=None):
    """Fork a child that runs argv (or, in process, 1.29's main with argv) in the case's folder
    and environment, its output in files. Returns the child's pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for fd, path in ((1, stdout), (2, stderr)):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        os.chdir(case.dir)
        env = case.environment()
        if inprocess is None:
            os.execve(argv[0], argv, env)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = argv
        try:
            inprocess()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run_all(cases, reference, dtx):
    """Both tools on every case, a few children at a time; returns {(case, "ref"|"dtx"): exit code}."""
    how, ref, _, _ = reference
    jobs = []
    for case in cases:
        ref_argv = ["docker-compose" if how == "inprocess" else ref] + case.args + ["config"]
        jobs.append((case, "ref", ref_argv, ref if how == "inprocess" else None))
        jobs.append((case, "dtx", [dtx] + case.args + ["config", "--format", "json", "--no-mask"], None))
    limit = max(2, 2 * (os.cpu_count() or 1))
    running, codes = {}, {}
    while jobs or running:
        while jobs and len(running) < limit:
            case, tool, argv, inprocess = jobs.pop(0)
            pid = spawn(case, argv, case.out(tool + ".out"), case.out(tool + ".err"), inprocess)
            running[pid] = (case.name, tool)
        pid, status = os.wait()
        if pid in running:
            codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
    return codes


def judge(case, codes):
    ref_rc, dtx_rc = codes[(case.name, "ref")], codes[(case.name, "dtx")]
    if ref_rc != 0:
        case.status = "FAILED"
        case.report = (f"docker-compose 1.29 failed (exit {ref_rc}); if 1.29 cannot read this case, "
                       f"list it in skip.txt with the reason:\n" + open(case.out("ref.err")).read())
        return
    if dtx_rc != 0:
        case.status = "FAILED"
        case.report = f"dtx config failed (exit {dtx_rc}):\n" + open(case.out("dtx.err")).read()
        return
    try:
        texts = [normalize.canonical(normalize.load(case.out("ref.out")), case.active),
                 normalize.canonical(normalize.load(case.out("dtx.out")), None)]
    except Exception:
        case.status, case.report = "FAILED", "normalize.py failed:\n" + traceback.format_exc()
        return
    diff = normalize.diff(texts, f"docker-compose 1.29 ({case.name})", f"dtx ({case.name})")
    case.status = "MISMATCH" if diff else "equal"
    case.report = "".join(diff)


def main():
    global WORK
    dtx = os.environ.get("DTX_BINARY", "")
    if not (os.path.isfile(dtx) and os.access(dtx, os.X_OK)):
        say(f"FAIL: DTX_BINARY must name the built dtx (got '{dtx}')")
        return 1
    reference = find_reference()
    skip, problems = read_skip_list()
    for problem in problems:
        say("FAIL: " + problem)
    if problems:
        return 1
    valid = sorted(c for c in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, c)) and is_valid(c))
    if not valid:
        say(f"FAIL: no valid fixtures under {FIXTURES}")
        return 1

    started = time.monotonic()
    keep = os.environ.get("COMPAT_KEEP")
    tmp = tempfile.TemporaryDirectory(prefix="dtx-compat.")
    WORK = tmp.name
    cases = [Case(c) for c in valid if c not in skip]
    codes = run_all(cases, reference, dtx)
    for case in cases:
        judge(case, codes)

    how, _, version, path = reference
    say(f"docker-compose {version} ({path}{', in process' if how == 'inprocess' else ''}) "
        f"vs {dtx}; fixtures {FIXTURES}")
    by_name = {case.name: case for case in cases}
    for name in valid:
        if name in skip:
            print(f"  skipped   {name}: {skip[name]}")
            continue
        case = by_name[name]
        if case.status == "equal":
            print(f"  compared  {name}: equal")
            continue
        note = " (- docker-compose 1.29, + dtx, both normalised)" if case.status == "MISMATCH" else ""
        print(f"  {case.status:<9} {name}{note}:")
        print("".join("      " + line + "\n" for line in case.report.rstrip("\n").split("\n")), end="")
    if keep:
        kept = tempfile.mkdtemp(prefix="dtx-compat-kept.")
        shutil.copytree(WORK, kept, dirs_exist_ok=True)
        say(f"outputs kept in {kept}")
    tmp.cleanup()

    equal = sum(c.status == "equal" for c in cases)
    mismatched = sum(c.status == "MISMATCH" for c in cases)
    failed = sum(c.status == "FAILED" for c in cases)
    verdict = "PASS" if mismatched + failed == 0 else "FAIL"
    say(f"{verdict}: {len(valid)} valid fixtures: {len(cases)} compared ({equal} equal, {mismatched} mismatched, "
        f"{failed} failed), {len(skip)} skipped (skip.txt), in {time.monotonic() - started:.1f}s")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
