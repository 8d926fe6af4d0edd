//! Whole-process benchmark of `stackwright synth` against the reference SAM
//! translator, on generated apps of growing size.
//!
//! Run: `cargo bench --bench synth` (Cargo builds the release binary first and
//! passes its path as `CARGO_BIN_EXE_stackwright`, i.e. `target/release/stackwright`).
//! `cargo test --bench synth` runs a quick self-check of the harness instead.
//!
//! Two families of apps, written to a temporary directory:
//! - `functions`: N functions, each with one `Api` event on the shared implicit
//!   API (a distinct path per function) and a `DynamoDBCrudPolicy` on a table;
//!   one `SimpleTable` per ten functions. N = 10, 100, 400, 4000.
//! - `tables`: N SimpleTables only: the cost of the pipeline without APIs.
//!
//! Each run spawns a fresh process and reaps it with `wait4(pid)`, which
//! returns that child's own resource usage: `ru_maxrss` is its peak resident
//! set (KiB on Linux). `getrusage(RUSAGE_CHILDREN)` would not do: it is the
//! maximum over *all* children reaped so far, so it can only grow across runs.
//! The spawn and the reap happen in a freshly started copy of this binary (a
//! shim), because Linux also counts the high-water mark of the image a child
//! replaces at `exec`, and Rust spawns sharing the parent's memory.
//! Wall time is spawn to reap, so it includes process start-up (and, for the
//! reference, Python start-up and imports), as a user would experience it.
//! Figures are the median of several runs.
//!
//! The yardstick (`json ms`, and `ours/json`, whose target is at most 2x):
//! serde_json parsing stackwright's own output and writing it back compact,
//! timed in this process on the same output, so both figures come from the
//! same run on the same machine. `read/json` is stackwright's YAML reader
//! alone on the input, against the same yardstick: the part of `ours/json`
//! that is reading YAML (libyaml, through serde_yaml), which no work on the
//! transform lowers.
//!
//! The reference is timed when its venv exists (`$ORACLE_VENV`, else
//! `~/.cache/stackwright-oracle`), via `sam_oracle.py` (`$SAM_ORACLE`, else
//! `../shared/tools/sam_oracle.py` beside the repository, else
//! `/work/shared/tools/sam_oracle.py`). Its in-process transform time (no
//! start-up: median of `sam_oracle.py --repeat 3`) is added when one run
//! takes under 5 s. The reference grows superlinearly with the number of
//! functions on one API (400 functions: ~35 s; 4000: most of an hour), so it
//! is skipped on function apps above `BENCH_REF_MAX_N` (default 400).
//!
//! Environment: `BENCH_SIZES=10,100` to pick sizes, `BENCH_RUNS` (default 5),
//! `BENCH_REF_RUNS` (default 3; 1 above 400), `BENCH_REF_MAX_N` (default 400),
//! `BENCH_REF_TIMEOUT` seconds per reference run (default 3600),
//! `BENCH_KEEP=DIR` to keep the generated apps.

use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SIZES: &[usize] = &[10, 100, 400, 4000];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(MEASURE_CHILD) {
        measure_child(&args[2..]);
        return;
    }
    let bench = args.iter().any(|a| a == "--bench");
    if !bench {
        // `cargo test --bench synth` (or `--benches`): prove the harness quickly.
        self_check();
        return;
    }
    let sizes = env_list("BENCH_SIZES").unwrap_or_else(|| SIZES.to_vec());
    let runs = env_num("BENCH_RUNS").unwrap_or(5).max(1);
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_stackwright"));
    let reference = Reference::find();
    let keep = std::env::var_os("BENCH_KEEP").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("output directory");

    println!("stackwright: {}", ours.display());
    match &reference {
        Some(r) => println!("reference:   {} {}", r.python.display(), r.script.display()),
        None => println!(
            "reference:   not found (set ORACLE_VENV, or run /work/shared/tools/oracle-setup); timing stackwright only"
        ),
    }
    println!("apps in:     {}", dir.display());
    println!("runs:        {runs} per size (median shown); peak RSS via wait4 ru_maxrss\n");

    for family in [Family::Tables, Family::Functions] {
        let mut rows = Vec::new();
        for &n in &sizes {
            let path = dir.join(format!("{}_{n}.yaml", family.name()));
            std::fs::write(&path, family.generate(n)).expect("write app");
            rows.push(measure(family, n, &path, &ours, reference.as_ref(), runs));
        }
        print_table(family, &rows);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Family {
    Tables,
    Functions,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Tables => "tables",
            Family::Functions => "functions",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Family::Tables => "N SimpleTables",
            Family::Functions => {
                "N functions, each with an Api event (own path, implicit API) and a DynamoDBCrudPolicy; a SimpleTable per 10 functions"
            }
        }
    }

    fn generate(self, n: usize) -> String {
        match self {
            Family::Tables => tables_app(n),
            Family::Functions => functions_app(n),
        }
    }

    /// Resources the input declares that we expect to see again, by type.
    fn expected(self, n: usize) -> Vec<(&'static str, usize)> {
        match self {
            Family::Tables => vec![("AWS::DynamoDB::Table", n)],
            Family::Functions => vec![
                ("AWS::Lambda::Function", n),
                ("AWS::IAM::Role", n),
                ("AWS::Lambda::Permission", n),
                ("AWS::DynamoDB::Table", n.div_ceil(10)),
                ("AWS::ApiGateway::RestApi", 1),
            ],
        }
    }
}

