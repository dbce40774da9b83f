//! The types that pass between the stages (discover → load → index → check →
//! report) and that the cache stores. They depend on no stage, only on
//! [`crate::base`], [`crate::diagnostic`] and each other, so every stage can
//! use them without importing another stage.

pub(crate) mod content_file;
pub(crate) mod facts;
pub(crate) mod fm_view;
pub(crate) mod link;
pub(crate) mod mount;
pub(crate) mod page;
pub(crate) mod page_kind;
pub(crate) mod probe;
pub mod tree;

pub(crate) use crate::fix::{Fix, Safety};
pub(crate) use content_file::ContentFile;
pub(crate) use facts::Facts;
pub use link::{Link, LinkKind, LinkRecord, Resolution};
pub(crate) use page::{Include, Located, PageRecord, PageResult};
pub use page_kind::PageKind;
pub(crate) use probe::Probe;
