//! What a permit opens, as the store acts on it.

use crate::{Result, StoreError};
use cartable_core::authz::Permit;
use cartable_core::documents::{Access, Space};

/// The space a documents permit opens, as its stored key; `Forbidden` for any other permit.
pub(super) fn readable(permit: &Permit) -> Result<String> {
    Space::of_permit(permit)
        .map(|(space, _)| space.key())
        .ok_or(StoreError::Forbidden)
}

/// The space a documents permit opens for writing, as its stored key; `Forbidden` for a
/// read-only or any other permit.
pub(super) fn writable(permit: &Permit) -> Result<String> {
    match Space::of_permit(permit) {
        Some((space, Access::Write)) => Ok(space.key()),
        _ => Err(StoreError::Forbidden),
    }
}