/// `n` SimpleTables with a primary key and tags.
fn tables_app(n: usize) -> String {
    let mut s = String::from("Transform: AWS::Serverless-2016-10-31\nResources:\n");
    for i in 0..n {
        let _ = write!(
            s,
            "  Table{i}:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      \
             PrimaryKey: {{Name: pk{i}, Type: String}}\n      Tags: {{app: bench, index: '{i}'}}\n"
        );
    }
    s
}

/// `n` functions on one implicit REST API, one table per ten functions.
fn functions_app(n: usize) -> String {
    let mut s = String::from(
        "Transform: AWS::Serverless-2016-10-31\n\
         Globals:\n  Function:\n    Runtime: python3.12\n    Handler: app.handler\n    \
         CodeUri: s3://bench-artifacts/code.zip\n    MemorySize: 256\nResources:\n",
    );
    for t in 0..n.div_ceil(10) {
        let _ = write!(
            s,
            "  Table{t}:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      \
             PrimaryKey: {{Name: id, Type: String}}\n"
        );
    }
    for i in 0..n {
        let t = i / 10;
        let _ = write!(
            s,
            "  Fn{i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      \
             Environment:\n        Variables:\n          TABLE: !Ref Table{t}\n      \
             Policies:\n        - DynamoDBCrudPolicy:\n            TableName: !Ref Table{t}\n      \
             Events:\n        Get:\n          Type: Api\n          Properties:\n            \
             Path: /items{i}/{{id}}\n            Method: get\n"
        );
    }
    s
}

struct Row {
    n: usize,
    ours: Outcome,
    reference: Option<Outcome>,
    /// In-process transform time of the reference, median ms.
    reference_transform_ms: Option<f64>,
    /// The yardstick: serde_json parsing stackwright's output and writing it
    /// back compact, in this process, median ms.
    json_ms: Option<f64>,
    /// stackwright's YAML reader alone on the input (libyaml via serde_yaml,
    /// into JSON values), in this process, median ms: the floor under synth
    /// that no work on the transform can lower.
    read_ms: Option<f64>,
}

enum Outcome {
    Timed {
        ms: f64,
        peak_mb: f64,
    },
    /// The program rejected the app (exit 1): the reason's first line.
    Rejected(String),
    Failed(String),
    /// Not run: too slow at this size (see `BENCH_REF_MAX_N`).
    Skipped,
}

