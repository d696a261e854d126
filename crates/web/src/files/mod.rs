//! Files over HTTP: uploads streamed from a multipart field into the blob store, downloads
//! streamed back out with the headers that make them safe and resumable.
//!
//! Features that carry files (message attachments, homework, hand-ins, documents) keep a row
//! with the file's name, digest and type, decide who may read it, and call
//! [`upload::store_field`] and [`download::file_response`] (or [`archive::zip_response`] for
//! many at once); this module knows nothing of who may see what.

pub mod archive;
mod disposition;
pub mod download;
pub mod name;
mod range;
pub mod upload;
