//! The verdict policy: from evidence to allow, hold or block, with the reasons.
//!
//! Each act that counts ([`Finding`]) is scored:
//!
//! | what                                   | points |
//! |----------------------------------------|--------|
//! | the act, per strength (1–3)            | 2 each |
//! | targets: a place, a group, staff (2 each), one person (1); at most | 3 |
//! | a time near it ("demain", "à 11h")     | 1      |
//! | intent near it (future, "je", bringing, a menace) | 2 |
//! | an ultimatum in the message ("évacuez", "vous êtes tous morts") | 2 |
//! | two or more kinds of violence; the sender insists it is real; an extremist reference | 1 each |
//!
//! **Block** — the account is locked at once, so only for a clear, explicit threat: an act of
//! strength 2 or more, aimed at the school or its people (targets ≥ 2), with a time, a plan
//! (the future, bringing something, a menace — a bare "je" is not a plan: "je vous préviens,
//! un élève a un couteau" is a report) or an ultimatum, scoring at least [`BLOCK_SCORE`], in
//! a message with no defusing context and no laughter.
//!
//! **Hold** — a moderator decides: a score of at least [`HOLD_SCORE`] without defusing
//! context; an ultimatum or an extremist reference on its own; or, despite a defusing
//! context, a complete threat (a plan, a time and targets, score ≥ [`DEFUSED_HOLD_SCORE`]):
//! a drill announcement does not say "je vais". Laughter alone defuses less than a topic: a
//! complete threat next to "mdr" or 💀 is held from [`LAUGHING_HOLD_SCORE`], an ultimatum
//! standing for the plan.
//!
//! **Allow** — everything else: ordinary school life, lessons about violence, slang.
//!
//! Defusing context is a topic (history, fiction, science, a drill, computing, sport, rules,
//! news and reports, the past) or laughter that the sender does not cancel ("je rigole pas").

use super::read::Word;
use super::rules::{Evidence, Finding};
use super::tags::Tags;
use super::{Reason, Screening, Verdict};
use crate::Role;
use std::collections::BTreeSet;

/// The least score for a block.
pub const BLOCK_SCORE: u8 = 9;
/// The least score for a hold without defusing context.
pub const HOLD_SCORE: u8 = 6;
/// The least score for a hold despite defusing context.
pub const DEFUSED_HOLD_SCORE: u8 = 11;
/// The least score for a complete threat held despite laughter (and no topic): pupils write
/// "mdr" or 💀 beside real threats too, so laughter cannot excuse one aimed at the school.
pub const LAUGHING_HOLD_SCORE: u8 = 9;

/// A finding's score, without the message-wide bonus.
fn own_score(finding: &Finding, ultimatum: bool) -> u8 {
    let targets = [
        (Tags::PLACE, 2),
        (Tags::GROUP, 2),
        (Tags::STAFF, 2),
        (Tags::SINGLE, 1),
    ]
    .iter()
    .filter(|(tag, _)| finding.targets.any(*tag))
    .map(|(_, points)| points)
    .sum::<u8>()
    .min(3);
    2 * finding.strength
        + targets
        + u8::from(finding.has_time())
        + 2 * u8::from(finding.has_intent())
        + 2 * u8::from(ultimatum)
}

/// The target points alone, for the block condition.
fn target_points(finding: &Finding) -> u8 {
    if finding.targets.any(Tags::PLACE | Tags::GROUP | Tags::STAFF) {
        2
    } else {
        u8::from(finding.targets.any(Tags::SINGLE))
    }
}

