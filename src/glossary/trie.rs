//! A trie over sequences of word keys (interned `u32`s), flat enough to be the cache format.
//!
//! Finding the longest pattern at a token walks only that token's continuation: one step per
//! token matched, whatever the number of patterns. The root's children are a dense array
//! indexed by key (every text token's first step is one load); deeper nodes keep their
//! children as a sorted run of (key, node) pairs, searched in a few steps (most nodes have one
//! or two children).
//!
//! Built from patterns sorted by their keys, in one pass; nothing is hashed. Read from the
//! cache as plain arrays and checked, so that a damaged cache never makes a walk panic.

use super::binary::{Reader, Writer};

/// No pattern ends at a node / no child.
const NONE: u32 = u32::MAX;
const ROOT: u32 = 0;

#[derive(Debug, Default, Clone)]
pub struct Trie {
    /// The root's child for each key id, or `NONE`.
    root: Vec<u32>,
    /// For node `n` (not the root), its children are `edge_keys/edge_nodes[offsets[n]..offsets[n + 1]]`,
    /// sorted by key.
    offsets: Vec<u32>,
    edge_keys: Vec<u32>,
    edge_nodes: Vec<u32>,
    /// The pattern that ends at each node, or `NONE`.
    terminal: Vec<u32>,
}

impl Trie {
    /// A trie of `patterns`, each an id and its keys; `key_count` bounds the key ids. Patterns
    /// with the same keys: the last one given wins (callers never give two).
    pub fn build<'k>(
        key_count: usize,
        patterns: impl IntoIterator<Item = (u32, &'k [u32])>,
    ) -> Trie {
        let mut sorted: Vec<(u32, &[u32])> = patterns
            .into_iter()
            .filter(|(_, keys)| !keys.is_empty())
            .collect();
        sorted.sort_unstable_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(&b.0)));
        let mut terminal = vec![NONE];
        // (parent, key, child), created in order of the sorted keys.
        let mut edges: Vec<(u32, u32, u32)> = Vec::with_capacity(sorted.len() * 2);
        let mut path: Vec<(u32, u32)> = Vec::new(); // (key, node) from the root down
        for (pattern, keys) in sorted {
            let common = path
                .iter()
                .zip(keys)
                .take_while(|((key, _), wanted)| key == *wanted)
                .count();
            path.truncate(common);
            for &key in &keys[common..] {
                let node = terminal.len() as u32;
                terminal.push(NONE);
                let parent = path.last().map_or(ROOT, |(_, node)| *node);
                edges.push((parent, key, node));
                path.push((key, node));
            }
            if let Some((_, node)) = path.last() {
                terminal[*node as usize] = pattern;
            }
        }
        let mut root = vec![NONE; key_count];
        // A stable sort by parent keeps each parent's children in key order.
        edges.sort_by_key(|(parent, _, _)| *parent);
        let mut offsets = vec![0u32; terminal.len() + 1];
        let mut edge_keys = Vec::with_capacity(edges.len());
        let mut edge_nodes = Vec::with_capacity(edges.len());
        for (parent, key, child) in edges {
            if parent == ROOT {
                root[key as usize] = child;
            } else {
                offsets[parent as usize + 1] += 1;
                edge_keys.push(key);
                edge_nodes.push(child);
            }
        }
        for n in 1..offsets.len() {
            offsets[n] += offsets[n - 1];
        }
        Trie {
            root,
            offsets,
            edge_keys,
            edge_nodes,
            terminal,
        }
    }

    /// The root, where every walk starts.
    pub fn root(&self) -> u32 {
        ROOT
    }

    /// The child of `node` along `key`.
    pub fn child(&self, node: u32, key: u32) -> Option<u32> {
        let child = if node == ROOT {
            self.root.get(key as usize).copied().unwrap_or(NONE)
        } else {
            let n = node as usize;
            let (start, end) = (self.offsets[n] as usize, self.offsets[n + 1] as usize);
            let keys = &self.edge_keys[start..end];
            match keys.binary_search(&key) {
                Ok(at) => self.edge_nodes[start + at],
                Err(_) => NONE,
            }
        };
        (child != NONE).then_some(child)
    }

    /// The pattern whose keys lead from the root to `node`.
    pub fn pattern_at(&self, node: u32) -> Option<u32> {
        let pattern = self.terminal[node as usize];
        (pattern != NONE).then_some(pattern)
    }

    /// The pattern with exactly these keys.
    pub fn find(&self, keys: &[u32]) -> Option<u32> {
        let mut node = ROOT;
        for &key in keys {
            node = self.child(node, key)?;
        }
        self.pattern_at(node)
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32s(&self.root);
        out.u32s(&self.offsets);
        out.u32s(&self.edge_keys);
        out.u32s(&self.edge_nodes);
        out.u32s(&self.terminal);
    }

    /// Reads a trie written by [`Trie::write`] whose keys are below `key_count` and patterns
    /// below `pattern_count`; `None` if anything points outside.
    pub fn read(input: &mut Reader, key_count: usize, pattern_count: usize) -> Option<Trie> {
        let trie = Trie {
            root: input.u32s()?,
            offsets: input.u32s()?,
            edge_keys: input.u32s()?,
            edge_nodes: input.u32s()?,
            terminal: input.u32s()?,
        };
        let nodes = trie.terminal.len();
        let edges = trie.edge_keys.len();
        let consistent = nodes > 0
            && trie.root.len() == key_count
            && trie.offsets.len() == nodes + 1
            && trie.offsets[0] == 0
            && trie.offsets.windows(2).all(|w| w[0] <= w[1])
            && trie.offsets[nodes] as usize == edges
            && trie.edge_nodes.len() == edges
            && trie.edge_keys.iter().all(|k| (*k as usize) < key_count)
            && trie
                .edge_nodes
                .iter()
                .chain(trie.root.iter().filter(|n| **n != NONE))
                .all(|n| *n != ROOT && (*n as usize) < nodes)
            && trie
                .terminal
                .iter()
                .all(|p| *p == NONE || (*p as usize) < pattern_count);
        consistent.then_some(trie)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_pattern_and_nothing_else() {
        let patterns: Vec<(u32, Vec<u32>)> = vec![
            (0, vec![5, 1]),
            (1, vec![5]),
            (2, vec![5, 1, 7]),
            (3, vec![2, 9, 9]),
            (4, vec![5, 0]),
        ];
        let trie = Trie::build(10, patterns.iter().map(|(p, k)| (*p, k.as_slice())));
        for (pattern, keys) in &patterns {
            assert_eq!(trie.find(keys), Some(*pattern), "{keys:?}");
        }
        assert_eq!(trie.find(&[2, 9]), None);
        assert_eq!(trie.find(&[5, 1, 7, 1]), None);
        assert_eq!(trie.find(&[3]), None);
        // Walking 5, 1, 7 passes the patterns 1 and 0 on the way.
        let mut node = trie.root();
        let mut passed = Vec::new();
        for key in [5, 1, 7] {
            node = trie.child(node, key).unwrap();
            passed.extend(trie.pattern_at(node));
        }
        assert_eq!(passed, [1, 0, 2]);
    }

    #[test]
    fn a_written_trie_reads_back_and_a_damaged_one_is_refused() {
        let keys = [vec![1u32, 2], vec![1, 3], vec![4]];
        let trie = Trie::build(5, keys.iter().enumerate().map(|(p, k)| (p as u32, &k[..])));
        let mut out = Writer(Vec::new());
        trie.write(&mut out);
        let bytes = out.0;
        let read = Trie::read(&mut Reader::new(&bytes), 5, 3).unwrap();
        assert_eq!(read.find(&[1, 3]), Some(1));
        assert!(
            Trie::read(&mut Reader::new(&bytes), 4, 3).is_none(),
            "keys out of range"
        );
        assert!(
            Trie::read(&mut Reader::new(&bytes), 5, 2).is_none(),
            "patterns out of range"
        );
    }
}
