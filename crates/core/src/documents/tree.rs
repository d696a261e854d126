//! The shape of a space's tree: no folder inside itself, a bounded depth.

use super::refusal::DocumentRefusal;
use crate::DocumentId;

/// The deepest a folder may sit: a root folder is at depth 1.
pub const MAX_DEPTH: usize = 16;

/// Whether `moved` may go into the folder whose chain of folders, from itself up to the
/// root, is `destination_chain` (empty: the space's root). A folder may not go into
/// itself nor under one of its own subfolders. `moved_height` is how many levels `moved`
/// holds (1 for a file or an empty folder): the result may not pass [`MAX_DEPTH`].
pub fn check_move(
    moved: &DocumentId,
    moved_height: usize,
    destination_chain: &[DocumentId],
) -> Result<(), DocumentRefusal> {
    if destination_chain.contains(moved) {
        return Err(DocumentRefusal::IntoItself);
    }
    check_depth(destination_chain.len(), moved_height)
}

/// Whether something `height` levels high fits under a folder at `parent_depth` (0: the
/// root).
pub fn check_depth(parent_depth: usize, height: usize) -> Result<(), DocumentRefusal> {
    if parent_depth.saturating_add(height) > MAX_DEPTH {
        Err(DocumentRefusal::TooDeep)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn a_folder_never_goes_under_itself() {
        let mut rng = StdRng::seed_from_u64(5);
        let [a, b, c] = [(); 3].map(|_| DocumentId::random(&mut rng));
        // c inside b inside a.
        let chain_of_c = [c.clone(), b.clone(), a.clone()];
        assert_eq!(
            check_move(&a, 3, &chain_of_c),
            Err(DocumentRefusal::IntoItself)
        );
        assert_eq!(
            check_move(&b, 2, &chain_of_c),
            Err(DocumentRefusal::IntoItself)
        );
        assert_eq!(
            check_move(&c, 1, &chain_of_c),
            Err(DocumentRefusal::IntoItself)
        );
        assert_eq!(check_move(&c, 1, std::slice::from_ref(&a)), Ok(()));
        assert_eq!(check_move(&a, 3, &[]), Ok(()));
    }

    #[test]
    fn depth_is_bounded() {
        assert_eq!(check_depth(0, MAX_DEPTH), Ok(()));
        assert_eq!(check_depth(MAX_DEPTH - 1, 1), Ok(()));
        assert_eq!(check_depth(MAX_DEPTH, 1), Err(DocumentRefusal::TooDeep));
        assert_eq!(check_depth(3, MAX_DEPTH - 2), Err(DocumentRefusal::TooDeep));
    }
}
