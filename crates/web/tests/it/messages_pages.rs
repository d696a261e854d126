//! The mailbox and compose pages, driven like a browser: what a pupil may write to, what the
//! teacher reads (escaped), refusals explained on the form, reports, trash.

use crate::forms::{after, browser_sign_in, csrf, multipart, page, post_form};
use crate::harness::{on_every_backend, user_id, Server};
use reqwest::header::LOCATION;
use reqwest::{Client, Response};

/// Posts a multipart form (the compose form's encoding); fields may repeat.
pub async fn post_multipart(
    client: &Client,
    s: &Server,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    let (kind, body) = multipart(fields);
    client
        .post(s.url(path))
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Posts the compose form with text `fields` and one file part.
pub async fn post_with_file(
    client: &Client,
    s: &Server,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Response {
    post_form_with_file(client, &s.url("/messages/new"), fields, file).await
}

/// Posts a multipart form to `url`: text `fields`, then one file part named `files`.
pub async fn post_form_with_file(
    client: &Client,
    url: &str,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Response {
    let (kind, body) = form_with_file(fields, file);
    client
        .post(url)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// A multipart body of text `fields` then one file part named `files`, with its type.
pub fn form_with_file(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let (kind, text) = multipart(fields);
    let boundary = kind.split("boundary=").nth(1).unwrap().to_owned();
    let mut body = text
        .strip_suffix(&format!("--{boundary}--\r\n"))
        .unwrap()
        .as_bytes()
        .to_vec();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (kind, body)
}

/// The value of the checkbox labelled `label` on a form.
pub fn checkbox(html: &str, label: &str) -> String {
    let end = html
        .find(&format!(">{label}</label>"))
        .unwrap_or_else(|| panic!("{label} in {html}"));
    let before = &html[..end];
    let start = before.rfind("value=\"").unwrap() + "value=\"".len();
    before[start..].split('"').next().unwrap().to_owned()
}

/// Whether `html` shows `text` escaped (askama writes `<` as `&#60;`).
pub fn shows_escaped(html: &str, text: &str) -> bool {
    let numeric = text.replace('<', "&#60;").replace('>', "&#62;");
    let named = text.replace('<', "&lt;").replace('>', "&gt;");
    html.contains(&numeric) || html.contains(&named)
}

/// The link of the mailbox line whose subject holds `subject`.
pub fn link_to(html: &str, subject: &str) -> String {
    let end = html
        .find(subject)
        .unwrap_or_else(|| panic!("{subject} in {html}"));
    let before = &html[..end];
    let start = before.rfind("href=\"").unwrap() + "href=\"".len();
    before[start..].split('"').next().unwrap().to_owned()
}

/// Where a redirect goes.
pub fn location(response: &Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_pupil_writes_to_her_teacher_who_reads_it_as_text() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let (status, form) = page(&lea, s, "/messages/new").await;
        assert_eq!(status, 200, "{}", s.backend);
        // Her teachers, the staff and the head: nobody else, no class, not the school.
        assert_eq!(form.matches("name=\"to\"").count(), 4, "{form}");
        for allowed in [
            "Marc Dupont (Mathématiques)",
            "Julie Bernard (Français)",
            "Paul Leroy",
            "Anne Roux",
        ] {
            assert!(form.contains(&format!(">{allowed}</label>")), "{allowed}");
        }
        for other in [
            "Inès Haddad",
            "Tom Martin",
            "Sophie Martin",
            "Nina Weber",
            "6e A",
        ] {
            assert!(!form.contains(other), "{other} is not offered");
        }
        assert!(form.contains("enctype=\"multipart/form-data\""));
        assert!(form.len() < 30 * 1024 && !form.contains("<script") && !form.contains("style="));
        assert!(form.contains("<legend>Professeurs</legend>"));
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        assert_eq!(
            marc,
            format!("user:{}", user_id(&s.store, "marc.dupont").await)
        );

        let token = csrf(&form);
        // A page is not an attachment: the form comes back, with what was typed.
        let page_file = post_with_file(
            &lea,
            s,
            &[
                ("csrf", &token),
                ("to", &marc),
                ("subject", "Devoir"),
                ("body", "Le voici."),
            ],
            ("devoir.html", b"<html><script>alert(1)</script></html>"),
        )
        .await;
        assert_eq!(page_file.status(), 415);
        let html = page_file.text().await.unwrap();
        assert!(
            html.contains("Ce type de fichier n’est pas accepté ici")
                && html.contains("value=\"Devoir\"")
        );
        let subject = "<script>alert(1)</script> Exercice 3";
        let body = "Bonjour,\nje n’ai pas compris l’exercice 3.\n<b>Merci</b>";
        let sent = post_with_file(
            &lea,
            s,
            &[
                ("csrf", &token),
                ("to", &marc),
                ("subject", subject),
                ("body", body),
            ],
            (
                "C:\\Mes documents\\exercice.txt",
                b"Exercice 3 : je bloque sur la question b.",
            ),
        )
        .await;
        assert_eq!(sent.status(), 303, "{}", sent.text().await.unwrap());
        let shown = location(&sent);
        assert!(shown.ends_with("?done=delivered&n=1"), "{shown}");
        let (_, mine) = page(&lea, s, &shown).await;
        assert!(mine.contains("Message remis à 1 personne."));
        let (_, sent_box) = page(&lea, s, "/messages?folder=sent").await;
        assert!(sent_box.contains("Marc Dupont") && shows_escaped(&sent_box, subject));

        let teacher = browser_sign_in(s, "marc.dupont").await;
        let (_, inbox) = page(&teacher, s, "/messages").await;
        // Hers, and Cartable's notice of a new device (this browser is new to him).
        assert!(inbox.contains("2 non lus"), "{inbox}");
        assert!(inbox.contains("class=\"unread\"") && inbox.contains("Léa Martin"));
        assert!(shows_escaped(&inbox, subject) && !inbox.contains("<script>"));
        let (_, home) = page(&teacher, s, "/home").await;
        assert!(home.contains("2 messages non lus."));
        let href = link_to(&inbox, "Exercice 3");
        let (status, message) = page(&teacher, s, &href).await;
        assert_eq!(status, 200);
        assert!(message.contains("<dd id=\"from\">Léa Martin</dd>"));
        assert!(message.contains("je n’ai pas compris l’exercice 3."));
        assert!(shows_escaped(&message, "<b>Merci</b>") && !message.contains("<b>Merci"));
        assert!(
            message.contains(&format!("<a href=\"{href}/files/0\">exercice.txt</a>")),
            "{message}"
        );
        // The file comes back as it was sent, as a download, resumable; to her teacher only.
        let file = teacher
            .get(s.url(&format!("{href}/files/0")))
            .send()
            .await
            .unwrap();
        assert_eq!(file.status(), 200);
        let headers = file.headers().clone();
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("exercice.txt"));
        assert_eq!(
            file.text().await.unwrap(),
            "Exercice 3 : je bloque sur la question b."
        );
        let part = teacher
            .get(s.url(&format!("{href}/files/0")))
            .header("range", "bytes=0-7")
            .send()
            .await
            .unwrap();
        assert_eq!(part.status(), 206);
        assert_eq!(part.text().await.unwrap(), "Exercice");
        let outsider = browser_sign_in(s, "julie.bernard").await;
        let denied = outsider
            .get(s.url(&format!("{href}/files/0")))
            .send()
            .await
            .unwrap();
        assert_eq!(denied.status(), 404);
        // The reply is ready: to Léa, "Re: …".
        assert!(shows_escaped(
            &message,
            "value=\"Re: <script>alert(1)</script> Exercice 3\""
        ));
        let (_, inbox) = page(&teacher, s, "/messages").await;
        assert!(inbox.contains("1 non lu<"), "hers is read now");

        // Nobody else reads it, whatever the link.
        let tom = browser_sign_in(s, "tom.martin").await;
        assert_eq!(page(&tom, s, &href).await.0, 404);

        // To the trash and back; the token is required.
        let trash = format!("{href}/trash");
        let forged = post_form(&teacher, s, &trash, &[("trashed", "1")]).await;
        assert_eq!(forged.status(), 403);
        let token = csrf(&message);
        let moved = post_form(&teacher, s, &trash, &[("csrf", &token), ("trashed", "1")]).await;
        assert_eq!(location(&moved), "/messages?done=trashed");
        let (_, inbox) = page(&teacher, s, &location(&moved)).await;
        assert!(
            inbox.contains("Message mis à la corbeille.") && !inbox.contains("Léa Martin"),
            "{inbox}"
        );
        let (_, trash_box) = page(&teacher, s, "/messages?folder=trash").await;
        assert!(trash_box.contains("Léa Martin"));
        let back = post_form(&teacher, s, &trash, &[("csrf", &token), ("trashed", "0")]).await;
        assert!(location(&back).ends_with("?done=restored"));
        let (_, inbox) = page(&teacher, s, "/messages").await;
        assert!(inbox.contains("Léa Martin"));
        let (_, found) = page(&teacher, s, "/messages?q=EXERCICE").await;
        assert!(found.contains("Léa Martin"));
        let (_, none) = page(&teacher, s, "/messages?q=piscine").await;
        assert!(none.contains("Aucun message."));
        assert_eq!(page(&teacher, s, "/messages?folder=spam").await.0, 400);
    })
    .await;
}

#[tokio::test]
async fn a_refused_recipient_comes_back_named_with_the_reason_and_the_input_kept() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, form) = page(&lea, s, "/messages/new").await;
        let token = csrf(&form);
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        let school = format!("school:{}", s.school.id);
        let refused = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[
                ("csrf", &token),
                ("to", &marc),
                ("to", &school),
                ("subject", "Sortie"),
                ("body", "Qui vient ?"),
            ],
        )
        .await;
        assert_eq!(refused.status(), 403, "{}", s.backend);
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("ces destinataires ne sont pas autorisés"),
            "{html}"
        );
        assert!(html
            .contains("seules la vie scolaire et la direction écrivent à tout l’établissement."));
        assert!(html.contains("value=\"Sortie\"") && html.contains(">Qui vient ?</textarea>"));
        assert!(
            html.contains(&format!("value=\"{marc}\" checked")),
            "Marc stays ticked"
        );
        let marc_id = user_id(&s.store, "marc.dupont").await;
        assert_eq!(
            s.store.unread_count(&marc_id).await.unwrap(),
            0,
            "nothing was sent"
        );

        let nobody = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[("csrf", &token), ("subject", "Sortie"), ("body", "Qui ?")],
        )
        .await;
        assert_eq!(nobody.status(), 400);
        assert!(nobody
            .text()
            .await
            .unwrap()
            .contains("le message n’a pas de destinataire."));
        let empty = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[
                ("csrf", &token),
                ("to", &marc),
                ("subject", " "),
                ("body", "Qui ?"),
            ],
        )
        .await;
        assert_eq!(empty.status(), 400);
        assert!(empty
            .text()
            .await
            .unwrap()
            .contains("L’objet du message est vide."));
        let forged = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[("to", &marc), ("subject", "Sortie"), ("body", "Qui ?")],
        )
        .await;
        assert_eq!(forged.status(), 403);
        assert_eq!(s.store.unread_count(&marc_id).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_report_reaches_moderation_and_staff_recall_the_message() {
    on_every_backend(async |s| {
        let marc = s.signed_in("marc.dupont").await;
        let lea_id = user_id(&s.store, "lea.martin").await;
        let sent = marc
            .post(s.url("/api/v1/messages"))
            .json(&serde_json::json!({
                "to": [format!("user:{lea_id}")],
                "subject": "Remarque",
                "body": "Ton devoir était rendu en retard.",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 201, "{}", s.backend);

        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, inbox) = page(&lea, s, "/messages").await;
        let href = link_to(&inbox, "Remarque");
        let (_, message) = page(&lea, s, &href).await;
        assert!(message.contains("Signaler ce message"));
        let report = format!("{href}/report");
        assert!(message.contains(&format!("action=\"{report}\"")));
        let forged = post_form(&lea, s, &report, &[("comment", "x")]).await;
        assert_eq!(forged.status(), 403);
        let reported = post_form(
            &lea,
            s,
            &report,
            &[
                ("csrf", &csrf(&message)),
                ("comment", "Ce message me met mal à l’aise."),
            ],
        )
        .await;
        assert_eq!(reported.status(), 303);
        let (_, thanks) = page(&lea, s, &location(&reported)).await;
        assert!(thanks.contains("Le message a été signalé"));

        assert_eq!(page(&lea, s, "/school/moderation").await.0, 403);
        let anne = browser_sign_in(s, "anne.roux").await;
        let (_, home) = page(&anne, s, "/home").await;
        assert!(
            home.contains("href=\"/school/moderation\""),
            "staff see the link"
        );
        let (status, queue) = page(&anne, s, "/school/moderation").await;
        assert_eq!(status, 200);
        for shown in [
            "Remarque",
            "Ce message me met mal à l’aise.",
            "Léa Martin",
            "Marc Dupont",
            "marc.dupont",
            "Rien de détecté",
        ] {
            assert!(queue.contains(shown), "{shown} in {queue}");
        }
        assert!(queue.contains("value=\"recall\"") && queue.contains("value=\"dismiss\""));
        assert!(!queue.contains("value=\"release\""));
        assert!(
            !queue.contains("messaging-switches"),
            "staff do not hold the switches"
        );
        let action = after(
            &queue,
            "<form method=\"post\" action=\"/school/moderation/",
            "\"",
        );
        let decide = format!("/school/moderation/{action}");
        let forged = post_form(&anne, s, &decide, &[("decision", "recall")]).await;
        assert_eq!(forged.status(), 403);
        let recalled = post_form(
            &anne,
            s,
            &decide,
            &[("csrf", &csrf(&queue)), ("decision", "recall")],
        )
        .await;
        assert_eq!(location(&recalled), "/school/moderation?done=recall&n=1");
        let (_, after_recall) = page(&anne, s, &location(&recalled)).await;
        assert!(after_recall.contains("Message retiré de 1 boîte(s) de réception."));
        assert!(after_recall.contains("Rien à examiner."));
        let (_, inbox) = page(&lea, s, "/messages").await;
        assert!(!inbox.contains("Remarque"), "recalled from her inbox");
        let again = post_form(
            &anne,
            s,
            &decide,
            &[("csrf", &csrf(&queue)), ("decision", "recall")],
        )
        .await;
        assert_eq!(again.status(), 409);
    })
    .await;
}

#[tokio::test]
async fn a_held_message_waits_for_staff_to_release_it() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, form) = page(&lea, s, "/messages/new").await;
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        let sent = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[
                ("csrf", &csrf(&form)),
                ("to", &marc),
                ("subject", "Question"),
                ("body", "je ramène un couteau demain"),
            ],
        )
        .await;
        assert_eq!(sent.status(), 303, "{}", s.backend);
        let shown = location(&sent);
        assert!(shown.ends_with("?done=held"), "{shown}");
        let (_, mine) = page(&lea, s, &shown).await;
        assert!(
            mine.contains("l’établissement le vérifie")
                && mine.contains("En attente de modération")
        );
        let marc_id = user_id(&s.store, "marc.dupont").await;
        assert_eq!(s.store.unread_count(&marc_id).await.unwrap(), 0);

        let paul = browser_sign_in(s, "paul.leroy").await;
        let (_, queue) = page(&paul, s, "/school/moderation").await;
        assert!(
            queue.contains("À vérifier") && queue.contains("couteau"),
            "{queue}"
        );
        assert!(queue.contains("value=\"release\"") && queue.contains("value=\"reject\""));
        let action = after(
            &queue,
            "<form method=\"post\" action=\"/school/moderation/",
            "\"",
        );
        let released = post_form(
            &paul,
            s,
            &format!("/school/moderation/{action}"),
            &[("csrf", &csrf(&queue)), ("decision", "release")],
        )
        .await;
        assert_eq!(location(&released), "/school/moderation?done=release&n=1");
        assert_eq!(
            s.store.unread_count(&marc_id).await.unwrap(),
            1,
            "delivered now"
        );
    })
    .await;
}

