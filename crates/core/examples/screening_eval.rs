//! Measures the content screening on its labelled corpus: recall, false-positive rate, block
//! rate, the lines it gets wrong, and the time per message. The numbers in docs/SCREENING.md
//! come from here.
//!
//! `cargo run --release -p cartable-core --example screening_eval` evaluates the corpus
//! shipped in `crates/core/data/screening/`; `… --example screening_eval -- FILE.jsonl…`
//! evaluates other files of the same format (`text`, `sender_role`, `label`);
//! `… --example screening_eval -- --explain "TEXT"` shows how one text is read and judged.

use cartable_core::screening::{read, rules, screen, Screening, Verdict};
use cartable_core::Role;
use serde::Deserialize;
use std::time::{Duration, Instant};

/// The corpus shipped with the crate: (name, contents).
const CORPUS: [(&str, &str); 4] = [
    (
        "sample.jsonl",
        include_str!("../data/screening/sample.jsonl"),
    ),
    (
        "tuning.jsonl",
        include_str!("../data/screening/tuning.jsonl"),
    ),
    (
        "review.jsonl",
        include_str!("../data/screening/review.jsonl"),
    ),
    (
        "heldout.jsonl",
        include_str!("../data/screening/heldout.jsonl"),
    ),
];

/// How many times each line is screened for timing.
const TIMING_ROUNDS: usize = 20;

#[derive(Deserialize)]
struct Line {
    text: String,
    sender_role: Option<String>,
    label: String,
}

fn role(name: Option<&str>) -> Option<Role> {
    match name?.to_ascii_lowercase().as_str() {
        "student" | "pupil" | "eleve" | "élève" => Some(Role::Pupil),
        other => other.parse().ok(),
    }
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, text] = paths.as_slice() {
        if flag == "--explain" {
            explain(text);
            return;
        }
    }
    let files: Vec<(String, String)> = if paths.is_empty() {
        CORPUS
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect()
    } else {
        paths
            .iter()
            .map(|path| match std::fs::read_to_string(path) {
                Ok(text) => (path.clone(), text),
                Err(error) => {
                    eprintln!("{path}: {error}");
                    std::process::exit(2);
                }
            })
            .collect()
    };
    let mut all_times = Vec::new();
    for (name, text) in &files {
        all_times.extend(evaluate(name, text));
    }
    print_times("all files", &mut all_times);
}

/// Evaluates one file, prints its report, returns the time per line.
fn evaluate(name: &str, text: &str) -> Vec<Duration> {
    let mut lines = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(raw) {
            Ok(line) => lines.push((n + 1, line)),
            Err(error) => {
                eprintln!("{name}:{}: {error}", n + 1);
                std::process::exit(2);
            }
        }
    }
    let (mut threats, mut caught, mut blocked, mut benign, mut stopped) = (0, 0, 0, 0, 0);
    let mut wrong = Vec::new();
    let mut times = Vec::with_capacity(lines.len());
    for (n, line) in &lines {
        let sender = role(line.sender_role.as_deref());
        let result = screen(&line.text, sender);
        let started = Instant::now();
        for _ in 0..TIMING_ROUNDS {
            std::hint::black_box(screen(std::hint::black_box(&line.text), sender));
        }
        times.push(started.elapsed() / TIMING_ROUNDS as u32);
        let threat = line.label == "threat";
        if threat {
            threats += 1;
            caught += usize::from(result.verdict != Verdict::Allow);
            blocked += usize::from(result.verdict == Verdict::Block);
            if result.verdict == Verdict::Allow {
                wrong.push(describe(*n, "missed", &line.text, &result));
            }
        } else {
            benign += 1;
            stopped += usize::from(result.verdict != Verdict::Allow);
            if result.verdict != Verdict::Allow {
                wrong.push(describe(*n, "false positive", &line.text, &result));
            }
        }
    }
    println!(
        "== {name}: {} lines, {threats} threats, {benign} benign",
        lines.len()
    );
    println!(
        "recall {:.3} ({caught}/{threats})   false-positive rate {:.3} ({stopped}/{benign})   block rate on threats {:.3} ({blocked}/{threats})",
        ratio(caught, threats),
        ratio(stopped, benign),
        ratio(blocked, threats),
    );
    for line in &wrong {
        println!("  {line}");
    }
    print_times(name, &mut times.clone());
    times
}

/// Prints the words of `text` with their meaning, the findings and the verdict.
fn explain(text: &str) {
    let evidence = rules::gather(read::read(text));
    for (i, word) in evidence.words.iter().enumerate() {
        if !word.absorbed {
            println!(
                "{i:3} {:?} {:?} tags={:?} act={:?}",
                &text[word.span.clone()],
                word.forms,
                word.tags,
                word.act
            );
        }
    }
    for finding in &evidence.findings {
        println!("{finding:?}");
    }
    println!("message tags {:?}", evidence.message);
    println!("{:?}", screen(text, None));
}

fn describe(n: usize, what: &str, text: &str, result: &Screening) -> String {
    let reasons: Vec<String> = result
        .reasons
        .iter()
        .map(|r| format!("{}:{}", r.rule, r.words.join("+")))
        .collect();
    format!(
        "line {n} {what} [{}] {text}  {{{}}}",
        result.verdict,
        reasons.join(" ")
    )
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn print_times(name: &str, times: &mut [Duration]) {
    if times.is_empty() {
        return;
    }
    times.sort_unstable();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    let max = times[times.len() - 1];
    println!(
        "time per message ({name}): mean {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        mean.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6,
        max.as_secs_f64() * 1e6
    );
}
