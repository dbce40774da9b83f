//! Links in front matter values.