fn measure(
    family: Family,
    n: usize,
    path: &Path,
    ours: &Path,
    reference: Option<&Reference>,
    runs: usize,
) -> Row {
    eprintln!("{} N={n}: stackwright ...", family.name());
    let ours_cmd = |out: &Path| {
        let mut c = Command::new(ours);
        // Sizes past CloudFormation's 500-resource quota are measured too.
        c.args(["synth", "--quota-warnings", "--region", "us-east-1"])
            .arg(path);
        (c, out.to_path_buf())
    };
    let ours_outcome = timed(ours_cmd, "ours", path, runs, None, Some((family, n)));
    let json_ms = match ours_outcome {
        Outcome::Timed { .. } => json_round_trip_ms(&path.with_extension("ours.json"), runs),
        _ => None,
    };
    let read_ms = yaml_read_ms(path, runs);
    let (reference_outcome, transform_ms) = match reference {
        None => (None, None),
        Some(_) if family == Family::Functions && n > ref_max_n() => (Some(Outcome::Skipped), None),
        Some(r) => {
            let ref_runs = env_num("BENCH_REF_RUNS").unwrap_or(if n > 400 { 1 } else { 3 });
            let timeout = Duration::from_secs(env_num("BENCH_REF_TIMEOUT").unwrap_or(3600) as u64);
            eprintln!("{} N={n}: reference x{ref_runs} ...", family.name());
            let cmd = |out: &Path| (r.command(path, None), out.to_path_buf());
            // Its output is checked too, which proves the generated app is valid SAM.
            let outcome = timed(
                cmd,
                "reference",
                path,
                ref_runs.max(1),
                Some(timeout),
                Some((family, n)),
            );
            // Three more transforms in-process: only when one is cheap.
            let tms = match outcome {
                Outcome::Timed { ms, .. } if ms < 5000.0 => r.transform_ms(path, timeout),
                _ => None,
            };
            (Some(outcome), tms)
        }
    };
    Row {
        n,
        ours: ours_outcome,
        reference: reference_outcome,
        reference_transform_ms: transform_ms,
        json_ms,
        read_ms,
    }
}

/// Median time for serde_json to parse `out` into a `Value` and write it
/// back compact (to memory): the cost of merely reading and re-writing the
/// template, which synth's whole process is compared with.
fn json_round_trip_ms(out: &Path, runs: usize) -> Option<f64> {
    let text = std::fs::read_to_string(out).ok()?;
    let mut times = Vec::new();
    for _ in 0..runs.max(3) {
        let start = Instant::now();
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        let written = serde_json::to_vec(&v).ok()?;
        std::hint::black_box(written);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Some(median(&mut times))
}

/// Median time for stackwright's YAML reader to read the app (no transform,
/// no output).
fn yaml_read_ms(input: &Path, runs: usize) -> Option<f64> {
    let text = std::fs::read_to_string(input).ok()?;
    let mut times = Vec::new();
    for _ in 0..runs.max(3) {
        let start = Instant::now();
        let v = stackwright::yaml::parse(&text, "bench.yaml").ok()?;
        std::hint::black_box(v);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Some(median(&mut times))
}

/// Runs the command `runs` times, each a fresh process with stdout to a
/// file; the median wall time and peak RSS. The first successful output is
/// checked against `check` (family and size) when given.
fn timed(
    make: impl Fn(&Path) -> (Command, PathBuf),
    who: &str,
    input: &Path,
    runs: usize,
    timeout: Option<Duration>,
    check: Option<(Family, usize)>,
) -> Outcome {
    let out = input.with_extension(format!("{who}.json"));
    let err = input.with_extension(format!("{who}.err"));
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for run in 0..runs {
        let (mut cmd, out) = make(&out);
        let result = run_once(&mut cmd, &out, &err, timeout);
        // The first line naming what is unsupported, else the first line.
        let stderr_first = || {
            let text = std::fs::read_to_string(&err).unwrap_or_default();
            let line = text
                .lines()
                .find(|l| l.contains("not supported"))
                .or_else(|| text.lines().next())
                .unwrap_or("");
            line.trim().to_string()
        };
        match result {
            Ok(r) if r.code == Some(0) => {
                if run == 0 {
                    if let Some((family, n)) = check {
                        if let Err(why) = check_output(&out, family, n) {
                            return Outcome::Failed(why);
                        }
                    }
                }
                times.push(r.wall.as_secs_f64() * 1000.0);
                peaks.push(r.max_rss_kib as f64 / 1024.0);
            }
            Ok(r) if r.code == Some(1) => return Outcome::Rejected(stderr_first()),
            Ok(r) => {
                return Outcome::Failed(format!(
                    "exit {:?} {}",
                    r.code,
                    std::fs::read_to_string(&err)
                        .unwrap_or_default()
                        .lines()
                        .last()
                        .unwrap_or("")
                ))
            }
            Err(e) => return Outcome::Failed(e),
        }
    }
    Outcome::Timed {
        ms: median(&mut times),
        peak_mb: median(&mut peaks),
    }
}

struct RunResult {
    code: Option<i32>,
    wall: Duration,
    max_rss_kib: i64,
}

/// Argument that turns this binary into the measuring shim.
const MEASURE_CHILD: &str = "--measure-child";

/// Runs one measured process through a fresh copy of this binary.
///
/// Linux counts, in a child's `ru_maxrss`, the memory high-water mark of the
/// process image it replaced at `exec`; Rust spawns with `CLONE_VM`, so that
/// image is this harness, which grows as it reads outputs back. A freshly
/// started shim is small, so the process it spawns reports its own peak.
fn run_once(
    cmd: &mut Command,
    out: &Path,
    err: &Path,
    timeout: Option<Duration>,
) -> Result<RunResult, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let mut shim = Command::new(exe);
    shim.arg(MEASURE_CHILD)
        .arg(out)
        .arg(err)
        .arg(timeout.map_or(0, |t| t.as_millis()).to_string())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => shim.env(k, v),
            None => shim.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        shim.current_dir(dir);
    }
    let output = shim
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("measuring shim: {e}"))?;
    let line = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = line.split_whitespace().collect();
    match fields.as_slice() {
        ["ok", code, nanos, rss] => Ok(RunResult {
            code: code.parse().ok(),
            wall: Duration::from_nanos(nanos.parse().unwrap_or(0)),
            max_rss_kib: rss.parse().unwrap_or(0),
        }),
        _ => Err(line
            .trim()
            .strip_prefix("err ")
            .unwrap_or(line.trim())
            .to_string()),
    }
}

