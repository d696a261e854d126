//! A real Cartable server on 127.0.0.1:0 over a fresh database, seeded with a small school.

use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::directory::SchoolName;
use cartable_core::import::parse_directory;
use cartable_core::secret::SecretDigest;
use cartable_core::{Actor, Clock, Login, Role, Timestamp, Uai, UserId};
use cartable_store::testing::TestDatabase;
use cartable_store::{School, Store};
use cartable_web::{AppState, WebConfig};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock};

/// Every seeded active account's password.
pub const PASSWORD: &str = "cheval bleu du matin";

static HASH: LazyLock<String> =
    LazyLock::new(|| cartable_core::password::hash(PASSWORD, &mut rand::rngs::OsRng).unwrap());

pub const DIRECTORY: &str = "role,login,last_name,first_name,classes,children
pupil,lea.martin,Martin,Léa,6e A,
pupil,tom.martin,Martin,Tom,5e B,
pupil,ines.haddad,Haddad,Inès,6e A,
parent,sophie.martin,Martin,Sophie,,lea.martin;tom.martin
parent,karim.haddad,Haddad,Karim,,ines.haddad
teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques;5e B:Mathématiques,
teacher,julie.bernard,Bernard,Julie,6e A:Français,
staff,anne.roux,Roux,Anne,,
head,paul.leroy,Leroy,Paul,,
";

/// The other school's directory: a head who must see nothing of the first school.
pub const OTHER_DIRECTORY: &str = "role,login,last_name,first_name,classes,children
head,nina.weber,Weber,Nina,,
pupil,hugo.petit,Petit,Hugo,4e C,
";

/// Accounts activated with [`PASSWORD`]; the others stay pending.
pub const ACTIVE: [(&str, Role); 8] = [
    ("lea.martin", Role::Pupil),
    ("tom.martin", Role::Pupil),
    ("sophie.martin", Role::Parent),
    ("marc.dupont", Role::Teacher),
    ("julie.bernard", Role::Teacher),
    ("anne.roux", Role::Staff),
    ("paul.leroy", Role::Head),
    ("nina.weber", Role::Head),
];

/// Monday 30 November 2026, 10:00 in Paris: a school-day morning, inside every role's default
/// sending hours, whatever the hour the tests run at.
pub const SCHOOL_MORNING: Timestamp = Timestamp(1_796_029_200);

