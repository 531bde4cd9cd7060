//! Small generic helpers with no knowledge of translation, usable from any layer.

pub mod fast_map;