/// The shim: `MEASURE_CHILD OUT ERR TIMEOUT_MS PROGRAM ARGS...` runs the
/// program once and prints `ok CODE WALL_NS MAXRSS_KIB` (CODE `-` when killed
/// by a signal) or `err MESSAGE`.
fn measure_child(args: &[String]) {
    let [out, err, timeout_ms, program, rest @ ..] = args else {
        println!("err usage: {MEASURE_CHILD} OUT ERR TIMEOUT_MS PROGRAM ARGS...");
        return;
    };
    let timeout = timeout_ms
        .parse::<u64>()
        .ok()
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis);
    let mut cmd = Command::new(program);
    cmd.args(rest);
    match measure_here(&mut cmd, Path::new(out), Path::new(err), timeout) {
        Ok(r) => println!(
            "ok {} {} {}",
            r.code.map_or("-".to_string(), |c| c.to_string()),
            r.wall.as_nanos(),
            r.max_rss_kib
        ),
        Err(e) => println!("err {e}"),
    }
}

/// Spawns one process and reaps it with `wait4`, which reports the peak RSS
/// of exactly that child. Without a timeout the wait blocks (precise wall
/// time); with one it polls every millisecond and kills the child when the
/// time is up.
fn measure_here(
    cmd: &mut Command,
    out: &Path,
    err: &Path,
    timeout: Option<Duration>,
) -> Result<RunResult, String> {
    let stdout = File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let stderr = File::create(err).map_err(|e| format!("{}: {e}", err.display()))?;
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("spawn {cmd:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    // The child is reaped here, not through `Child`, whose drop neither waits nor kills.
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let flags = if timeout.is_some() { libc::WNOHANG } else { 0 };
        // SAFETY: pid is our own unreaped child; status and usage are valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if r == pid {
            break;
        }
        if r == -1 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(format!("wait4: {e}"));
        }
        // r == 0: still running (only with WNOHANG).
        if let Some(t) = timeout {
            if start.elapsed() > t {
                // SAFETY: the child has not been reaped, so the pid is still ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                // SAFETY: as above; this wait reaps the killed child.
                unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
                return Err(format!("timed out after {} s", t.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let wall = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(RunResult {
        code,
        wall,
        max_rss_kib: usage.ru_maxrss,
    })
}

/// The output is a template with the resources the app should produce.
fn check_output(out: &Path, family: Family, n: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(out).map_err(|e| e.to_string())?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("output is not JSON: {e}"))?;
    let resources = v
        .get("Resources")
        .and_then(|r| r.as_object())
        .ok_or("output has no Resources")?;
    for (type_, want) in family.expected(n) {
        let got = resources
            .values()
            .filter(|r| r.get("Type").and_then(|t| t.as_str()) == Some(type_))
            .count();
        if got != want {
            return Err(format!("expected {want} {type_}, found {got}"));
        }
    }
    Ok(())
}

struct Reference {
    python: PathBuf,
    script: PathBuf,
}

impl Reference {
    fn find() -> Option<Reference> {
        let venv = std::env::var_os("ORACLE_VENV")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/stackwright-oracle"))
            })?;
        let python = venv.join("bin/python");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = std::env::var_os("SAM_ORACLE")
            .map(PathBuf::from)
            .into_iter()
            .chain([
                repo.join("../shared/tools/sam_oracle.py"),
                PathBuf::from("/work/shared/tools/sam_oracle.py"),
            ])
            .find(|p| p.is_file())?;
        python.is_file().then_some(Reference { python, script })
    }

    fn command(&self, input: &Path, repeat: Option<usize>) -> Command {
        let mut c = Command::new(&self.python);
        c.arg(&self.script).args(["--region", "us-east-1"]);
        if let Some(k) = repeat {
            c.args(["--repeat", &k.to_string()]);
        }
        c.arg(input);
        c
    }

    /// Median in-process transform time (after the first call), from
    /// `sam_oracle.py --repeat 3`'s "median X ms" report.
    fn transform_ms(&self, input: &Path, timeout: Duration) -> Option<f64> {
        let err = input.with_extension("repeat.txt");
        let out = input.with_extension("repeat.out");
        let mut cmd = self.command(input, Some(3));
        run_once(&mut cmd, &out, &err, Some(timeout)).ok()?;
        let text = std::fs::read_to_string(&err).ok()?;
        let after = text.split("median ").nth(1)?;
        after.split(" ms").next()?.trim().parse().ok()
    }
}

