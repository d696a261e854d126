//! `cartable shield`: the protection tools an operator runs by hand.
//!
//! `cartable shield screen` runs the content screening ([`cartable_core::screening`]) over
//! messages given as JSON lines on standard input — to check a batch of reported messages,
//! to measure the screening on a labelled file, or to try a rule change — and writes one JSON
//! line per input line, in order:
//!
//! ```text
//! {"text": "on va faire sauter le lycée jeudi", "sender_role": "student", "id": 7}
//! → {"id":7,"verdict":"block","reasons":[{"rule":"explosion","words":["faire sauter"]},…]}
//! ```
//!
//! A line that is not a JSON object with a string `text`, or whose `sender_role` is unknown,
//! gets `{"error":"…","line":N}` in its place; the others are still screened, and the command
//! exits with status 1 at the end. Blank lines are skipped. Input is streamed line by line.

use anyhow::Context;
use cartable_core::screening::{screen, Screening};
use cartable_core::Role;
use clap::Subcommand;
use serde_json::Value;
use std::io::{BufRead, BufWriter, Write};

/// Protection tools.
#[derive(Debug, Subcommand)]
pub enum ShieldCommand {
    /// Screen messages: JSON lines on standard input ({"text": …, "sender_role": …}), one
    /// verdict per line on standard output ({"verdict": "allow"|"hold"|"block", "reasons": […]}).
    Screen,
}

/// Runs a shield command.
pub fn run(command: ShieldCommand) -> anyhow::Result<()> {
    match command {
        ShieldCommand::Screen => {
            let output = BufWriter::new(std::io::stdout().lock());
            let all_good = screen_lines(std::io::stdin().lock(), output)?;
            if !all_good {
                anyhow::bail!("some input lines could not be screened (see their error lines)");
            }
            Ok(())
        }
    }
}

/// Screens each JSON line of `input` and writes one JSON line per non-blank input line to
/// `output`. Returns whether every line could be screened; fails only when reading or
/// writing fails.
pub fn screen_lines(mut input: impl BufRead, mut output: impl Write) -> anyhow::Result<bool> {
    let mut all_good = true;
    let mut raw = Vec::new();
    let mut number = 0;
    loop {
        raw.clear();
        let read = input
            .read_until(b'\n', &mut raw)
            .context("cannot read standard input")?;
        if read == 0 {
            break;
        }
        number += 1;
        let answer = match std::str::from_utf8(&raw) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => screen_line(line),
            Err(_) => Err("the line is not valid UTF-8".to_owned()),
        };
        let json = match answer {
            Ok(json) => json,
            Err(message) => {
                all_good = false;
                serde_json::json!({ "error": message, "line": number }).to_string()
            }
        };
        writeln!(output, "{json}").context("cannot write standard output")?;
    }
    output.flush().context("cannot write standard output")?;
    Ok(all_good)
}

/// The answer line for one input line, or what is wrong with it.
fn screen_line(line: &str) -> Result<String, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("the line is not valid JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("the line is not a JSON object".to_owned());
    };
    let text = match fields.get("text") {
        Some(Value::String(text)) => text,
        Some(_) => return Err("\"text\" is not a string".to_owned()),
        None => return Err("the line has no \"text\"".to_owned()),
    };
    let sender = match fields.get("sender_role") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(parse_role(name)?),
        Some(_) => return Err("\"sender_role\" is not a string".to_owned()),
    };
    Ok(answer(fields.get("id"), &screen(text, sender)))
}

/// A sender role as people write it, in English or French, any case.
fn parse_role(name: &str) -> Result<Role, String> {
    let role = match name.trim().to_lowercase().as_str() {
        "pupil" | "student" | "élève" | "eleve" => Role::Pupil,
        "parent" => Role::Parent,
        "teacher" | "enseignant" | "enseignante" => Role::Teacher,
        "staff" => Role::Staff,
        "head" => Role::Head,
        "admin" => Role::Admin,
        _ => {
            return Err(format!(
                "unknown sender_role {name:?} (expected pupil, student, élève, parent, teacher, \
                 enseignant, staff, head or admin)"
            ))
        }
    };
    Ok(role)
}

