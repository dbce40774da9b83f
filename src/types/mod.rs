//! The types that pass between the stages (discover → load → index → check →
//! report) and that the cache stores. They depend on no stage, only on
//! [`crate::base`], [`crate::diagnostic`] and each other, so every stage can
//! use them without importing another stage.

pub mod content_file;
pub mod facts;
pub mod fm_view;
pub mod link;
pub mod mount;
pub mod page;
pub mod page_kind;
pub mod probe;
pub mod tree;

pub use crate::fix::{Edit, Fix, Safety};
pub use content_file::ContentFile;
pub use facts::Facts;
pub use link::{Link, LinkKind, LinkRecord, Resolution};
pub use page::{Located, PageRecord, PageResult};
pub use page_kind::PageKind;
pub use probe::Probe;