fn print_table(family: Family, rows: &[Row]) {
    println!("{} — {}", family.name(), family.describe());
    println!(
        "{:>6}  {:>10}  {:>9}  {:>9}  {:>9}  {:>9}  {:>10}  {:>9}  {:>13}  {:>7}",
        "N",
        "ours ms",
        "ours MB",
        "json ms",
        "ours/json",
        "read/json",
        "ref ms",
        "ref MB",
        "ref xform ms",
        "ratio"
    );
    let mut notes = Vec::new();
    for r in rows {
        let (ours_ms, ours_mb) = cells(&r.ours, r.n, "stackwright", &mut notes);
        let (ref_ms, ref_mb) = match &r.reference {
            Some(o) => cells(o, r.n, "reference", &mut notes),
            None => ("n/a".into(), "n/a".into()),
        };
        let ratio = match (&r.ours, &r.reference) {
            (Outcome::Timed { ms: a, .. }, Some(Outcome::Timed { ms: b, .. })) if *a > 0.0 => {
                format!("{:.0}x", b / a)
            }
            _ => "-".into(),
        };
        let xform = r
            .reference_transform_ms
            .map(|t| format!("{t:.1}"))
            .unwrap_or_else(|| "-".into());
        let (json, vs_json) = match (&r.ours, r.json_ms) {
            (Outcome::Timed { ms, .. }, Some(j)) if j > 0.0 => {
                (format!("{j:.1}"), format!("{:.1}x", ms / j))
            }
            _ => ("-".into(), "-".into()),
        };
        let read_vs_json = match (r.read_ms, r.json_ms) {
            (Some(read), Some(j)) if j > 0.0 => format!("{:.1}x", read / j),
            _ => "-".into(),
        };
        println!(
            "{:>6}  {:>10}  {:>9}  {:>9}  {:>9}  {:>9}  {:>10}  {:>9}  {:>13}  {:>7}",
            r.n, ours_ms, ours_mb, json, vs_json, read_vs_json, ref_ms, ref_mb, xform, ratio
        );
    }
    for n in notes {
        println!("  {n}");
    }
    println!("  (ms: median wall time of the whole process; MB: peak RSS; json ms: serde_json parse + compact write of our output, in-process; ours/json: target <= 2x; read/json: our YAML reader alone on the input, in-process, the floor under ours/json; ratio: reference ms / ours ms)\n");
}