/// A clock tests can move; starts on [`SCHOOL_MORNING`].
pub struct TestClock(AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

impl TestClock {
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

pub struct Server {
    pub base: String,
    pub state: AppState,
    pub store: Store,
    pub clock: Arc<TestClock>,
    pub school: School,
    pub other: School,
    pub backend: &'static str,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    db: Option<TestDatabase>,
    files: tempfile::TempDir,
}

pub fn operator(action: Action) -> Permit {
    authorize(&Actor::platform_operator(), action).unwrap()
}

async fn seeded_school(store: &Store, digits: u32, directory: &str, now: Timestamp) -> School {
    let academy = store
        .ensure_academy(&SchoolName::parse("Académie de Cartable").unwrap())
        .await
        .unwrap();
    let name = SchoolName::parse(&format!("Collège Jean Moulin {digits}")).unwrap();
    let school = store
        .ensure_school(&academy, &Uai::from_digits(digits), &name)
        .await
        .unwrap();
    let rows = parse_directory(directory).unwrap();
    store
        .import_directory(
            &operator(Action::ImportDirectory(school.id.clone())),
            &rows,
            now,
        )
        .await
        .unwrap();
    school
}

pub async fn user_id(store: &Store, login: &str) -> UserId {
    store
        .account_by_login(&Login::parse(login).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Gives a pending account a known activation code; returns the code.
pub async fn give_code(
    store: &Store,
    school: &School,
    login: &str,
    role: Role,
    code: &str,
    now: Timestamp,
) {
    let id = user_id(store, login).await;
    let permit = operator(Action::ResetAccess {
        school: school.id.clone(),
        target: role,
    });
    let digest = SecretDigest::of(code);
    store
        .issue_activation_codes(&permit, &[(id, digest)], now.plus_seconds(3600), now)
        .await
        .unwrap();
}

impl Server {
    pub async fn start(db: TestDatabase) -> Server {
        Server::start_with(db, |_| {}).await
    }

    /// A server whose configuration `configure` adjusts first (the shield's tests).
    pub async fn start_with(db: TestDatabase, configure: impl FnOnce(&mut WebConfig)) -> Server {
        Server::start_full(db, configure, None).await
    }

    /// A server whose blob store scans uploads with `scanner` (the antivirus tests).
    pub async fn start_scanning(db: TestDatabase, scanner: cartable_store::Clamd) -> Server {
        Server::start_full(db, |_| {}, Some(scanner)).await
    }

    async fn start_full(
        db: TestDatabase,
        configure: impl FnOnce(&mut WebConfig),
        scanner: Option<cartable_store::Clamd>,
    ) -> Server {
        let store = db.store.clone();
        let clock = Arc::new(TestClock(AtomicI64::new(SCHOOL_MORNING.0)));
        let now = clock.now();
        let school = seeded_school(&store, 751_234, DIRECTORY, now).await;
        let other = seeded_school(&store, 751_235, OTHER_DIRECTORY, now).await;
        for (login, role) in ACTIVE {
            let home = if login == "nina.weber" {
                &other
            } else {
                &school
            };
            let code = format!("code-{login}");
            give_code(&store, home, login, role, &code, now).await;
            store
                .activate(&SecretDigest::of(&code), &HASH, now)
                .await
                .unwrap();
        }
        let mut config = WebConfig::new([42; 32]);
        config.hash_workers = 2;
        configure(&mut config);
        let files = tempfile::tempdir().unwrap();
        let mut blobs = cartable_store::BlobStore::open(files.path().join("blobs"))
            .await
            .unwrap();
        if let Some(scanner) = scanner {
            blobs = blobs.with_scanner(scanner);
        }
        let state = AppState::with_clock(store.clone(), blobs, &config, clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(cartable_web::serve_state(
            listener,
            state.clone(),
            async move {
                let _ = stopped.await;
            },
        ));
        Server {
            base,
            state,
            store,
            clock,
            school,
            other,
            backend: db.backend,
            stop: Some(stop),
            task: Some(task),
            db: Some(db),
            files,
        }
    }

    /// How many files the blob store holds (temporary uploads and quarantined ones aside).
    pub fn stored_files(&self) -> usize {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.file_name() != "tmp" && e.file_name() != "quarantine")
                        .map(|e| {
                            if e.path().is_dir() {
                                count(&e.path())
                            } else {
                                1
                            }
                        })
                        .sum()
                })
                .unwrap_or(0)
        }
        count(&self.files.path().join("blobs"))
    }

    /// How many files the antivirus set aside (each with its note).
    pub fn quarantined_files(&self) -> usize {
        std::fs::read_dir(self.files.path().join("blobs/quarantine")).map_or(0, |d| d.count())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// The Prometheus text at `/metrics`.
    pub async fn metrics(&self) -> String {
        let response = self
            .client()
            .get(self.url("/metrics"))
            .send()
            .await
            .unwrap();
        response.text().await.unwrap()
    }

    /// The status of a GET of `path` made by `client`.
    pub async fn status(&self, client: &reqwest::Client, path: &str) -> reqwest::StatusCode {
        client.get(self.url(path)).send().await.unwrap().status()
    }

    /// A client signed in through the API as `login`.
    pub async fn signed_in(&self, login: &str) -> reqwest::Client {
        let client = self.client();
        let response = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "login": login, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "{login} signs in on {}",
            self.backend
        );
        client
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
        if let Some(db) = self.db.take() {
            db.finish().await.unwrap();
        }
    }
}

/// Runs `test` against a fresh server on every available backend.
pub async fn on_every_backend(test: impl AsyncFn(&Server)) {
    for db in TestDatabase::all().await.unwrap() {
        let server = Server::start(db).await;
        test(&server).await;
        server.stop().await;
    }
}
