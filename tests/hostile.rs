//! Hostile inputs get a clear answer (exit 1 and a message) in bounded time
//! and memory: alias bombs, 20,000-deep nesting, a 20 MB scalar, invalid
//! UTF-8, NUL bytes, duplicate keys, 20,000 resources, cyclic `DependsOn`, a
//! resource that references itself. Each runs the real binary; CPU time and
//! peak memory come from the kernel (`wait4`), so other work on the machine
//! does not skew them.
//!
//! Also a short, seeded, deterministic mutation run over the repository's
//! templates through [`stackwright::check::fuzz_one`], the function the
//! coverage-guided fuzz target (`fuzz/`) calls: the same inputs every run,
//! a few seconds, and any panic names the input that caused it.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The bounds: every hostile input answered within these.
const MAX_CPU: Duration = Duration::from_secs(2);
const MAX_RSS_KIB: i64 = 200 * 1024;

struct Run {
    code: Option<i32>,
    cpu: Duration,
    rss_kib: i64,
    stderr: String,
}

// The child is reaped with `wait4` (for its own rusage), not through `Child`.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str], input: &Path) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let err_path = dir.path().join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own unreaped child; status and usage are valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(
            std::io::Error::last_os_error().kind(),
            std::io::ErrorKind::Interrupted,
            "wait4 failed"
        );
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        rss_kib: usage.ru_maxrss,
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

/// Runs `synth` on `bytes` and checks the answer: the exit code, a message
/// containing `says`, and the time and memory bounds.
fn answered(name: &str, bytes: &[u8], args: &[&str], code: i32, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let mut all = vec!["synth"];
    all.extend_from_slice(args);
    let r = run(&all, &input);
    assert_eq!(
        r.code,
        Some(code),
        "{name}: exit code; stderr: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(says),
        "{name}: says {says:?}: {}",
        r.stderr
    );
    assert!(r.cpu < MAX_CPU, "{name}: {:?} of CPU", r.cpu);
    assert!(r.rss_kib < MAX_RSS_KIB, "{name}: {} KiB", r.rss_kib);
}

#[test]
fn alias_bomb() {
    let mut t = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        t.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    t.push_str("Resources: {Q: {Type: AWS::SQS::Queue, Properties: {Tags: *a9}}}\n");
    answered(
        "bomb.yaml",
        t.as_bytes(),
        &[],
        1,
        "repetition limit exceeded",
    );
}

#[test]
fn deep_nesting_yaml_and_json() {
    let depth = 20_000;
    let flow = format!("Resources: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    answered(
        "deep.yaml",
        flow.as_bytes(),
        &[],
        1,
        "recursion limit exceeded",
    );
    let json = format!(
        "{{\"Resources\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    answered(
        "deep.json",
        json.as_bytes(),
        &[],
        1,
        "recursion limit exceeded",
    );
    let mut block = String::from("Resources:\n");
    for i in 1..3000 {
        block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    answered(
        "deep_block.yaml",
        block.as_bytes(),
        &[],
        1,
        "recursion limit exceeded",
    );
}

#[test]
fn a_20_mb_scalar() {
    let t = format!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: \"{}\"\n",
        "x".repeat(20_000_000)
    );
    answered("big.yaml", t.as_bytes(), &[], 1, "quota is 1048576 bytes");
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    answered(
        "latin1.yaml",
        b"Resources:\n  Q:\n    Type: AWS::SQS::Queue\xff\n",
        &[],
        1,
        "not UTF-8",
    );
    answered(
        "nul.yaml",
        b"Resources:\n  Q:\n    Type: AWS::SQS::\x00Queue\n",
        &[],
        1,
        "nul.yaml:3:21: invalid YAML/JSON: the file contains a NUL byte",
    );
}

#[test]
fn duplicate_keys_warn_and_strict_refuses() {
    let t = b"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n";
    answered("dup.yaml", t, &[], 0, "Key 'Q' appears more than once");
    answered(
        "dup.yaml",
        t,
        &["--strict"],
        1,
        "Key 'Q' appears more than once",
    );
}

