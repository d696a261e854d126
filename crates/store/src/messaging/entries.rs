//! How a message shows in a mailbox listing, written once with the message.
//!
//! A page of an inbox is the busiest read of the 9:00 surge. Gathering each entry from the
//! message, its sender and its files costs several lookups per entry; the parts of an entry
//! that never change are written instead to `mailbox_entries` when the message is stored,
//! and a page reads one short row per entry. The parts that do change or depend on the
//! reader (status, when it reached them, whether they read it) are added by the page.

use super::model::RecipientLabel;
use crate::script::Script;
use cartable_core::{MessageId, Role, UserId};
use serde::Serialize;

/// Who wrote a message, as a listing shows them.
#[derive(Serialize)]
pub(crate) struct EntrySender<'a> {
    /// Their account; `None` for Cartable's own alerts and notices.
    pub(crate) id: Option<&'a UserId>,
    /// Their name when they wrote.
    pub(crate) name: &'a str,
    /// Their role.
    pub(crate) role: Option<Role>,
}

/// The fixed part of a listing entry: the JSON fields of the API's `MailboxEntryDto` that
/// a message keeps for life.
#[derive(Serialize)]
pub(crate) struct EntryHead<'a> {
    pub(crate) id: &'a MessageId,
    pub(crate) thread_id: &'a MessageId,
    pub(crate) sender: EntrySender<'a>,
    pub(crate) subject: &'a str,
    pub(crate) recipients: &'a [RecipientLabel],
    /// `message`, `alert` or `notice`.
    pub(crate) kind: &'a str,
    /// How many files it carries.
    pub(crate) attachments: usize,
}

impl EntryHead<'_> {
    /// The entry as a JSON object left open (no closing brace), for a page to complete.
    fn json_head(&self) -> String {
        let mut json = serde_json::to_string(self).unwrap_or_else(|_| "{".to_owned());
        json.pop();
        json
    }
}

/// The listing entries of the messages a script stores, written by one statement after
/// them: a batch of sends writes all its entries in one insert instead of one each.
#[derive(Default)]
pub(crate) struct Entries {
    rows: Vec<(String, String)>,
}

impl Entries {
    /// Adds the entry of a message.
    pub(crate) fn add(&mut self, head: &EntryHead<'_>) {
        self.rows
            .push((head.id.as_str().to_owned(), head.json_head()));
    }

    /// Adds to `script` the writing of every entry added, after the messages they describe.
    pub(crate) fn push(self, script: &mut Script) {
        if self.rows.is_empty() {
            return;
        }
        let p = &mut script.params;
        let values: Vec<String> = self
            .rows
            .into_iter()
            .map(|(id, head)| format!("({}, {})", p.text(id), p.text(head)))
            .collect();
        script.push(format!(
            "INSERT INTO mailbox_entries (message_id, head) VALUES {}",
            values.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartable_core::messaging::Recipient;

    #[test]
    fn a_head_closed_by_a_page_is_the_whole_entry() {
        let id = MessageId::ordered(&mut rand::rngs::OsRng, 1_800_000_000);
        let class: Recipient = "class:0123456789abcdef0123456789abcdef".parse().unwrap();
        let labels = [RecipientLabel {
            to: class,
            name: "6e \"A\"".to_owned(),
        }];
        let head = EntryHead {
            id: &id,
            thread_id: &id,
            sender: EntrySender {
                id: None,
                name: "Cartable",
                role: None,
            },
            subject: "Sortie au musée\n",
            recipients: &labels,
            kind: "notice",
            attachments: 2,
        };
        let page = format!("{},\"status\":\"delivered\"}}", head.json_head());
        let entry: serde_json::Value = serde_json::from_str(&page).unwrap();
        assert_eq!(entry["subject"], "Sortie au musée\n");
        assert_eq!(entry["sender"]["id"], serde_json::Value::Null);
        assert_eq!(entry["recipients"][0]["name"], "6e \"A\"");
        assert_eq!(entry["recipients"][0]["to"], labels[0].to.to_string());
        assert_eq!(entry["attachments"], 2);
        assert_eq!(entry["status"], "delivered");
    }
}
