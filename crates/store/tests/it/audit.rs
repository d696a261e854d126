use crate::fixture::*;
use cartable_core::audit::{AuditEvent, AuditKind, Break, ChainBroken};
use cartable_core::{SchoolId, Timestamp, UserId};
use cartable_store::{ChainReport, Store};
use rand::rngs::OsRng;

fn event(school: Option<&SchoolId>, at: Timestamp, n: usize) -> AuditEvent {
    AuditEvent {
        at,
        school: school.cloned(),
        actor: Some(UserId::random(&mut OsRng)),
        ip: Some(format!("192.0.2.{}", n % 250)),
        session: None,
        kind: AuditKind::MessageSent,
        target: Some(format!("message {n}")),
        details: format!(r#"{{"subject":"Sortie au musée n°{n}","body":"Départ 8 h"}}"#),
    }
}

/// The report on `school`'s chain.
fn chain_of<'a>(chains: &'a [ChainReport], school: Option<&SchoolId>) -> &'a ChainReport {
    chains
        .iter()
        .find(|chain| chain.school.as_ref() == school)
        .unwrap()
}

/// Drops the triggers that keep `audit_log` append-only, as an intruder with the database's
/// owner rights would.
async fn drop_append_only_triggers(store: &Store, backend: &str) {
    let statements: &[&str] = if backend == "postgres" {
        &["DROP TRIGGER audit_log_no_change ON audit_log"]
    } else {
        &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ]
    };
    for sql in statements {
        store.tamper(sql).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appends_form_one_intact_chain_per_school() {
    on_every_backend(async |store, backend| {
        let a = school(store, 751_234).await.id;
        let b = school(store, 751_235).await.id;
        let chains = [Some(a.clone()), Some(b.clone()), None];
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..45 {
            let store = store.clone();
            let school = chains[n % 3].clone();
            tasks.spawn(async move {
                let seq = store.append_audit(&event(school.as_ref(), NOW, n)).await?;
                Ok::<_, cartable_store::StoreError>((school, seq))
            });
        }
        let mut numbers: Vec<(Option<SchoolId>, i64)> = tasks
            .join_all()
            .await
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{backend}: {e}")))
            .collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(
            numbers.len(),
            45,
            "{backend}: every append got its own number"
        );

        let report = store.verify_audit().await.unwrap();
        assert!(report.is_intact(), "{backend}: {report:?}");
        assert_eq!(report.chains.len(), 3);
        assert_eq!(report.chains[0].school, None, "the platform chain first");
        for school in &chains {
            let chain = chain_of(&report.chains, school.as_ref());
            assert_eq!(chain.outcome, Ok(15), "{backend}");
            let entries = store
                .audit_entries(school.as_ref(), Timestamp(0))
                .await
                .unwrap();
            let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
            assert_eq!(seqs, (1..=15).collect::<Vec<_>>());
            let last = entries.last().unwrap();
            assert_eq!(chain.head, Some((15, last.hash)));
            assert!(entries.iter().all(|e| e.event.school == *school));
        }
    })
    .await;
}

#[tokio::test]
async fn an_export_holds_one_school_since_a_date_as_recorded() {
    on_every_backend(async |store, backend| {
        let a = school(store, 751_234).await.id;
        let b = school(store, 751_235).await.id;
        let mut recorded = Vec::new();
        for n in 0..6 {
            let at = NOW.plus_seconds(60 * i64::try_from(n).unwrap());
            let for_a = event(Some(&a), at, n);
            store.append_audit(&for_a).await.unwrap();
            store.append_audit(&event(Some(&b), at, n)).await.unwrap();
            store.append_audit(&event(None, at, n)).await.unwrap();
            recorded.push(for_a);
        }
        let since = NOW.plus_seconds(120);
        let entries = store.audit_entries(Some(&a), since).await.unwrap();
        let events: Vec<&AuditEvent> = entries.iter().map(|e| &e.event).collect();
        let expected: Vec<&AuditEvent> = recorded[2..].iter().collect();
        assert_eq!(
            events, expected,
            "{backend}: school a from the third event on"
        );
        assert_eq!(entries[0].seq, 3);
        let platform = store.audit_entries(None, since).await.unwrap();
        assert_eq!(platform.len(), 4);
        assert!(platform.iter().all(|e| e.event.school.is_none()));
        assert!(store
            .audit_entries(Some(&a), NOW.plus_seconds(3600))
            .await
            .unwrap()
            .is_empty());
        let stranger = SchoolId::random(&mut OsRng);
        assert!(store
            .audit_entries(Some(&stranger), Timestamp(0))
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_database_refuses_to_change_or_remove_audit_rows() {
    on_every_backend(async |store, backend| {
        let a = school(store, 751_234).await.id;
        for n in 0..3 {
            store.append_audit(&event(Some(&a), NOW, n)).await.unwrap();
        }
        let mut attempts = vec![
            "UPDATE audit_log SET ip = '203.0.113.9' WHERE seq = 2",
            "DELETE FROM audit_log WHERE seq = 3",
        ];
        if backend == "postgres" {
            attempts.push("TRUNCATE audit_log");
        }
        for sql in attempts {
            let refused = store.tamper(sql).await.unwrap_err();
            assert!(
                refused.to_string().contains("audit log is append-only"),
                "{backend}: {sql}: {refused}"
            );
        }
        let report = store.verify_audit().await.unwrap();
        assert_eq!(report.chains[0].outcome, Ok(3), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn verification_names_the_first_row_that_was_tampered_with() {
    on_every_backend(async |store, backend| {
        let edited = school(store, 751_234).await.id;
        let truncated = school(store, 751_235).await.id;
        let headless = school(store, 751_236).await.id;
        let intact = school(store, 751_237).await.id;
        for school in [
            Some(&edited),
            Some(&truncated),
            Some(&headless),
            Some(&intact),
            None,
        ] {
            for n in 0..5 {
                store.append_audit(&event(school, NOW, n)).await.unwrap();
            }
        }
        drop_append_only_triggers(store, backend).await;
        let changes = [
            format!(
                "UPDATE audit_log SET details = '{{\"subject\":\"rien\"}}' \
                 WHERE chain = '{edited}' AND seq = 3"
            ),
            format!("DELETE FROM audit_log WHERE chain = '{truncated}' AND seq = 5"),
            format!("UPDATE audit_heads SET seq = 4 WHERE chain = '{headless}'"),
            "UPDATE audit_log SET kind = 'nothing_happened' WHERE chain = '' AND seq = 2"
                .to_owned(),
        ];
        for sql in &changes {
            assert_eq!(store.tamper(sql).await.unwrap(), 1, "{backend}: {sql}");
        }

        let report = store.verify_audit().await.unwrap();
        assert!(!report.is_intact(), "{backend}");
        let outcome = |school: Option<&SchoolId>| chain_of(&report.chains, school).outcome.clone();
        assert_eq!(
            outcome(Some(&edited)),
            Err(ChainBroken {
                seq: 3,
                why: Break::HashMismatch
            }),
            "{backend}"
        );
        assert_eq!(
            outcome(Some(&truncated)),
            Err(ChainBroken {
                seq: 5,
                why: Break::TailMissing { head: 5 }
            })
        );
        assert_eq!(
            outcome(Some(&headless)),
            Err(ChainBroken {
                seq: 5,
                why: Break::PastHead { head: 4 }
            })
        );
        let platform = outcome(None).unwrap_err();
        assert_eq!(platform.seq, 2);
        assert!(
            matches!(&platform.why, Break::Unreadable(why) if why.contains("nothing_happened")),
            "{platform:?}"
        );
        assert_eq!(outcome(Some(&intact)), Ok(5));
        assert_eq!(
            store
                .verify_audit_chain(Some(&edited))
                .await
                .unwrap()
                .outcome,
            outcome(Some(&edited))
        );
    })
    .await;
}
