//! Hugo's own rules: its configuration files and how it computes page URLs.

pub mod config;
pub mod dates;
pub mod key_table;
pub mod lang;
pub mod list;
pub mod model;
pub mod mounts;
pub mod outputs;
pub mod page_finder;
pub mod permalinks;
pub mod security;
pub mod site_index;
pub mod site_outputs;
pub mod urlize;
pub mod values;

pub use config::HugoConfig;
pub use list::{format_urls, list_urls, list_urls_with_errors, read_front_matter, PageUrl};
pub use site_index::{PageInput, SharedUrls, SiteIndex, Target};
