//! A small school to test against, built through the store's own API.

use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::directory::SchoolName;
use cartable_core::import::parse_directory;
use cartable_core::secret::SecretDigest;
use cartable_core::{Actor, Login, Role, SchoolId, Timestamp, Uai, UserId};
use cartable_store::testing::TestDatabase;
use cartable_store::{School, Store};

/// A fixed instant: the first Monday of September 2026, 8:00 UTC.
pub const NOW: Timestamp = Timestamp(1_788_249_600);

pub const DIRECTORY: &str = "role,login,last_name,first_name,classes,children
pupil,lea.martin,Martin,Léa,6e A,
pupil,tom.martin,Martin,Tom,5e B,
pupil,ines.haddad,Haddad,Inès,6e A,
parent,sophie.martin,Martin,Sophie,,lea.martin;tom.martin
teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques;5e B:Mathématiques,
teacher,julie.bernard,Bernard,Julie,6e A:Français,
staff,anne.roux,Roux,Anne,,
head,paul.leroy,Leroy,Paul,,
";

/// Runs `test` once per available backend, each time on a fresh database.
pub async fn on_every_backend(test: impl AsyncFn(&Store, &str)) {
    for db in TestDatabase::all().await.unwrap() {
        test(&db.store, db.backend).await;
        db.finish().await.unwrap();
    }
}

pub fn operator(action: Action) -> Permit {
    authorize(&Actor::platform_operator(), action).unwrap()
}

pub async fn school(store: &Store, digits: u32) -> School {
    let academy = store
        .ensure_academy(&SchoolName::parse("Académie de test").unwrap())
        .await
        .unwrap();
    let name = SchoolName::parse(&format!("Collège {digits}")).unwrap();
    store
        .ensure_school(&academy, &Uai::from_digits(digits), &name)
        .await
        .unwrap()
}

/// A school with [`DIRECTORY`] imported.
pub async fn populated_school(store: &Store) -> School {
    let school = school(store, 751_234).await;
    let rows = parse_directory(DIRECTORY).unwrap();
    store
        .import_directory(
            &operator(Action::ImportDirectory(school.id.clone())),
            &rows,
            NOW,
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

/// Activates an imported account with `hash` as its password hash, the way a holder would.
pub async fn activate(
    store: &Store,
    school: &SchoolId,
    login: &str,
    role: Role,
    hash: &str,
) -> UserId {
    let id = user_id(store, login).await;
    let code = SecretDigest::of(&format!("code-{login}"));
    let reset = operator(Action::ResetAccess {
        school: school.clone(),
        target: role,
    });
    store
        .issue_activation_codes(
            &reset,
            &[(id.clone(), code.clone())],
            NOW.plus_seconds(3600),
            NOW,
        )
        .await
        .unwrap();
    store.activate(&code, hash, NOW).await.unwrap();
    id
}