/// `{"id":…,"verdict":…,"reasons":[…]}`, the id echoed only when the input had one.
fn answer(id: Option<&Value>, screening: &Screening) -> String {
    let reasons = serde_json::to_string(&screening.reasons).unwrap_or_else(|_| "[]".to_owned());
    let verdict = screening.verdict.as_str();
    match id {
        Some(id) => format!(r#"{{"id":{id},"verdict":"{verdict}","reasons":{reasons}}}"#),
        None => format!(r#"{{"verdict":"{verdict}","reasons":{reasons}}}"#),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_lines(input: &str) -> (Vec<Value>, bool) {
        let mut output = Vec::new();
        let all_good = screen_lines(input.as_bytes(), &mut output).unwrap();
        let text = String::from_utf8(output).unwrap();
        let lines = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (lines, all_good)
    }

    #[test]
    fn each_line_gets_a_verdict_in_order() {
        let input = concat!(
            r#"{"text": "on va faire sauter le lycée jeudi", "sender_role": "student"}"#,
            "\n",
            r#"{"text": "Ma fille sera absente lundi.", "sender_role": "Parent", "id": 2}"#,
            "\n",
            r#"{"text": "B O M B E sous le bureau du principal"}"#,
        );
        let (lines, all_good) = run_lines(input);
        assert!(all_good);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["verdict"], "block");
        assert!(lines[0]["reasons"]
            .as_array()
            .is_some_and(|r| !r.is_empty()));
        assert_eq!(lines[1]["verdict"], "allow");
        assert_eq!(lines[1]["id"], 2);
        assert_eq!(lines[1]["reasons"], serde_json::json!([]));
        assert_eq!(lines[2]["verdict"], "hold");
    }

    #[test]
    fn bad_lines_get_an_error_in_their_place_and_the_rest_goes_on() {
        let input = concat!(
            "not json\n",
            "\n",
            r#"{"sender_role": "student"}"#,
            "\n",
            r#"{"text": "bonjour", "sender_role": "martian"}"#,
            "\n",
            r#"{"text": 12}"#,
            "\n",
            "[1, 2]\n",
            r#"{"text": "bonjour", "sender_role": "élève"}"#,
            "\n",
        );
        let (lines, all_good) = run_lines(input);
        assert!(!all_good);
        assert_eq!(lines.len(), 6, "{lines:?}");
        for (line, number) in lines.iter().zip([1, 3, 4, 5, 6]) {
            assert_eq!(line["line"], number, "{line}");
            assert!(line["error"].as_str().is_some_and(|e| !e.is_empty()));
        }
        assert!(lines[2]["error"].as_str().unwrap().contains("martian"));
        assert_eq!(lines[5]["verdict"], "allow");
    }

    #[test]
    fn invalid_utf8_is_a_bad_line_not_a_failure() {
        let mut input = b"\xff\xfe\n".to_vec();
        input.extend_from_slice(br#"{"text": "salut"}"#);
        let mut output = Vec::new();
        assert!(!screen_lines(input.as_slice(), &mut output).unwrap());
        let text = String::from_utf8(output).unwrap();
        assert!(text.starts_with(r#"{"error":"the line is not valid UTF-8","line":1}"#));
        assert!(
            text.ends_with("{\"verdict\":\"allow\",\"reasons\":[]}\n"),
            "{text}"
        );
    }

    #[test]
    fn roles_are_read_in_english_and_french() {
        for name in [
            "pupil",
            "Student",
            "ÉLÈVE",
            "eleve",
            "teacher",
            "Enseignant",
            "head",
        ] {
            assert!(parse_role(name).is_ok(), "{name}");
        }
        assert!(parse_role("moderator").is_err());
    }
}