fn chain(n: usize, close: bool) -> String {
    let mut t = String::from("Resources:\n");
    for i in 0..n {
        let next = if i + 1 < n {
            i + 1
        } else if close {
            0
        } else {
            t.push_str(&format!("  Q{i}:\n    Type: AWS::SQS::Queue\n"));
            continue;
        };
        t.push_str(&format!(
            "  Q{i}:\n    Type: AWS::SQS::Queue\n    DependsOn: Q{next}\n"
        ));
    }
    t
}

#[test]
fn twenty_thousand_resources_are_refused_naming_the_quota() {
    answered(
        "many.yaml",
        chain(20_000, true).as_bytes(),
        &[],
        1,
        "20000 resources before expansion; CloudFormation's quota is 500",
    );
}

#[test]
fn cyclic_depends_on_and_self_reference() {
    let cycle = chain(400, true);
    answered(
        "cycle.yaml",
        cycle.as_bytes(),
        &["--strict"],
        1,
        "It is in a dependency cycle: Q0 → Q1 → Q2 → Q3 → Q4 → Q5 → Q6 → Q7 → Q8 → Q9 → … → Q0 (400 resources)",
    );
    answered("cycle.yaml", cycle.as_bytes(), &[], 0, "warning: ");
    let selfref = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !GetAtt T.TopicName\n";
    answered(
        "self.yaml",
        selfref.as_bytes(),
        &["--strict"],
        1,
        "It depends on itself",
    );
}

// ---- The bounded mutation run ----

/// xorshift64*: a fixed seed gives the same inputs on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Fragments that mean something to YAML, CloudFormation or SAM.
const TOKENS: &[&str] = &[
    "!Ref ",
    "!GetAtt ",
    "!Sub '${",
    "}'",
    "!If [",
    "Fn::GetAtt: [",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "\n  ",
    "\n    ",
    "- ",
    "&a ",
    "*a",
    "<<: ",
    "\t",
    "\0",
    "\"",
    "'",
    "#",
    "AWS::Serverless::Function",
    "AWS::Serverless::Api",
    "AWS::Serverless::HttpApi",
    "DependsOn: ",
    "Events:",
    "Type: Api",
    "Properties:",
    "Condition: ",
    "${AWS::Region}",
    "null",
    "~",
    "0x",
    "-1",
    "99999999999999999999",
    "Resources:",
    "Globals:",
    "Outputs:",
];

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, t.iter().copied());
            }
            1 if !out.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 if at < out.len() => out[at] ^= 1 << rng.below(8),
            3 if !out.is_empty() => {
                // Repeat a slice of the input: duplicate keys, deeper nesting.
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(64)).min(out.len());
                let piece = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            4 if !other.is_empty() => {
                // Splice in a piece of another template.
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(128)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, t.iter().copied());
            }
        }
    }
    out
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/fixtures"), root.join("examples")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn bounded_seeded_mutation_run() {
    const ROUNDS: usize = 1_000;
    let seeds = seeds();
    assert!(seeds.len() >= 10, "the fixtures and examples seed the run");
    let ctx = support::context();
    let mut rng = Rng(0x5EED_CAFE_F00D_0014);
    for round in 0..ROUNDS {
        let (name, input) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let data = mutate(&mut rng, input, other);
        let result = std::panic::catch_unwind(|| stackwright::check::fuzz_one(&data, &ctx));
        assert!(
            result.is_ok(),
            "round {round}: a mutation of {name} panicked; input:\n{}",
            String::from_utf8_lossy(&data)
        );
        // What is written as YAML reads back as the same template.
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let Ok(t) = stackwright::sam::synth(text, "m.yaml", &ctx) else {
            continue;
        };
        let yaml = stackwright::emit::to_yaml(&t).unwrap();
        let back = stackwright::yaml::parse(&yaml, "back.yaml");
        assert_eq!(
            back.ok().as_ref(),
            Some(&t.to_value()),
            "round {round}: the YAML written for a mutation of {name} reads back differently:\n{yaml}"
        );
    }
}

#[test]
fn fuzz_regressions_stay_fixed() {
    // Every input the fuzzer found a crash with, kept as a fixture, and the
    // small hostile inputs.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let ctx = support::context();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let data = std::fs::read(e.path()).unwrap();
        stackwright::check::fuzz_one(&data, &ctx);
        n += 1;
    }
    assert!(n >= 8, "{n} regression inputs");
}
