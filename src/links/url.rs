//! Classifying and normalising link URLs.