/// Decides on `evidence`. The sender's role does not buy leniency: hijacked teacher and
/// parent accounts sent the March 2024 threats.
pub fn decide(evidence: &Evidence, text: &str, _sender: Option<Role>) -> Screening {
    let message = evidence.message;
    let ultimatum = message.any(Tags::ULTIMATUM);
    let insists = message.any(Tags::INSISTS);

    let families: BTreeSet<_> = evidence.findings.iter().map(|f| f.act.family).collect();
    let bonus =
        u8::from(families.len() >= 2) + u8::from(insists) + u8::from(message.any(Tags::EXTREMIST));
    let best = evidence
        .findings
        .iter()
        .map(|f| (own_score(f, ultimatum) + bonus, f))
        .max_by_key(|(score, f)| (*score, f.strength));
    // Defusing context near the act that decides; the whole message when there is none.
    let near = best.map_or(message, |(_, f)| f.context);
    let laughing = near.any(Tags::HUMOUR) && !insists;
    let topics = near.any(Tags::TOPICS)
        || (near.any(Tags::PAST) && !best.is_some_and(|(_, f)| f.has_plan()));
    let defused = topics || laughing;
    // A menace with a time and a target, but no named act: "ce vendredi le lycée paiera".
    let menace = message.any(Tags::MENACE)
        && message.any(Tags::TIME)
        && message.any(Tags::PLACE | Tags::GROUP | Tags::STAFF);

    let verdict = match best {
        Some((score, f))
            if !defused
                && f.strength >= 2
                && target_points(f) >= 2
                && (f.has_plan() || f.has_time() || ultimatum)
                && score >= BLOCK_SCORE =>
        {
            Verdict::Block
        }
        Some((score, f))
            if (!defused && score >= HOLD_SCORE)
                || (defused
                    && !(topics && laughing)
                    && score
                        >= if topics {
                            DEFUSED_HOLD_SCORE
                        } else {
                            LAUGHING_HOLD_SCORE
                        }
                    && (f.has_plan() || (!topics && ultimatum))
                    && f.has_time()
                    && target_points(f) >= 2) =>
        {
            Verdict::Hold
        }
        _ if !defused && (menace || message.any(Tags::ULTIMATUM | Tags::EXTREMIST)) => {
            Verdict::Hold
        }
        _ => Verdict::Allow,
    };
    let reasons = if verdict == Verdict::Allow {
        Vec::new()
    } else {
        let counted: Vec<&Finding> = evidence
            .findings
            .iter()
            .filter(|f| {
                own_score(f, ultimatum) + bonus >= HOLD_SCORE || best.is_some_and(|(_, b)| b == *f)
            })
            .collect();
        reasons(evidence, text, &counted, defused)
    };
    Screening { verdict, reasons }
}

/// The reasons: the acts, then their context, then message-wide signals.
fn reasons(evidence: &Evidence, text: &str, counted: &[&Finding], defused: bool) -> Vec<Reason> {
    let quote = |indices: &mut dyn Iterator<Item = usize>| -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut quoted = Vec::new();
        let mut sorted: Vec<usize> = indices.collect();
        sorted.sort_unstable();
        for i in sorted {
            if seen.insert(i) {
                quoted.push(written(text, &evidence.words[i]));
            }
        }
        quoted
    };
    let mut out = Vec::new();
    let mut families: Vec<_> = counted.iter().map(|f| f.act.family).collect();
    families.sort_unstable();
    families.dedup();
    for family in families {
        let words = quote(
            &mut counted
                .iter()
                .filter(|f| f.act.family == family)
                .map(|f| f.at),
        );
        out.push(Reason {
            rule: family.rule(),
            words,
        });
    }
    let empty: &[usize] = &[];
    let targets = quote(&mut counted.iter().flat_map(|f| f.target_words.iter().copied()));
    let times = quote(&mut counted.iter().flat_map(|f| {
        if f.has_time() { &f.time_words } else { empty }
            .iter()
            .copied()
    }));
    let intents = quote(&mut counted.iter().flat_map(|f| {
        if f.has_intent() {
            &f.intent_words
        } else {
            empty
        }
        .iter()
        .copied()
    }));
    for (rule, words) in [("target", targets), ("time", times), ("intent", intents)] {
        if !words.is_empty() {
            out.push(Reason { rule, words });
        }
    }
    let mut signals = vec![
        ("ultimatum", Tags::ULTIMATUM),
        ("menace", Tags::MENACE),
        ("extremist_reference", Tags::EXTREMIST),
        ("insistence", Tags::INSISTS),
    ];
    if defused {
        signals.push(("benign_context", Tags::TOPICS | Tags::HUMOUR | Tags::PAST));
    }
    for (rule, tags) in signals {
        let words = quote(&mut evidence.words_with(tags).into_iter());
        if !words.is_empty() {
            out.push(Reason { rule, words });
        }
    }
    out
}

/// A word (or phrase) as written in the message.
fn written(text: &str, word: &Word) -> String {
    text.get(word.span.clone()).unwrap_or_default().to_owned()
}
