//! The head's levers, driven like a browser: switching pupils off (the banner, the refused
//! form), the messaging policy, an incident response that sends accounts back to
//! activation, and changing one's own password.

use crate::forms::{browser_sign_in, csrf, page, post_form};
use crate::harness::{give_code, on_every_backend, user_id, Server, PASSWORD};
use crate::messages_pages::{checkbox, location, post_multipart, post_with_file};
use cartable_core::messaging::QuietHours;
use cartable_core::Role;
use cartable_store::messaging::Folder;
use reqwest::Client;
use std::time::Duration;

/// GETs `path` until its page contains `text`, for at most ten seconds: the banner table is
/// refreshed each second on every node.
async fn eventually(client: &Client, s: &Server, path: &str, text: &str) -> String {
    let mut html = String::new();
    for _ in 0..100 {
        html = page(client, s, path).await.1;
        if html.contains(text) {
            return html;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{text} never appeared in {html}");
}

#[tokio::test]
async fn switching_pupils_off_shows_the_banner_and_stops_their_form() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, form) = page(&lea, s, "/messages/new").await;
        let token = csrf(&form);
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        assert!(!form.contains("id=\"banner\""));

        let paul = browser_sign_in(s, "paul.leroy").await;
        let (_, moderation) = page(&paul, s, "/school/moderation").await;
        assert!(moderation.contains("action=\"/school/messaging-switches\""));
        let head_token = csrf(&moderation);
        let reason = "Menaces reçues : messagerie des élèves suspendue";
        let forged = post_form(
            &paul,
            s,
            "/school/messaging-switches",
            &[("off", "pupil"), ("reason", reason)],
        )
        .await;
        assert_eq!(forged.status(), 403, "{}", s.backend);
        let no_reason = post_form(
            &paul,
            s,
            "/school/messaging-switches",
            &[("csrf", &head_token), ("off", "pupil"), ("reason", " ")],
        )
        .await;
        assert_eq!(no_reason.status(), 422);
        let html = no_reason.text().await.unwrap();
        assert!(
            html.contains("Indiquez un motif")
                && html.contains("id=\"off-pupil\" name=\"off\" value=\"pupil\" checked")
        );
        let switched = post_form(
            &paul,
            s,
            "/school/messaging-switches",
            &[("csrf", &head_token), ("off", "pupil"), ("reason", reason)],
        )
        .await;
        assert_eq!(location(&switched), "/school/moderation?done=switched");
        let (_, head_page) = page(&paul, s, "/home").await;
        assert!(
            head_page.contains("Envoi de messages suspendu pour : Élève."),
            "{head_page}"
        );

        let home = eventually(&lea, s, "/home", reason).await;
        assert!(home.contains("role=\"status\" id=\"banner\""));
        assert!(home.contains("L’envoi de messages est suspendu pour votre profil"));
        let (_, off) = page(&lea, s, "/messages/new").await;
        assert!(off.contains("id=\"off\"") && off.contains(reason) && !off.contains("name=\"to\""));
        let refused = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[
                ("csrf", &token),
                ("to", &marc),
                ("subject", "Q"),
                ("body", "?"),
            ],
        )
        .await;
        assert_eq!(refused.status(), 403);
        assert!(refused.text().await.unwrap().contains(reason));
        // With a file: refused the same, before the file is stored.
        let with_file = post_with_file(
            &lea,
            s,
            &[
                ("csrf", &token),
                ("to", &marc),
                ("subject", "Q"),
                ("body", "?"),
            ],
            ("devoir.txt", b"mon devoir"),
        )
        .await;
        assert_eq!(with_file.status(), 403);
        assert!(with_file.text().await.unwrap().contains(reason));
        assert_eq!(s.stored_files(), 0, "nothing was stored");
        let (status, _) = page(&lea, s, "/messages").await;
        assert_eq!(status, 200, "reading still works");
        let marc_client = browser_sign_in(s, "marc.dupont").await;
        let (_, teacher) = page(&marc_client, s, "/messages/new").await;
        assert!(!teacher.contains("id=\"banner\"") && teacher.contains("name=\"to\""));

        // Staff see the switches, may not set them.
        let anne = browser_sign_in(s, "anne.roux").await;
        let (_, staff) = page(&anne, s, "/school/moderation").await;
        assert!(staff.contains(reason), "staff see the banner");
        let denied = post_form(
            &anne,
            s,
            "/school/messaging-switches",
            &[("csrf", &csrf(&staff)), ("reason", "")],
        )
        .await;
        assert_eq!(denied.status(), 403);

        // Everything off in one press, then back on.
        let all = post_form(
            &paul,
            s,
            "/school/messaging-switches",
            &[
                ("csrf", &head_token),
                ("reason", "Incident en cours"),
                ("all", "1"),
            ],
        )
        .await;
        assert_eq!(all.status(), 303);
        let (_, teacher) = page(&marc_client, s, "/messages/new").await;
        assert!(teacher.contains("Incident en cours") && !teacher.contains("name=\"to\""));
        let on = post_form(
            &paul,
            s,
            "/school/messaging-switches",
            &[("csrf", &head_token), ("reason", "")],
        )
        .await;
        assert_eq!(on.status(), 303);
        let (_, again) = page(&lea, s, "/messages/new").await;
        assert!(!again.contains("id=\"banner\"") && again.contains("name=\"to\""));
    })
    .await;
}

