//! End-to-end behaviour of [`screen`]: each disguise a threat sender uses, and each kind of
//! ordinary message that looks like a threat to a word list.

use super::*;

fn verdict(text: &str) -> Verdict {
    screen(text, Some(Role::Pupil)).verdict
}

#[track_caller]
fn assert_stopped(texts: &[&str]) {
    for text in texts {
        let result = screen(text, Some(Role::Pupil));
        assert_ne!(result.verdict, Verdict::Allow, "{text:?} was allowed");
        assert!(!result.reasons.is_empty(), "{text:?} has no reasons");
    }
}

#[track_caller]
fn assert_allowed(texts: &[&str]) {
    for text in texts {
        let result = screen(text, Some(Role::Teacher));
        assert_eq!(
            result.verdict,
            Verdict::Allow,
            "{text:?}: {:?}",
            result.reasons
        );
        assert!(result.reasons.is_empty());
    }
}

#[test]
fn explicit_threats_against_the_school_are_blocked() {
    for text in [
        "Une bombe va exploser dans la cour demain à 11h.",
        "on va faire sauter le lycée jeudi",
        "demain jviens avec un flingue et je tire sur la classe",
        "I'm going to bomb the school next week",
        "tuerie prévue au self mardi",
    ] {
        assert_eq!(verdict(text), Verdict::Block, "{text}");
    }
}

#[test]
fn threats_without_a_time_or_a_plan_are_held_not_blocked() {
    assert_eq!(
        verdict("B O M B E sous le bureau du principal"),
        Verdict::Hold
    );
    assert_eq!(verdict("je vais te tuer"), Verdict::Hold);
    assert_eq!(verdict("allahu akbar"), Verdict::Hold);
}

#[test]
fn accents_dropped_or_added_change_nothing() {
    assert_stopped(&[
        "on va bruler le college demain",
        "ÉGORGER LE PROF DEMAIN",
        "je vais égorgér lé prôf",
    ]);
}

#[test]
fn leetspeak_is_read() {
    assert_stopped(&[
        "b0mb3 au c0llège d3main",
        "att@ntat au collège vendredi matin",
        "4tt3nt4t lundi au lycée",
        "k1ll all teachers tomorrow",
    ]);
}

#[test]
fn spaced_dotted_and_split_letters_are_read() {
    assert_stopped(&[
        "B O M B E au lycée demain",
        "b.o.m.b.e dans la cantine",
        "a-t-t-e-n-t-a-t lundi",
        "bom be dans la cour demain",
        "bo\u{200B}mbe au collège demain",
    ]);
}

#[test]
fn look_alike_letters_are_read() {
    assert_stopped(&[
        "аttеntаt au lycée lundi",      // Cyrillic а and е
        "ｂｏｍｂｅ au collège demain", // fullwidth
        "𝐛𝐨𝐦𝐛𝐞 au lycée demain",        // mathematical bold
        "ΒΟΜΒΕ au collège demain",      // Greek capitals
        "🅱🅾🅼🅱🅴 au collège demain",      // enclosed letters
    ]);
}

#[test]
fn emoji_are_read() {
    assert_stopped(&[
        "🔫🔫 demain en cours de maths, vous êtes tous morts",
        "💣 collège lundi 10h",
        "🔪 demain à la sortie pour le prof",
    ]);
}

#[test]
fn misspellings_are_read() {
    assert_stopped(&[
        "atantat au colège demain",
        "fusiade au lycé mardi",
        "je vais égorjer la prof",
        "bonbe au collège lundi",
        "vou allé tous mourire demin",
    ]);
}

#[test]
fn sms_french_is_read() {
    assert_stopped(&[
        "jvais tous vs buter demain",
        "demain jramène la kalash au bahut",
        "jte jure jvais te planter à la sortie",
        "ça va péter demain au collège",
    ]);
}

#[test]
fn english_threats_are_read() {
    assert_stopped(&[
        "I'm going to shoot up the school tomorrow",
        "there is a bomb in the gym, it goes off at 2pm",
        "you're all dead tomorrow",
        "gonna blow up the cafeteria at lunch",
    ]);
}

#[test]
fn insisting_it_is_real_cancels_the_drill_or_the_joke() {
    assert_stopped(&[
        "ce n'est pas un exercice, une bombe explosera au lycée à 11h",
        "lol demain je tue la prof, jrigole pas",
    ]);
}

#[test]
fn lessons_about_violence_are_allowed() {
    assert_allowed(&[
        "Histoire : les bombardements de Dresde en 1945, analyse de photographies.",
        "Lire pour demain le texte sur l'assassinat d'Henri IV par Ravaillac.",
        "Étude du roman « Le Meurtre de Roger Ackroyd » d'Agatha Christie.",
        "Chapitre : la Shoah et les camps d'extermination, lire le témoignage de Simone Veil.",
        "There will be a quiz on the Gunpowder Plot (1605) on Thursday.",
        "Minute de silence lundi à 11h en hommage à Samuel Paty.",
    ]);
}

#[test]
fn drills_and_safety_rules_are_allowed() {
    assert_allowed(&[
        "Exercice PPMS attentat-intrusion jeudi 10h : les élèves se confinent dans les salles.",
        "Alerte intrusion : ceci était un exercice, merci à tous pour votre calme.",
        "Les objets tranchants sont interdits, y compris les cutters en arts plastiques hors cours.",
        "Fausse alerte à la bombe ce matin, aucun danger pour les élèves.",
    ]);
}

