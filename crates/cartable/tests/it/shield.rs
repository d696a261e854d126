//! `cartable shield screen`: JSON lines in, one verdict line out per input line, in order.

use crate::{cartable, text};
use serde_json::Value;

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn screen_writes_one_verdict_per_line_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        r#"{"text": "Une bombe va exploser dans la cour demain à 11h.", "sender_role": "student"}"#,
        "\n",
        r#"{"text": "Exercice de mise à l'abri (PPMS) ce jeudi.", "sender_role": "staff", "id": "m2"}"#,
        "\n\n",
        r#"{"text": "B O M B E sous le bureau du principal"}"#,
        "\n",
    );
    let out = cartable(dir.path(), &["shield", "screen"], input);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let answers = lines(&stdout);
    assert_eq!(answers.len(), 3, "{stdout}");
    assert_eq!(answers[0]["verdict"], "block");
    assert!(answers[0]["reasons"].as_array().is_some_and(|r| r
        .iter()
        .any(|r| r["rule"] == "weapon" && r["words"][0] == "bombe")));
    assert_eq!(answers[1]["verdict"], "allow");
    assert_eq!(answers[1]["id"], "m2");
    assert_eq!(answers[2]["verdict"], "hold");
}

#[test]
fn screen_reports_bad_lines_in_place_and_exits_with_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        "{not json\n",
        r#"{"text": "bonjour", "sender_role": "moderator"}"#,
        "\n",
        r#"{"sender_role": "parent"}"#,
        "\n",
        r#"{"text": "on va tous vous buter demain", "sender_role": "ÉLÈVE"}"#,
        "\n",
    );
    let out = cartable(dir.path(), &["shield", "screen"], input);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let answers = lines(&stdout);
    assert_eq!(answers.len(), 4, "{stdout}");
    for (answer, line) in answers.iter().zip([1, 2, 3]) {
        assert_eq!(answer["line"], line, "{answer}");
        assert!(answer["error"].is_string(), "{answer}");
    }
    assert!(answers[1]["error"].as_str().unwrap().contains("moderator"));
    assert_ne!(answers[3]["verdict"], "allow");
}