/// The policy form's fields for the default policy, with `changes` applied.
fn policy_fields(token: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = vec![
        ("csrf".to_owned(), token.to_owned()),
        ("max_people".to_owned(), "5".to_owned()),
    ];
    for (role, per_minute, per_hour, hours) in [
        ("pupil", "5", "40", "school_days"),
        ("parent", "5", "40", "school_days"),
        ("teacher", "30", "3000", "any"),
        ("staff", "60", "20000", "any"),
        ("head", "60", "20000", "any"),
    ] {
        for (what, value) in [
            ("per_minute", per_minute),
            ("per_hour", per_hour),
            ("hours", hours),
            ("opens", "07:00"),
            ("closes", "20:00"),
        ] {
            fields.push((format!("{role}_{what}"), value.to_owned()));
        }
    }
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    fields
}

async fn post_policy(
    client: &Client,
    s: &Server,
    fields: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    post_form(client, s, "/school/messaging-policy", &pairs).await
}

#[tokio::test]
async fn the_policy_page_saves_and_refuses_bad_values_with_a_message() {
    on_every_backend(async |s| {
        let anne = browser_sign_in(s, "anne.roux").await;
        assert_eq!(page(&anne, s, "/school/messaging-policy").await.0, 403);
        let paul = browser_sign_in(s, "paul.leroy").await;
        let (status, form) = page(&paul, s, "/school/messaging-policy").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(form.contains("name=\"max_people\" value=\"5\""));
        assert!(
            form.contains("id=\"classmates\" name=\"classmates\" value=\"on\">"),
            "unticked"
        );
        assert!(form.contains("<option value=\"school_days\" selected>"));
        let token = csrf(&form);

        let forged = post_policy(&paul, s, &policy_fields("", &[("classmates", "on")])).await;
        assert_eq!(forged.status(), 403);
        let too_many = post_policy(&paul, s, &policy_fields(&token, &[("max_people", "11")])).await;
        assert_eq!(too_many.status(), 422);
        let html = too_many.text().await.unwrap();
        assert!(
            html.contains("doit être compris entre 1 et 10") && html.contains("value=\"11\""),
            "{html}"
        );
        let not_a_number = post_policy(
            &paul,
            s,
            &policy_fields(&token, &[("teacher_per_minute", "beaucoup")]),
        )
        .await;
        assert_eq!(not_a_number.status(), 422);
        let html = not_a_number.text().await.unwrap();
        assert!(
            html.contains("« Enseignant·e – Messages par minute » doit être un nombre entier."),
            "{html}"
        );
        let backwards = post_policy(
            &paul,
            s,
            &policy_fields(
                &token,
                &[("parent_opens", "20:00"), ("parent_closes", "07:00")],
            ),
        )
        .await;
        assert_eq!(backwards.status(), 422);
        assert!(backwards
            .text()
            .await
            .unwrap()
            .contains("Parent : l’heure d’ouverture"));

        let saved = post_policy(
            &paul,
            s,
            &policy_fields(
                &token,
                &[
                    ("classmates", "on"),
                    ("max_people", "3"),
                    ("pupil_hours", "every_day"),
                    ("pupil_opens", "08:30"),
                ],
            ),
        )
        .await;
        assert_eq!(location(&saved), "/school/messaging-policy?saved=1");
        let (_, shown) = page(&paul, s, &location(&saved)).await;
        assert!(shown.contains("Politique enregistrée.") && shown.contains("value=\"on\" checked"));
        let policy = s.store.school_messaging(&s.school.id).await.unwrap().policy;
        assert!(policy.pupils_write_to_classmates);
        assert_eq!(policy.max_people_per_message, 3);
        assert_eq!(
            policy.quiet_hours.pupil,
            Some(QuietHours {
                opens: 8 * 60 + 30,
                closes: 20 * 60,
                school_days_only: false
            })
        );
        // Classmates are now offered to Léa.
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, compose) = page(&lea, s, "/messages/new").await;
        assert!(
            compose.contains(">Inès Haddad</label>") && compose.contains("Camarades de classe")
        );
    })
    .await;
}