#[tokio::test]
async fn a_threat_locks_the_writer_out_and_a_late_message_waits_for_the_morning() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, form) = page(&lea, s, "/messages/new").await;
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        let threat = "Une bombe va exploser dans la cour demain à 11h.";
        let blocked = post_multipart(
            &lea,
            s,
            "/messages/new",
            &[
                ("csrf", &csrf(&form)),
                ("to", &marc),
                ("subject", "demain"),
                ("body", threat),
            ],
        )
        .await;
        assert_eq!(blocked.status(), 200, "{}", s.backend);
        let cleared = blocked.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            cleared.starts_with("cartable_session=;") || cleared.contains("Max-Age=0"),
            "{cleared}"
        );
        let html = blocked.text().await.unwrap();
        assert!(html.contains("votre compte est verrouillé") && html.contains("href=\"/signin\""));
        assert_eq!(
            location(&lea.get(s.url("/home")).send().await.unwrap()),
            "/signin"
        );

        // 21:00 in Paris: pupils' sending hours are over.
        s.clock.advance(11 * 3600);
        let tom = browser_sign_in(s, "tom.martin").await;
        let (_, form) = page(&tom, s, "/messages/new").await;
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        let late = post_with_file(
            &tom,
            s,
            &[
                ("csrf", &csrf(&form)),
                ("to", &marc),
                ("subject", "Devoir"),
                ("body", "Je l’ai oublié."),
            ],
            ("devoir.txt", b"Mon devoir, en retard."),
        )
        .await;
        assert_eq!(late.status(), 303);
        let (_, draft) = page(&tom, s, &location(&late)).await;
        assert!(draft.contains("Hors des horaires d’envoi"), "{draft}");
        assert!(
            draft.contains("L’envoi ouvre le 2026-12-01 06:00 UTC."),
            "7:00 in Paris"
        );
        assert!(draft.contains("Envoyer maintenant"));
        let (_, drafts) = page(&tom, s, "/messages?folder=drafts").await;
        assert!(drafts.contains("Devoir") && drafts.contains("Brouillon"));

        // The next morning, the draft goes from its own page.
        s.clock.advance(10 * 3600 + 1800);
        let (_, draft) = page(&tom, s, &location(&late)).await;
        let resend_form = after(
            &draft,
            "<form method=\"post\" action=\"/messages/new\"",
            "</form>",
        );
        let mut fields = vec![("csrf".to_owned(), csrf(&draft))];
        for name in ["to", "subject", "body", "draft"] {
            let marker = format!("name=\"{name}\" value=\"");
            fields.push((name.to_owned(), after(&resend_form, &marker, "\"")));
        }
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let sent = post_multipart(&tom, s, "/messages/new", &pairs).await;
        assert_eq!(sent.status(), 303);
        assert!(
            location(&sent).ends_with("?done=delivered&n=1"),
            "{}",
            location(&sent)
        );
        let (_, drafts) = page(&tom, s, "/messages?folder=drafts").await;
        assert!(
            drafts.contains("Aucun message."),
            "the draft left the drafts"
        );
        let marc_id = user_id(&s.store, "marc.dupont").await;
        let inbox = s
            .store
            .mailbox(
                &marc_id,
                cartable_store::messaging::Folder::Inbox,
                Some("oublié"),
                0,
            )
            .await
            .unwrap();
        assert_eq!(inbox[0].attachments, 1, "the draft's file went with it");
    })
    .await;
}

#[tokio::test]
async fn a_threat_typed_into_an_attached_text_file_is_screened_like_the_body() {
    on_every_backend(async |s| {
        let lea = browser_sign_in(s, "lea.martin").await;
        let (_, form) = page(&lea, s, "/messages/new").await;
        let marc = checkbox(&form, "Marc Dupont (Mathématiques)");
        let blocked = post_with_file(
            &lea,
            s,
            &[
                ("csrf", &csrf(&form)),
                ("to", &marc),
                ("subject", "Devoir"),
                ("body", "Voici mon devoir."),
            ],
            (
                "devoir.txt",
                "Une bombe va exploser dans la cour demain à 11h.".as_bytes(),
            ),
        )
        .await;
        assert_eq!(blocked.status(), 200, "{}", s.backend);
        let html = blocked.text().await.unwrap();
        assert!(html.contains("votre compte est verrouillé"), "{html}");
        let teacher = browser_sign_in(s, "marc.dupont").await;
        let (_, inbox) = page(&teacher, s, "/messages").await;
        assert!(!inbox.contains("Léa Martin"), "{inbox}");
    })
    .await;
}