#[test]
fn science_computing_and_sport_are_allowed() {
    assert_allowed(&[
        "Expérience : pourquoi la pile au lithium peut-elle exploser si on la perce ?",
        "SVT : les volcans explosifs de type péléen, exemple de la montagne Pelée (1902).",
        "Informatique : tuer un processus bloqué avec la commande kill -9.",
        "on a défoncé l'équipe de 4e C au basket",
        "EPS escrime : apporter un t-shirt blanc, les épées sont fournies.",
        "on les a explosés au foot 6-0",
    ]);
}

#[test]
fn slang_and_hyperbole_are_allowed() {
    assert_allowed(&[
        "ton exposé était une bombe",
        "ta présentation était une tuerie !",
        "une tuerie ce gâteau au chocolat",
        "je suis mort de rire",
        "tu m'as tué avec ta blague",
        "cette interro m'a tuée",
        "ma mère va me tuer quand elle verra mon bulletin",
        "la prof a fait sauter l'interro de demain",
        "on descend en récré ?",
        "I'm dead 😂",
        "you killed it at the talent show",
        "my mom is gonna kill me",
        "le contrôle de chimie m'a achevé",
    ]);
}

#[test]
fn ordinary_messages_are_allowed() {
    assert_allowed(&[
        "Ma fille sera absente lundi pour un rendez-vous médical.",
        "qui a le cours d'hier ? j'étais malade",
        "Le bus de ramassage est en panne, mon fils arrivera en retard.",
        "Est-ce que les enfants doivent apporter un pique-nique pour la sortie ?",
        "",
    ]);
}

#[test]
fn a_lesson_subject_names_a_target_not_a_topic() {
    // "de SVT" names the teacher; it does not make the message a science lesson.
    assert_eq!(
        verdict("je vais trancher la gorge de la prof de SVT demain"),
        Verdict::Block
    );
}

#[test]
fn reasons_name_the_rule_and_quote_the_words_as_written() {
    let result = screen("Une B0MBE va exploser dans la cour demain à 11h.", None);
    assert_eq!(result.verdict, Verdict::Block);
    let rules: Vec<&str> = result.reasons.iter().map(|r| r.rule).collect();
    assert!(rules.contains(&"weapon"), "{rules:?}");
    assert!(
        rules.contains(&"target") && rules.contains(&"time"),
        "{rules:?}"
    );
    let weapon = result.reasons.iter().find(|r| r.rule == "weapon").unwrap();
    assert_eq!(weapon.words, ["B0MBE"]);
    let time = result.reasons.iter().find(|r| r.rule == "time").unwrap();
    assert_eq!(time.words, ["demain", "11h"]);
}

#[test]
fn a_defused_complete_threat_is_still_held_and_says_why() {
    let result = screen(
        "Exercice de chimie : demain à 10h je vais faire sauter le collège avec des explosifs",
        Some(Role::Pupil),
    );
    assert_eq!(result.verdict, Verdict::Hold);
    assert!(result.reasons.iter().any(|r| r.rule == "benign_context"));
}

#[test]
fn verdicts_are_ordered_and_serialise_in_lowercase() {
    assert!(Verdict::Allow < Verdict::Hold && Verdict::Hold < Verdict::Block);
    assert_eq!(Verdict::Hold.as_str(), "hold");
    let json = serde_json::to_string(&screen("bombe au lycée demain 10h", None)).unwrap();
    assert!(
        json.starts_with(r#"{"verdict":"block","reasons":[{"rule":"#),
        "{json}"
    );
    assert_eq!(
        serde_json::to_string(&screen("bonjour", None)).unwrap(),
        r#"{"verdict":"allow","reasons":[]}"#
    );
}

#[test]
fn long_messages_are_screened_whole() {
    let filler = "Bonjour, voici les devoirs pour la semaine prochaine. ".repeat(300);
    let text = format!("{filler} Demain une bombe explosera au collège à 10h.");
    assert_eq!(verdict(&text), Verdict::Block);
    assert_eq!(verdict(&filler), Verdict::Allow);
}

#[test]
fn poison_gas_dismemberment_and_promised_death_are_stopped() {
    assert_stopped(&[
        "je vais empoisonner le surveillant",
        "lundi je gaze tous les élèves",
        "ils vont finir en rondelles au gymnase",
        "je vais lui trouer la peau au CPE",
        "la principale à la guillotine",
        "il vous reste deux jours à vivre",
        "ta dernière heure a sonné",
        "c'est la fin pour vous, les 4e",
        "la prof ne rentrera pas chez elle",
        "vous serez des cibles au lycée vendredi",
        "death to the staff",
        "no teacher will leave this building alive",
        "lundi c'est le massacre au gymnase à 10h",
        "mdr demain 9h le lycée vous êtes tous morts",
    ]);
}

#[test]
fn sport_fire_safety_drill_questions_and_anger_are_allowed() {
    assert_allowed(&[
        "anyone up for shooting hoops at lunch?",
        "les pompiers nous ont appris à éteindre un feu de poubelle",
        "l'exercice attentat de mardi est-il maintenu ?",
        "je vais exploser si on a encore un contrôle",
        "c'était le carnage ce match, on a gagné 40 à 2",
    ]);
}
