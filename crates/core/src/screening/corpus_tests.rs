//! The labelled corpus in `crates/core/data/screening/`, screened line by line.
//!
//! On each file, recall (threats not allowed) and false-positive rate (benign messages not
//! allowed) must meet the file's thresholds, and no benign message may ever be blocked, since
//! a block locks the sender's account. The thresholds are the measured values rounded down
//! (see docs/SCREENING.md): high on the files the rules were developed against (`sample`,
//! `tuning`, `review`), and lower on `heldout`, which was written before its one blind
//! measurement and never tuned against.

use super::*;
use serde::Deserialize;

/// A corpus file and the least recall and greatest false-positive rate it must meet.
struct File {
    name: &'static str,
    text: &'static str,
    min_recall: f64,
    max_false_positive_rate: f64,
}

const FILES: [File; 4] = [
    File {
        name: "sample.jsonl",
        text: include_str!("../../data/screening/sample.jsonl"),
        min_recall: 1.0,
        max_false_positive_rate: 0.0,
    },
    File {
        name: "tuning.jsonl",
        text: include_str!("../../data/screening/tuning.jsonl"),
        min_recall: 0.99,
        max_false_positive_rate: 0.01,
    },
    File {
        name: "review.jsonl",
        text: include_str!("../../data/screening/review.jsonl"),
        min_recall: 0.99,
        max_false_positive_rate: 0.01,
    },
    File {
        name: "heldout.jsonl",
        text: include_str!("../../data/screening/heldout.jsonl"),
        min_recall: 0.89,
        max_false_positive_rate: 0.08,
    },
];

#[derive(Deserialize)]
struct Line {
    text: String,
    sender_role: String,
    label: String,
}

fn role(name: &str) -> Option<Role> {
    match name {
        "student" => Some(Role::Pupil),
        other => other.parse().ok(),
    }
}

#[test]
fn the_corpus_is_well_formed_and_large_enough() {
    let mut lines = 0;
    let mut threats = 0;
    for File { name, text, .. } in FILES {
        for (n, raw) in text.lines().enumerate() {
            let line: Line =
                serde_json::from_str(raw).unwrap_or_else(|e| panic!("{name}:{}: {e}", n + 1));
            assert!(
                line.label == "threat" || line.label == "benign",
                "{name}:{}: label {:?}",
                n + 1,
                line.label
            );
            assert!(role(&line.sender_role).is_some(), "{name}:{}", n + 1);
            lines += 1;
            threats += usize::from(line.label == "threat");
        }
    }
    assert!(lines >= 1500, "{lines} lines");
    assert!(threats * 3 >= lines, "{threats} threats of {lines}");
}

#[test]
fn recall_and_false_positive_rate_hold_on_every_file() {
    for file in FILES {
        let name = file.name;
        let (mut threats, mut caught, mut benign, mut stopped) = (0usize, 0usize, 0usize, 0usize);
        for raw in file.text.lines() {
            let line: Line = serde_json::from_str(raw).unwrap();
            let result = screen(&line.text, role(&line.sender_role));
            if line.label == "threat" {
                threats += 1;
                caught += usize::from(result.verdict != Verdict::Allow);
            } else {
                benign += 1;
                stopped += usize::from(result.verdict != Verdict::Allow);
                assert_ne!(
                    result.verdict,
                    Verdict::Block,
                    "{name}: blocked {:?}",
                    line.text
                );
            }
        }
        let recall = caught as f64 / threats as f64;
        let false_positives = stopped as f64 / benign as f64;
        assert!(recall >= file.min_recall, "{name}: recall {recall:.3}");
        assert!(
            false_positives <= file.max_false_positive_rate,
            "{name}: false-positive rate {false_positives:.3}"
        );
    }
}
