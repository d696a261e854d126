//! Hand-ins on every backend: the store applies `core`'s rule in the write itself, scopes
//! every read to the permit's class, subject and pupil, and keeps work handed in.

use super::{person, school, writer};
use crate::fixture::{self, NOW};
use cartable_core::authz::{authorize, Action, Permit};
use cartable_core::continuity::{HandInRefused, LongText, Mark, SchoolDate};
use cartable_core::{ClassId, HomeworkId, SchoolId, Timestamp, UserId};
use cartable_store::continuity::{HandInRequest, NewHomework, NewReview};
use cartable_store::{KindSet, Store, StoreError};

/// The deadline of the homework these tests set: an hour after [`NOW`].
const DEADLINE: Timestamp = Timestamp(NOW.0 + 3600);

fn text(words: &str) -> LongText {
    LongText::parse(words, "text", 1000).unwrap()
}

/// Marc sets a maths homework in 6e A that asks for a hand-in by [`DEADLINE`].
async fn assignment(store: &Store, school: &SchoolId, six_a: &ClassId) -> HomeworkId {
    let permit = writer(store, school, "marc.dupont", six_a, "Mathématiques")
        .await
        .unwrap();
    let (marc, _) = person(store, school, "marc.dupont").await;
    let homework = NewHomework {
        due: SchoolDate::parse("2026-09-01").unwrap(),
        instructions: text("Rédiger la démonstration."),
        attachments: Vec::new(),
        hand_in: Some(HandInRequest {
            deadline: DEADLINE,
            accepted: KindSet::parse("pdf").unwrap(),
            max_bytes: 1024,
        }),
    };
    store
        .set_homework(&permit, &marc, &homework, NOW, NOW)
        .await
        .unwrap()
}

/// `login`'s permit to `action` in 6e A, built from the tie the store finds.
async fn permit_in_class(
    store: &Store,
    school: &SchoolId,
    login: &str,
    six_a: &ClassId,
    action: impl FnOnce(SchoolId, cartable_core::continuity::ClassTie, UserId) -> Action,
) -> (UserId, Permit) {
    let (id, actor) = person(store, school, login).await;
    let (school, tie) = store
        .class_tie(&id, actor.role, six_a)
        .await
        .unwrap()
        .unwrap();
    let permit = authorize(&actor, action(school, tie, id.clone())).unwrap();
    (id, permit)
}

#[tokio::test]
async fn the_write_keeps_to_the_rule_and_the_review_to_the_version_read() {
    fixture::on_every_backend(async |store, backend| {
        let s = school(store).await;
        let homework = assignment(store, &s.school.id, &s.six_a).await;
        let hand_in_as = async |login: &str| {
            permit_in_class(store, &s.school.id, login, &s.six_a, |school, tie, _| {
                Action::HandIn {
                    school,
                    class: s.six_a.clone(),
                    tie,
                }
            })
            .await
        };
        let (lea, lea_hands_in) = hand_in_as("lea.martin").await;
        let (ines, ines_hands_in) = hand_in_as("ines.haddad").await;
        let first = text("Première version");
        store
            .hand_in(&lea_hands_in, &lea, &homework, Some(&first), &[], NOW)
            .await
            .unwrap();
        // After the deadline: Inès's first hand-in is taken late; Léa's is frozen.
        let after = DEADLINE.plus_seconds(60);
        let late = store
            .hand_in(&ines_hands_in, &ines, &homework, Some(&first), &[], after)
            .await
            .unwrap();
        assert_eq!(late, cartable_core::continuity::Timing::Late, "{backend}");
        let frozen = store
            .hand_in(
                &lea_hands_in,
                &lea,
                &homework,
                Some(&text("Trop tard")),
                &[],
                after,
            )
            .await;
        assert!(
            matches!(
                frozen,
                Err(StoreError::HandIn(HandInRefused::DeadlinePassed))
            ),
            "{backend}: {frozen:?}"
        );

        // The teacher's list and reviews.
        let (marc, review) = permit_in_class(
            store,
            &s.school.id,
            "marc.dupont",
            &s.six_a,
            |school, tie, _| Action::ReviewHandIns {
                school,
                class: s.six_a.clone(),
                subject: cartable_core::directory::Subject::parse("Mathématiques").unwrap(),
                tie,
            },
        )
        .await;
        let list = store.hand_ins(&review, &homework).await.unwrap();
        let bodies: Vec<(&str, bool)> = list
            .iter()
            .map(|p| {
                let h = p.hand_in.as_ref().unwrap();
                (h.body.as_str(), h.late)
            })
            .collect();
        assert_eq!(
            bodies,
            [("Première version", true), ("Première version", false)]
        );
        let stale = NewReview {
            feedback: text("Bien."),
            mark: Some(Mark::parse("14").unwrap()),
            of_version: Some(Timestamp(1)),
        };
        let refused = store
            .review_hand_in(&review, &homework, &lea, &stale, &marc, after)
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict)),
            "{backend}: {refused:?}"
        );
        let fresh = NewReview {
            of_version: Some(NOW),
            ..stale
        };
        store
            .review_hand_in(&review, &homework, &lea, &fresh, &marc, after)
            .await
            .unwrap();

        // Léa's own permit reads her hand-in with its review; not Inès's.
        let read = |pupil: UserId| {
            let class = s.six_a.clone();
            move |school, tie, _| Action::ReadHandIn {
                school,
                class,
                subject: cartable_core::directory::Subject::parse("Mathématiques").unwrap(),
                tie,
                pupil,
                own_child: false,
            }
        };
        let (_, hers) = permit_in_class(
            store,
            &s.school.id,
            "lea.martin",
            &s.six_a,
            read(lea.clone()),
        )
        .await;
        let seen = store.hand_in_of(&hers, &homework).await.unwrap().unwrap();
        assert_eq!(seen.review.unwrap().mark, Mark::parse("14").ok());

        // A reviewed hand-in is closed, and a homework with work in it is not deleted.
        let closed = store
            .hand_in(&lea_hands_in, &lea, &homework, Some(&first), &[], NOW)
            .await;
        assert!(matches!(
            closed,
            Err(StoreError::HandIn(HandInRefused::Reviewed))
        ));
        let writes = writer(
            store,
            &s.school.id,
            "marc.dupont",
            &s.six_a,
            "Mathématiques",
        )
        .await
        .unwrap();
        let kept = store.delete_homework(&writes, &homework).await;
        assert!(
            matches!(kept, Err(StoreError::Conflict)),
            "{backend}: {kept:?}"
        );
        assert_eq!(store.hand_ins(&review, &homework).await.unwrap().len(), 2);
    })
    .await;
}
