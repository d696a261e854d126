//! The head's and staff's API: accounts, import, reset access; activation; role by role.

use crate::harness::{on_every_backend, user_id, PASSWORD};
use serde_json::{json, Value};

const NEW_CLASS: &str = "role,login,last_name,first_name,classes,children
pupil,zoe.lambert,Lambert,Zoé,3e D,
teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques;5e B:Mathématiques;3e D:Mathématiques,
";

#[tokio::test]
async fn home_data_follows_the_role() {
    on_every_backend(async |s| {
        let pupil: Value = s
            .signed_in("lea.martin")
            .await
            .get(s.url("/api/v1/home"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(pupil["pupil"]["class"]["name"], "6e A");
        let teachers = pupil["pupil"]["teachers"].as_array().unwrap();
        assert!(teachers
            .iter()
            .any(|t| t["display_name"] == "Julie Bernard" && t["subject"] == "Français"));
        let parent: Value = s
            .signed_in("sophie.martin")
            .await
            .get(s.url("/api/v1/home"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let children: Vec<&str> = parent["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["display_name"].as_str().unwrap())
            .collect();
        assert_eq!(children, vec!["Léa Martin", "Tom Martin"]);
        let teacher: Value = s
            .signed_in("marc.dupont")
            .await
            .get(s.url("/api/v1/home"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let teachings = teacher["teachings"].as_array().unwrap();
        assert_eq!(teachings.len(), 2);
        assert!(teachings
            .iter()
            .any(|t| t["class"]["name"] == "6e A" && t["pupils"] == 2));
        let head: Value = s
            .signed_in("paul.leroy")
            .await
            .get(s.url("/api/v1/home"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(head["school"]["school"]["uai"], s.school.uai.to_string());
        let six_a = head["school"]["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"]["name"] == "6e A")
            .unwrap();
        assert_eq!(six_a["pupils"], 2);
        assert_eq!(six_a["pending"], 1);
    })
    .await;
}

#[tokio::test]
async fn only_the_schools_staff_see_its_accounts() {
    on_every_backend(async |s| {
        let url = s.url(&format!(
            "/api/v1/schools/{}/accounts?role=pupil",
            s.school.id
        ));
        for (login, status) in [
            ("paul.leroy", 200),
            ("anne.roux", 200),
            ("marc.dupont", 403),
            ("lea.martin", 403),
            ("nina.weber", 403),
        ] {
            let response = s.signed_in(login).await.get(&url).send().await.unwrap();
            assert_eq!(response.status(), status, "{login}");
            let body: Value = response.json().await.unwrap();
            if status == 200 {
                assert_eq!(
                    (
                        &body["total"],
                        &body["page"],
                        &body["pages"],
                        &body["per_page"]
                    ),
                    (&json!(3), &json!(1), &json!(1), &json!(50)),
                    "{login}"
                );
                let logins: Vec<&str> = body["accounts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["login"].as_str().unwrap())
                    .collect();
                assert_eq!(
                    logins,
                    vec!["ines.haddad", "lea.martin", "tom.martin"],
                    "{login}"
                );
            } else {
                assert_eq!(body["error"], "forbidden");
            }
        }
        let anonymous = s.client().get(&url).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        let bad = s
            .signed_in("paul.leroy")
            .await
            .get(s.url("/api/v1/schools/nope/accounts"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 404);
        assert_eq!(
            bad.json::<Value>().await.unwrap()["error"],
            "unknown_school"
        );
    })
    .await;
}

#[tokio::test]
async fn the_accounts_api_searches_filters_by_class_and_pages() {
    on_every_backend(async |s| {
        let head = s.signed_in("paul.leroy").await;
        let base = s.url(&format!("/api/v1/schools/{}/accounts", s.school.id));
        let get = |query: String| {
            let request = head.get(format!("{base}?{query}"));
            async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                (status, response.json::<Value>().await.unwrap())
            }
        };
        let logins = |body: &Value| -> Vec<String> {
            body["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["login"].as_str().unwrap().to_owned())
                .collect()
        };
        let (status, martins) = get("q=MARTIN".into()).await;
        assert_eq!(status, 200, "{}", s.backend);
        assert_eq!(
            logins(&martins),
            vec!["lea.martin", "sophie.martin", "tom.martin"]
        );
        let classes = s
            .store
            .school_classes(&crate::harness::operator(
                cartable_core::authz::Action::ViewSchool(s.school.id.clone()),
            ))
            .await
            .unwrap();
        assert_eq!(classes[0].name, "6e A", "6e comes first");
        let (_, six_a) = get(format!("class={}&q=martin", classes[0].id)).await;
        assert_eq!(logins(&six_a), vec!["lea.martin", "sophie.martin"]);
        let (_, teachers) = get(format!("class={}&role=teacher", classes[1].id)).await;
        assert_eq!(logins(&teachers), vec!["marc.dupont"]);
        let (_, past) = get("page=2".into()).await;
        assert_eq!(
            (&past["total"], &past["page"], &past["pages"]),
            (&json!(9), &json!(2), &json!(1))
        );
        assert!(logins(&past).is_empty());
        for bad in ["page=0", "page=x", "class=nope", "role=wizard"] {
            let (status, body) = get(bad.into()).await;
            assert_eq!(
                (status, body["error"].as_str()),
                (400, Some("invalid_input")),
                "{bad}"
            );
        }
        let (status, _) = get(format!("q={}", "x".repeat(101))).await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn a_bad_file_imports_nothing_and_lists_every_bad_line() {
    on_every_backend(async |s| {
        let head = s.signed_in("paul.leroy").await;
        let url = s.url(&format!("/api/v1/schools/{}/import", s.school.id));
        let bad = "role,login,last_name,first_name,classes,children
pupil,ok.pupil,Ok,Pupil,3e D,
pupil,no.class,No,Class,,
wizard,x.y,Y,X,,
parent,p.one,One,P,,ghost.child
";
        let response = head.post(&url).header("content-type", "text/csv").body(bad).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "invalid_directory");
        let lines: Vec<i64> = body["lines"].as_array().unwrap().iter().map(|l| l["line"].as_i64().unwrap()).collect();
        assert_eq!(lines, vec![3, 4], "{body}");
        assert!(body["lines"][0]["reason"].as_str().unwrap().contains("class"));
        assert!(body["lines"][1]["reason"].as_str().unwrap().contains("wizard"));
        // Rows that only the database shows to be wrong are refused the same way.
        let ghost = "role,login,last_name,first_name,classes,children\npupil,ok.pupil,Ok,Pupil,3e D,\nparent,p.one,One,P,,ghost.child\n";
        let response = head.post(&url).body(ghost).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["lines"][0]["line"], 3, "{body}");
        assert!(s.store.account_by_login(&cartable_core::Login::parse("ok.pupil").unwrap()).await.unwrap().is_none());

        let response = head.post(&url).body(NEW_CLASS).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let report: Value = response.json().await.unwrap();
        assert_eq!(report["created"], 1);
        assert_eq!(report["updated"], 1);
        assert_eq!(report["classes_created"], 1);
        let again: Value = head.post(&url).body(NEW_CLASS).send().await.unwrap().json().await.unwrap();
        assert_eq!(again, json!({ "created": 0, "updated": 0, "unchanged": 2, "classes_created": 0 }));

        let staff = s.signed_in("anne.roux").await.post(&url).body(NEW_CLASS).send().await.unwrap();
        assert_eq!(staff.status(), 403);
        let elsewhere = s.url(&format!("/api/v1/schools/{}/import", s.other.id));
        assert_eq!(head.post(&elsewhere).body(NEW_CLASS).send().await.unwrap().status(), 403);
        let huge = format!("{NEW_CLASS}{}", "#".repeat(3 * 1024 * 1024));
        assert_eq!(head.post(&url).body(huge).send().await.unwrap().status(), 413);
    })
    .await;
}

#[tokio::test]
async fn a_reset_code_activates_the_account_with_a_strong_password() {
    on_every_backend(async |s| {
        let lea = s.signed_in("lea.martin").await;
        let id = user_id(&s.store, "lea.martin").await;
        let url = s.url(&format!("/api/v1/accounts/{id}/reset"));
        assert_eq!(
            s.signed_in("marc.dupont")
                .await
                .post(&url)
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        assert_eq!(
            s.signed_in("nina.weber")
                .await
                .post(&url)
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let head_id = user_id(&s.store, "paul.leroy").await;
        let staff_on_head = s
            .signed_in("anne.roux")
            .await
            .post(s.url(&format!("/api/v1/accounts/{head_id}/reset")))
            .send()
            .await
            .unwrap();
        assert_eq!(staff_on_head.status(), 403);

        let response = s
            .signed_in("anne.roux")
            .await
            .post(&url)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "a code must not stay in a cache"
        );
        let reset: Value = response.json().await.unwrap();
        assert_eq!(reset["login"], "lea.martin");
        let code = reset["code"].as_str().unwrap().to_owned();
        assert_eq!(code.len(), 11);
        // The old session and the old password are gone at once.
        assert_eq!(
            s.status(&lea, "/api/v1/me").await,
            401
        );
        let old = s
            .client()
            .post(s.url("/api/v1/session"))
            .json(&json!({"login": "lea.martin", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(old.status(), 401);

        let activate = s.url("/api/v1/activate");
        let client = s.client();
        let weak = client
            .post(&activate)
            .json(&json!({ "login": "lea.martin", "code": code, "password": "azertyuiop" }))
            .send()
            .await
            .unwrap();
        assert_eq!(weak.status(), 422);
        assert_eq!(
            weak.json::<Value>().await.unwrap()["error"],
            "password_too_common"
        );
        let short = client
            .post(&activate)
            .json(&json!({ "login": "lea.martin", "code": code, "password": "abc" }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            short.json::<Value>().await.unwrap()["error"],
            "password_too_short"
        );
        let sloppy = code.to_lowercase().replace('-', " ");
        let done = client
            .post(&activate)
            .json(&json!({ "login": "Lea.Martin ", "code": sloppy, "password": "une girafe en hiver" }))
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 200);
        assert_eq!(done.json::<Value>().await.unwrap()["login"], "lea.martin");
        let twice = client
            .post(&activate)
            .json(&json!({ "login": "lea.martin", "code": code, "password": "une girafe en hiver" }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            twice.json::<Value>().await.unwrap()["error"],
            "invalid_code"
        );
        let new = client
            .post(s.url("/api/v1/session"))
            .json(&json!({"login": "lea.martin", "password": "une girafe en hiver"}))
            .send()
            .await
            .unwrap();
        assert_eq!(new.status(), 200);
    })
    .await;
}