/// Signs in through the API; returns the status.
async fn api_sign_in(s: &Server, login: &str, password: &str) -> u16 {
    s.client()
        .post(s.url("/api/v1/session"))
        .json(&serde_json::json!({ "login": login, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_incident_response_sends_the_chosen_roles_back_to_activation() {
    on_every_backend(async |s| {
        let paul = browser_sign_in(s, "paul.leroy").await;
        let (_, moderation) = page(&paul, s, "/school/moderation").await;
        for role in ["pupil", "parent", "teacher", "staff"] {
            assert!(
                moderation.contains(&format!("id=\"incident-{role}\"")),
                "{role}"
            );
        }
        assert!(!moderation.contains("id=\"incident-head\""));
        let marc = browser_sign_in(s, "marc.dupont").await;
        let (status, confirm) = page(&paul, s, "/school/incident?role=teacher&role=parent").await;
        assert_eq!(status, 200, "{}", s.backend);
        assert!(confirm.contains("Enseignant·e, Parent"), "{confirm}");
        let forged = post_form(&paul, s, "/school/incident", &[("role", "teacher")]).await;
        assert_eq!(forged.status(), 403);
        let token = csrf(&confirm);
        let head = post_form(
            &paul,
            s,
            "/school/incident",
            &[("csrf", &token), ("role", "head")],
        )
        .await;
        assert_eq!(head.status(), 403, "a head does not respond for heads");
        let done = post_form(
            &paul,
            s,
            "/school/incident",
            &[("csrf", &token), ("role", "teacher"), ("role", "parent")],
        )
        .await;
        assert_eq!(done.status(), 200);
        let html = done.text().await.unwrap();
        assert!(
            html.contains("3 compte(s) concerné(s)"),
            "Marc, Julie and Sophie: {html}"
        );
        // Marc's open session ended, and the password a thief may hold opens nothing: a new
        // one is chosen only with a fresh code from the school.
        let response = marc.get(s.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(api_sign_in(s, "marc.dupont", PASSWORD).await, 401);
        assert_eq!(api_sign_in(s, "sophie.martin", PASSWORD).await, 401);
        assert_eq!(
            api_sign_in(s, "lea.martin", PASSWORD).await,
            200,
            "pupils were not chosen"
        );
        give_code(
            &s.store,
            &s.school,
            "marc.dupont",
            Role::Teacher,
            "HJKMN-PQRST",
            s.now(),
        )
        .await;
        let activated = s
            .client()
            .post(s.url("/api/v1/activate"))
            .json(&serde_json::json!({
                "login": "marc.dupont", "code": "HJKMN-PQRST", "password": "un chemin tout neuf",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            activated.status(),
            200,
            "{}",
            activated.text().await.unwrap()
        );
        assert_eq!(
            api_sign_in(s, "marc.dupont", "un chemin tout neuf").await,
            200
        );
        let marc = user_id(&s.store, "marc.dupont").await;
        let notices = s
            .store
            .mailbox(&marc, Folder::Inbox, None, 0)
            .await
            .unwrap();
        assert!(
            notices
                .iter()
                .any(|n| n.kind == "notice" && n.subject.contains("sessions ont été fermées")),
            "the owner is told why"
        );
    })
    .await;
}

#[tokio::test]
async fn a_signed_in_person_changes_their_password_and_ends_their_other_sessions() {
    on_every_backend(async |s| {
        let elsewhere = browser_sign_in(s, "marc.dupont").await;
        let marc = browser_sign_in(s, "marc.dupont").await;
        let (status, form) = page(&marc, s, "/password").await;
        assert_eq!(status, 200, "{}", s.backend);
        let token = csrf(&form);
        let forged = post_form(
            &marc,
            s,
            "/password",
            &[
                ("current", PASSWORD),
                ("password", "un chemin tout neuf"),
                ("confirm", "un chemin tout neuf"),
            ],
        )
        .await;
        assert_eq!(forged.status(), 403);
        for (current, new, confirm, says) in [
            (
                "pas le bon",
                "un chemin tout neuf",
                "un chemin tout neuf",
                "Le mot de passe actuel est incorrect.",
            ),
            (
                PASSWORD,
                "un chemin tout neuf",
                "un autre chemin",
                "ne sont pas identiques",
            ),
            (
                PASSWORD,
                "motdepasse",
                "motdepasse",
                "fait partie des plus courants",
            ),
        ] {
            let refused = post_form(
                &marc,
                s,
                "/password",
                &[
                    ("csrf", &token),
                    ("current", current),
                    ("password", new),
                    ("confirm", confirm),
                ],
            )
            .await;
            assert_eq!(refused.status(), 422);
            let html = refused.text().await.unwrap();
            assert!(html.contains(says), "{says} in {html}");
        }
        let changed = post_form(
            &marc,
            s,
            "/password",
            &[
                ("csrf", &token),
                ("current", PASSWORD),
                ("password", "un chemin tout neuf"),
                ("confirm", "un chemin tout neuf"),
            ],
        )
        .await;
        assert_eq!(changed.status(), 200);
        assert!(changed
            .text()
            .await
            .unwrap()
            .contains("Mot de passe changé."));
        assert_eq!(page(&marc, s, "/home").await.0, 200);
        let other = elsewhere.get(s.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(other.status(), 401, "the other session ended");
        assert_eq!(api_sign_in(s, "marc.dupont", PASSWORD).await, 401);
        assert_eq!(
            api_sign_in(s, "marc.dupont", "un chemin tout neuf").await,
            200
        );
    })
    .await;
}

#[tokio::test]
async fn an_academy_admin_acts_on_every_school_of_the_academy_at_once() {
    on_every_backend(async |s| {
        let hash = cartable_core::password::hash(PASSWORD, &mut rand::rngs::OsRng).unwrap();
        let add = crate::harness::operator(cartable_core::authz::Action::AddUser {
            school: s.school.id.clone(),
            role: Role::Admin,
        });
        let new = cartable_store::NewUser {
            school: s.school.id.clone(),
            role: Role::Admin,
            login: cartable_core::Login::parse("rectorat.admin").unwrap(),
            first_name: cartable_core::directory::PersonName::parse("Claire").unwrap(),
            last_name: cartable_core::directory::PersonName::parse("Rectorat").unwrap(),
            password_hash: Some(hash),
        };
        s.store.add_user(&add, new, s.now()).await.unwrap();
        let admin = browser_sign_in(s, "rectorat.admin").await;
        let (_, moderation) = page(&admin, s, "/school/moderation").await;
        assert!(
            moderation.contains("id=\"switch-academy\"")
                && moderation.contains("id=\"incident-academy\"")
        );
        let paul = browser_sign_in(s, "paul.leroy").await;
        let (_, heads_page) = page(&paul, s, "/school/moderation").await;
        assert!(
            !heads_page.contains("switch-academy"),
            "a head acts on their school only"
        );

        let token = csrf(&moderation);
        let switched = post_form(
            &admin,
            s,
            "/school/messaging-switches",
            &[
                ("csrf", &token),
                ("off", "pupil"),
                ("reason", "Vague de menaces"),
                ("scope", "academy"),
            ],
        )
        .await;
        assert_eq!(
            location(&switched),
            "/school/moderation?done=switched",
            "{}",
            s.backend
        );
        let mut switched_off: Vec<_> = s
            .store
            .switched_off_schools()
            .await
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        switched_off.sort();
        let mut both = vec![s.school.id.clone(), s.other.id.clone()];
        both.sort();
        assert_eq!(switched_off, both);

        let (_, confirm) = page(&admin, s, "/school/incident?role=head&scope=academy").await;
        assert!(confirm.contains("name=\"scope\" value=\"academy\""));
        let done = post_form(
            &admin,
            s,
            "/school/incident",
            &[
                ("csrf", &csrf(&confirm)),
                ("role", "head"),
                ("scope", "academy"),
            ],
        )
        .await;
        assert_eq!(done.status(), 200);
        assert!(
            done.text()
                .await
                .unwrap()
                .contains("2 compte(s) concerné(s)"),
            "Paul and Nina"
        );
        for login in ["paul.leroy", "nina.weber"] {
            let account = s
                .store
                .account_by_login(&cartable_core::Login::parse(login).unwrap())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                account.status,
                cartable_core::AccountStatus::Pending,
                "{login}"
            );
        }
    })
    .await;
}
