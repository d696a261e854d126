use crate::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `cartable serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(data: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cartable"))
        .args([
            "--data",
            data.to_str().unwrap(),
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .env_remove("CARTABLE_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let url = first_line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{first_line}");
    Server { child, url }
}

#[tokio::test]
async fn a_served_school_signs_its_head_in() {
    let dir = school_dir();
    let args = [
        "admin",
        "add-user",
        "--school",
        UAI,
        "--role",
        "head",
        "--login",
        "paul.leroy",
    ];
    assert!(cartable(dir.path(), &args, "une phrase de passe solide\n")
        .status
        .success());
    let server = serve(dir.path());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let health = client
        .get(format!("{}/healthz", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let signin = client
        .post(format!("{}/api/v1/session", server.url))
        .json(&serde_json::json!({"login": "paul.leroy", "password": "une phrase de passe solide"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signin.status(), 200);
    let me: serde_json::Value = client
        .get(format!("{}/api/v1/me", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "head");
    assert_eq!(me["display_name"], "Paul Leroy");
}

#[tokio::test]
async fn a_lock_from_the_command_line_ends_a_live_session_on_the_server() {
    let dir = school_dir();
    let args = [
        "admin",
        "add-user",
        "--school",
        UAI,
        "--role",
        "teacher",
        "--login",
        "marc.dupont",
    ];
    assert!(cartable(dir.path(), &args, "une phrase de passe solide\n")
        .status
        .success());
    let server = serve(dir.path());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signin = client
        .post(format!("{}/api/v1/session", server.url))
        .json(
            &serde_json::json!({"login": "marc.dupont", "password": "une phrase de passe solide"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(signin.status(), 200);
    let me = format!("{}/api/v1/me", server.url);
    assert_eq!(client.get(&me).send().await.unwrap().status(), 200);
    let locked = cartable(dir.path(), &["admin", "lock", "marc.dupont"], "");
    assert!(
        text(&locked)
            .0
            .contains("marc.dupont: locked, 1 sessions ended"),
        "{:?}",
        text(&locked)
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while client.get(&me).send().await.unwrap().status() != 401 {
        assert!(
            std::time::Instant::now() < deadline,
            "the server kept the locked session"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[test]
fn the_demo_is_refused_beside_real_schools() {
    let dir = school_dir();
    let out = cartable(
        dir.path(),
        &["serve", "--demo", "--listen", "127.0.0.1:0"],
        "",
    );
    assert!(!out.status.success());
    assert!(
        text(&out).1.contains("already holds real schools"),
        "{:?}",
        text(&out)
    );
    assert!(!dir.path().join("demo-accounts.csv").exists());
}
