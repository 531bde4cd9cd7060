//! Source files: what a file given to passeur is, before it is read ([`sniff`]). The files it
//! reads are read by [`crate::document`] (text, Markdown) and [`crate::formats::xliff`].

pub mod sniff;
