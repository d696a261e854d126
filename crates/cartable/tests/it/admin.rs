use crate::*;

#[test]
fn add_user_reads_the_password_from_stdin_and_enforces_the_policy() {
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
    let weak = cartable(dir.path(), &args, "azertyuiop\n");
    assert!(!weak.status.success());
    assert!(text(&weak).1.contains("most common"), "{:?}", text(&weak));
    let ok = cartable(dir.path(), &args, "une phrase de passe solide\n");
    assert!(ok.status.success(), "{:?}", text(&ok));
    assert!(text(&ok)
        .0
        .contains("paul.leroy: head account created in Collège Jean Moulin"));
    let again = cartable(dir.path(), &args, "une autre phrase solide\n");
    assert!(
        text(&again).1.contains("already taken"),
        "{:?}",
        text(&again)
    );
    let bad_role = cartable(
        dir.path(),
        &[
            "admin", "add-user", "--school", UAI, "--role", "wizard", "--login", "x.y",
        ],
        "x\n",
    );
    assert!(
        text(&bad_role).1.contains("unknown role"),
        "{:?}",
        text(&bad_role)
    );
}

#[test]
fn lock_ends_sessions_and_names_unknown_logins() {
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
    let locked = cartable(dir.path(), &["admin", "lock", "marc.dupont"], "");
    assert!(
        text(&locked)
            .0
            .contains("marc.dupont: locked, 0 sessions ended"),
        "{:?}",
        text(&locked)
    );
    let unknown = cartable(dir.path(), &["admin", "lock", "nobody.here"], "");
    assert!(!unknown.status.success());
    assert!(text(&unknown)
        .1
        .contains("no account has the login nobody.here"));
}