fn cells(o: &Outcome, n: usize, who: &str, notes: &mut Vec<String>) -> (String, String) {
    match o {
        Outcome::Timed { ms, peak_mb } => (format!("{ms:.1}"), format!("{peak_mb:.1}")),
        Outcome::Rejected(why) => {
            let note = format!("{who} rejects these apps (exit 1): {why}");
            if !notes.contains(&note) {
                notes.push(note);
            }
            ("rejected".into(), "-".into())
        }
        Outcome::Failed(why) => {
            notes.push(format!("N={n}: {who} FAILED: {why}"));
            ("FAILED".into(), "-".into())
        }
        Outcome::Skipped => {
            let note = format!(
                "{who} skipped above N={} (it grows superlinearly: minutes to an hour); set BENCH_REF_MAX_N to include it",
                ref_max_n()
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
            ("skipped".into(), "-".into())
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Largest function-app size the reference is run on.
fn ref_max_n() -> usize {
    env_num("BENCH_REF_MAX_N").unwrap_or(400)
}

fn env_num(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.trim().parse().ok()
}

fn env_list(name: &str) -> Option<Vec<usize>> {
    let v: Vec<usize> = std::env::var(name)
        .ok()?
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    (!v.is_empty()).then_some(v)
}

/// The harness itself, without timing: the generators produce what they
/// claim, and a supported app (tables) goes through the binary, is checked,
/// and has its peak RSS measured.
fn self_check() {
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_stackwright"));
    let tmp = tempfile::tempdir().expect("temporary directory");

    for n in [1, 10, 25] {
        let app = functions_app(n);
        let doc: serde_json::Value =
            stackwright::yaml::parse(&app, "app.yaml").expect("app parses");
        let res = doc["Resources"].as_object().expect("resources");
        let fns = res
            .values()
            .filter(|r| r["Type"] == "AWS::Serverless::Function")
            .count();
        let tables = res
            .values()
            .filter(|r| r["Type"] == "AWS::Serverless::SimpleTable")
            .count();
        assert_eq!((fns, tables), (n, n.div_ceil(10)), "functions_app({n})");
        let paths: std::collections::BTreeSet<_> = res
            .values()
            .filter_map(|r| {
                r.pointer("/Properties/Events/Get/Properties/Path")?
                    .as_str()
            })
            .collect();
        assert_eq!(paths.len(), n, "one distinct path per function");
        assert_eq!(
            doc.pointer("/Resources/Fn0/Properties/Policies/0/DynamoDBCrudPolicy/TableName"),
            Some(&serde_json::json!({"Ref": "Table0"}))
        );
    }

    for n in [10, 100] {
        let path = tmp.path().join(format!("tables_{n}.yaml"));
        std::fs::write(&path, tables_app(n)).expect("write");
        let cmd = |out: &Path| {
            let mut c = Command::new(&ours);
            c.arg("synth").arg(&path);
            (c, out.to_path_buf())
        };
        match timed(cmd, "ours", &path, 1, None, Some((Family::Tables, n))) {
            Outcome::Timed { peak_mb, .. } => {
                assert!(peak_mb > 0.0, "ru_maxrss is reported");
                eprintln!("self-check: tables N={n} ok (peak {peak_mb:.1} MB)");
            }
            Outcome::Rejected(why) | Outcome::Failed(why) => panic!("tables N={n}: {why}"),
            Outcome::Skipped => unreachable!("only the reference is skipped"),
        }
        let read = yaml_read_ms(&path, 1).expect("the YAML reader reads the app");
        let json = json_round_trip_ms(&path.with_extension("ours.json"), 1)
            .expect("serde_json reads our output");
        assert!(read >= 0.0 && json >= 0.0);
    }

    // Functions may not be supported yet: either outcome is fine, as long
    // as the harness reports it instead of crashing.
    let path = tmp.path().join("functions_10.yaml");
    std::fs::write(&path, functions_app(10)).expect("write");
    let cmd = |out: &Path| {
        let mut c = Command::new(&ours);
        c.arg("synth").arg(&path);
        (c, out.to_path_buf())
    };
    match timed(cmd, "ours", &path, 1, None, Some((Family::Functions, 10))) {
        Outcome::Timed { .. } => eprintln!("self-check: functions N=10 synthesized and checked"),
        Outcome::Rejected(why) => eprintln!("self-check: functions N=10 rejected: {why}"),
        Outcome::Failed(why) => panic!("functions N=10 failed: {why}"),
        Outcome::Skipped => unreachable!("only the reference is skipped"),
    }
    let mut m = [3.0, 1.0, 2.0];
    assert_eq!(median(&mut m), 2.0);
    let mut m = [4.0, 1.0, 2.0, 3.0];
    assert_eq!(median(&mut m), 2.5);
    eprintln!("self-check: ok");
}
