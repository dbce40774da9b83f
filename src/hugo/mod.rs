//! Hugo's own rules: its configuration files and how it computes page URLs.

pub(crate) mod config;
pub(crate) mod dates;
pub(crate) mod key_table;
pub(crate) mod lang;
pub mod list;
pub(crate) mod model;
pub(crate) mod mounts;
pub(crate) mod outputs;
pub(crate) mod page_finder;
pub(crate) mod permalinks;
pub(crate) mod security;
pub mod site_index;
pub(crate) mod site_outputs;
pub(crate) mod urlize;
pub(crate) mod values;

pub use config::HugoConfig;
pub(crate) use list::format_urls;
pub use list::list_urls;
pub use site_index::{PageInput, SiteIndex, Target};
