//! The accounts users sign in with, read from the demo's `demo-accounts.csv`
//! (`login,password,role,school,class`).

use serde::Deserialize;
use std::path::Path;

/// One account the server knows, with its password in clear (the demo's are public).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Account {
    /// What the user types as login.
    pub login: String,
    /// The password.
    pub password: String,
    /// pupil, parent, teacher…: reported, not used.
    #[serde(default)]
    pub role: String,
    /// The school: users behind a school NAT share their school's address.
    #[serde(default)]
    pub school: String,
}

/// Reads the accounts of a CSV file with a header line.
pub fn read(path: &Path) -> anyhow::Result<Vec<Account>> {
    parse(std::fs::File::open(path)?)
}

/// Reads the accounts of CSV text with a header line; extra columns are ignored.
pub fn parse(reader: impl std::io::Read) -> anyhow::Result<Vec<Account>> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let mut accounts = Vec::new();
    for row in csv.deserialize() {
        accounts.push(row?);
    }
    Ok(accounts)
}

/// The schools of `accounts`, each once, in order of first appearance: a school's number in
/// this list picks its NAT address.
pub fn schools(accounts: &[Account]) -> Vec<&str> {
    let mut seen = Vec::new();
    for account in accounts {
        if !seen.contains(&account.school.as_str()) {
            seen.push(account.school.as_str());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_demo_format() {
        let text = "login,password,role,school,class\n\
                    lea.martin,sun-tree-river-42,pupil,0750001A,6A\n\
                    paul.durand,moon-cat-hill-07,teacher,0750002B,\n";
        let accounts = parse(text.as_bytes()).unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].login, "lea.martin");
        assert_eq!(accounts[1].password, "moon-cat-hill-07");
        assert_eq!(schools(&accounts), vec!["0750001A", "0750002B"]);
    }
}
