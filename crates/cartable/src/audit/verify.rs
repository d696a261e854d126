//! `cartable audit verify`: every school's chain recomputed, one line each.

use crate::cli::Storage;
use anyhow::bail;
use cartable_store::ChainReport;

/// Prints how each chain fared; fails if any is broken.
pub async fn verify(storage: &Storage) -> anyhow::Result<()> {
    let store = storage.open().await?;
    let report = store.verify_audit().await?;
    if report.chains.is_empty() {
        println!("no audit entries yet");
    }
    for chain in &report.chains {
        let name = match &chain.school {
            None => "platform".to_owned(),
            Some(id) => match store.school(id).await? {
                Some(school) => format!("school {}", school.uai),
                None => format!("unknown school {id}"),
            },
        };
        println!("{name}: {}", outcome(chain));
    }
    let broken = report.chains.iter().filter(|c| c.outcome.is_err()).count();
    if broken > 0 {
        bail!(
            "{broken} of {} audit chains are broken: keep this database as it is and compare \
             with the heads written down earlier",
            report.chains.len()
        );
    }
    Ok(())
}

/// "N entries, chain intact, head …" or where it breaks.
fn outcome(chain: &ChainReport) -> String {
    match &chain.outcome {
        Ok(checked) => {
            let noun = if *checked == 1 { "entry" } else { "entries" };
            let head = chain
                .head
                .map(|(seq, hash)| format!(", head {seq} {hash}"))
                .unwrap_or_default();
            format!("{checked} {noun}, chain intact{head}")
        }
        Err(broken) => format!("CHAIN BROKEN at entry {}: {}", broken.seq, broken.why),
    }
}
