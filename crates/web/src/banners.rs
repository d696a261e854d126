//! The messaging banners: which schools have sending switched off, and why, held in memory
//! so that every page can say it without a database query. Every node refreshes the table
//! once a second (and at once after a switch it made itself), so a switch flipped on any
//! node is shown everywhere within a second; sending itself checks the database and obeys
//! at once.

use cartable_core::messaging::MessagingSwitches;
use cartable_core::SchoolId;
use cartable_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

/// Schools with a switch on.
#[derive(Debug, Default)]
pub struct Banners {
    schools: RwLock<Arc<HashMap<SchoolId, MessagingSwitches>>>,
}

impl Banners {
    /// The switches in force for `school`, if any.
    pub fn for_school(&self, school: &SchoolId) -> Option<MessagingSwitches> {
        let table = self
            .schools
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        table.get(school).cloned()
    }

    /// Reloads the table from the store.
    pub async fn refresh(&self, store: &Store) -> cartable_store::Result<()> {
        let fresh: HashMap<_, _> = store.switched_off_schools().await?.into_iter().collect();
        *self.schools.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(fresh);
        Ok(())
    }
}
