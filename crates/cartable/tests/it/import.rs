use crate::*;

const GOOD: &str = "role,login,last_name,first_name,classes,children
pupil,lea.martin,Martin,Léa,6e A,
parent,sophie.martin,Martin,Sophie,,lea.martin
teacher,marc.dupont,Dupont,Marc,6e A:Mathématiques,
";

#[test]
fn a_good_file_imports_and_reimporting_changes_nothing() {
    let dir = school_dir();
    let file = dir.path().join("directory.csv");
    std::fs::write(&file, GOOD).unwrap();
    let first = cartable(
        dir.path(),
        &["import", "--school", UAI, file.to_str().unwrap()],
        "",
    );
    let (stdout, stderr) = text(&first);
    assert!(first.status.success(), "{stderr}");
    assert!(
        stdout.contains("3 created, 0 updated, 0 unchanged, 1 classes created"),
        "{stdout}"
    );
    let again = cartable(
        dir.path(),
        &["import", "--school", UAI, file.to_str().unwrap()],
        "",
    );
    assert!(
        text(&again)
            .0
            .contains("0 created, 0 updated, 3 unchanged, 0 classes created"),
        "{:?}",
        text(&again)
    );
}

#[test]
fn a_file_with_bad_rows_imports_nothing_and_lists_each_line() {
    let dir = school_dir();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        format!("{GOOD}pupil,no.class,Sans,Classe,,\nwizard,x.y,Y,X,,\n"),
    )
    .unwrap();
    let out = cartable(
        dir.path(),
        &["import", "--school", UAI, file.to_str().unwrap()],
        "",
    );
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("bad.csv:5: a pupil needs a class"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.csv:6: unknown role"), "{stderr}");
    assert!(
        stderr.contains("2 bad rows: nothing was imported"),
        "{stderr}"
    );
    // Nothing was written: the good rows are still importable as new.
    std::fs::write(&file, GOOD).unwrap();
    let out = cartable(
        dir.path(),
        &["import", "--school", UAI, file.to_str().unwrap()],
        "",
    );
    assert!(text(&out).0.contains("3 created"), "{:?}", text(&out));
}

#[test]
fn an_unknown_school_or_a_malformed_uai_is_named() {
    let dir = school_dir();
    let file = dir.path().join("directory.csv");
    std::fs::write(&file, GOOD).unwrap();
    let other = cartable_core::Uai::from_digits(130_001);
    let out = cartable(
        dir.path(),
        &["import", "--school", other.as_str(), file.to_str().unwrap()],
        "",
    );
    assert!(
        text(&out).1.contains(&format!("unknown school {other}")),
        "{:?}",
        text(&out)
    );
    let out = cartable(
        dir.path(),
        &["import", "--school", "0751234A", file.to_str().unwrap()],
        "",
    );
    assert!(text(&out).1.contains("check letter"), "{:?}", text(&out));
}

#[test]
fn a_windows_1252_file_from_a_spreadsheet_keeps_its_accents() {
    let dir = school_dir();
    let file = dir.path().join("excel.csv");
    let mut bytes = b"role,login,last_name,first_name,classes,children\r\n".to_vec();
    bytes.extend_from_slice(b"pupil,lea.martin,Martin,L\xE9a,6e A,\r\n");
    std::fs::write(&file, bytes).unwrap();
    let out = cartable(
        dir.path(),
        &["import", "--school", UAI, file.to_str().unwrap()],
        "",
    );
    assert!(text(&out).0.contains("1 created"), "{:?}", text(&out));
}
