//! A trie over sequences of word keys (interned `u32`s), flat enough to be the cache format.
//!
//! Finding the longest pattern at a token walks only that token's continuation: one step per
//! token matched, whatever the number of patterns. With a million patterns the arrays are far
//! larger than the processor's caches, so a step is laid out to touch memory once:
//!
//! - a [`Step`] (to a node) carries the pattern ending there and its payload (what the caller
//!   needs about the pattern, so that a match reads nothing else), and whether the node has
//!   children at all;
//! - the root's steps are a dense array indexed by key (the first step of a walk is one load;
//!   callers work it out once per distinct word of a text);
//! - every node with children is one record in a single array, in depth-first order: the
//!   number of children, their keys in order (searched without touching anything else: a
//!   common first word can have thousands of continuations), then their steps.
//!
//! Built from patterns sorted by their keys, in one pass; nothing is hashed. Read from the
//! cache as plain arrays and checked, so that a damaged cache never makes a walk panic.

use super::binary::{Reader, Writer};

/// No pattern / no node.
const NONE: u32 = u32::MAX;
/// A step as stored after the keys: node (the offset of its record, or `NONE` for a leaf),
/// pattern, payload.
const STEP: usize = 3;

/// The size of a record with `count` children: the count, the keys, the steps.
fn record_len(count: usize) -> usize {
    1 + count + STEP * count
}

/// One step of a walk: to a node, with the pattern that ends there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The node's record, or `NONE` when it has no children (the walk ends there).
    node: u32,
    pattern: u32,
    payload: u32,
}

impl Step {
    /// The pattern ending at this step, with its payload.
    pub fn terminal(self) -> Option<(u32, u32)> {
        (self.pattern != NONE).then_some((self.pattern, self.payload))
    }
}

#[derive(Debug, Default, Clone)]
pub struct Trie {
    /// The root's step for each key id: node, pattern, payload (`NONE` node and pattern when
    /// no pattern starts with the key).
    root: Vec<u32>,
    /// The records of the nodes that have children: a count, then `count` steps.
    records: Vec<u32>,
}

impl Trie {
    /// A trie of `patterns`, each an id, a payload and its keys; `key_count` bounds the key
    /// ids. Patterns with the same keys: the last one given wins (callers never give two).
    pub fn build<'k>(
        key_count: usize,
        patterns: impl IntoIterator<Item = (u32, u32, &'k [u32])>,
    ) -> Trie {
        let mut sorted: Vec<(u32, u32, &[u32])> = patterns
            .into_iter()
            .filter(|(_, _, keys)| !keys.is_empty())
            .collect();
        sorted.sort_unstable_by(|a, b| a.2.cmp(b.2).then(a.0.cmp(&b.0)));
        // Nodes numbered in creation order, which is depth-first order since the patterns are
        // sorted: a node's children are created in key order, each after its parent.
        let mut terminal: Vec<(u32, u32)> = Vec::new(); // (pattern, payload) per node
        let mut parent_key: Vec<(u32, u32)> = Vec::new(); // (parent or NONE, key) per node
        let mut path: Vec<(u32, u32)> = Vec::new(); // (key, node) from the root down
        for (pattern, payload, keys) in sorted {
            let common = path
                .iter()
                .zip(keys)
                .take_while(|((key, _), wanted)| key == *wanted)
                .count();
            path.truncate(common);
            for &key in &keys[common..] {
                let node = terminal.len() as u32;
                terminal.push((NONE, 0));
                parent_key.push((path.last().map_or(NONE, |(_, node)| *node), key));
                path.push((key, node));
            }
            if let Some((_, node)) = path.last() {
                terminal[*node as usize] = (pattern, payload);
            }
        }
        let mut children = vec![0u32; terminal.len()];
        for &(parent, _) in &parent_key {
            if parent != NONE {
                children[parent as usize] += 1;
            }
        }
        let mut record = vec![NONE; terminal.len()];
        let mut size = 0usize;
        for (node, &count) in children.iter().enumerate() {
            if count > 0 {
                record[node] = size as u32;
                size += record_len(count as usize);
            }
        }
        let mut records = vec![0u32; size];
        let mut filled = vec![0u32; terminal.len()];
        let mut root = vec![NONE; key_count * 3];
        for (node, &(parent, key)) in parent_key.iter().enumerate() {
            let (pattern, payload) = terminal[node];
            if record[node] != NONE {
                records[record[node] as usize] = children[node];
            }
            if parent == NONE {
                root[key as usize * 3..key as usize * 3 + 3].copy_from_slice(&[
                    record[node],
                    pattern,
                    payload,
                ]);
            } else {
                // Children come in key order (creation order), so the keys stay sorted.
                let parent = parent as usize;
                let (at, count, i) = (
                    record[parent] as usize,
                    children[parent] as usize,
                    filled[parent] as usize,
                );
                records[at + 1 + i] = key;
                let slot = at + 1 + count + STEP * i;
                records[slot..slot + STEP].copy_from_slice(&[record[node], pattern, payload]);
                filled[parent] += 1;
            }
        }
        Trie { root, records }
    }

    /// The first step of a walk: from the root along `key`.
    pub fn start(&self, key: u32) -> Option<Step> {
        let at = key as usize * 3;
        match self.root.get(at..at + 3) {
            Some(&[node, pattern, payload]) if node != NONE || pattern != NONE => Some(Step {
                node,
                pattern,
                payload,
            }),
            _ => None,
        }
    }

    /// The step from where `from` led along `key`.
    pub fn next(&self, from: Step, key: u32) -> Option<Step> {
        let at = from.node as usize;
        let count = *self.records.get(at)? as usize;
        let keys = self.records.get(at + 1..at + 1 + count)?;
        let index = if count <= 8 {
            // Most nodes have one or two children: a scan beats a binary search there.
            keys.iter().position(|k| *k == key)?
        } else {
            keys.binary_search(&key).ok()?
        };
        let slot = at + 1 + count + STEP * index;
        match self.records.get(slot..slot + STEP)? {
            &[node, pattern, payload] => Some(Step {
                node,
                pattern,
                payload,
            }),
            _ => None,
        }
    }

    /// The pattern with exactly these keys.
    pub fn find(&self, keys: &[u32]) -> Option<u32> {
        let (first, rest) = keys.split_first()?;
        let mut step = self.start(*first)?;
        for &key in rest {
            step = self.next(step, key)?;
        }
        step.terminal().map(|(pattern, _)| pattern)
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32s(&self.root);
        out.u32s(&self.records);
    }

    /// Reads a trie written by [`Trie::write`] whose keys are below `key_count` and whose
    /// patterns carry the payload `payload_of` gives them (`None` for a pattern that does not
    /// exist); `None` if anything points outside, between records, or disagrees.
    pub fn read(
        input: &mut Reader,
        key_count: usize,
        payload_of: impl Fn(u32) -> Option<u32>,
    ) -> Option<Trie> {
        let trie = Trie {
            root: input.u32s()?,
            records: input.u32s()?,
        };
        if trie.root.len() != key_count.checked_mul(3)? {
            return None;
        }
        let records = &trie.records;
        let mut starts = vec![false; records.len()];
        let mut steps: Vec<&[u32]> = trie.root.chunks_exact(3).collect();
        let mut at = 0;
        while at < records.len() {
            let count = records[at] as usize;
            let end = at.checked_add(record_len(count))?;
            let keys = records.get(at + 1..at + 1 + count)?;
            let children = records.get(at + 1 + count..end)?;
            let sorted = keys.windows(2).all(|pair| pair[0] < pair[1]);
            if count == 0 || !sorted || keys.iter().any(|k| *k as usize >= key_count) {
                return None;
            }
            steps.extend(children.chunks_exact(STEP));
            starts[at] = true;
            at = end;
        }
        // Every step leads to a record (or nowhere) and carries its pattern's payload.
        let consistent = steps.iter().all(|step| {
            let (node, pattern, payload) = (step[0], step[1], step[2]);
            (node == NONE || starts.get(node as usize) == Some(&true))
                && (pattern == NONE || payload_of(pattern) == Some(payload))
        });
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
        let trie = Trie::build(10, patterns.iter().map(|(p, k)| (*p, p * 10, k.as_slice())));
        for (pattern, keys) in &patterns {
            assert_eq!(trie.find(keys), Some(*pattern), "{keys:?}");
        }
        assert_eq!(trie.find(&[2, 9]), None);
        assert_eq!(trie.find(&[5, 1, 7, 1]), None);
        assert_eq!(trie.find(&[3]), None);
        // Walking 5, 1, 7 passes the patterns 1 and 0 on the way, with their payloads.
        let mut step = trie.start(5).unwrap();
        let mut passed = vec![step.terminal()];
        for key in [1, 7] {
            step = trie.next(step, key).unwrap();
            passed.push(step.terminal());
        }
        assert_eq!(passed, [Some((1, 10)), Some((0, 0)), Some((2, 20))]);
        assert_eq!(trie.next(step, 1), None, "a leaf has no children");
        // Many children: found by binary search.
        let wide: Vec<(u32, Vec<u32>)> = (0..40).map(|k| (k, vec![3, k * 2])).collect();
        let trie = Trie::build(100, wide.iter().map(|(p, k)| (*p, 0, k.as_slice())));
        let start = trie.start(3).unwrap();
        assert_eq!(start.terminal(), None);
        for (pattern, keys) in &wide {
            assert_eq!(
                trie.next(start, keys[1]).unwrap().terminal(),
                Some((*pattern, 0))
            );
            assert_eq!(trie.next(start, keys[1] + 1), None);
        }
    }

    #[test]
    fn a_written_trie_reads_back_and_a_damaged_one_is_refused() {
        let keys = [vec![1u32, 2], vec![1, 3], vec![4]];
        let trie = Trie::build(
            5,
            keys.iter()
                .enumerate()
                .map(|(p, k)| (p as u32, p as u32 + 7, &k[..])),
        );
        let payloads = |count: u32| move |pattern: u32| (pattern < count).then_some(pattern + 7);
        let mut out = Writer(Vec::new());
        trie.write(&mut out);
        let bytes = out.0;
        let read = Trie::read(&mut Reader::new(&bytes), 5, payloads(3)).unwrap();
        assert_eq!(read.find(&[1, 3]), Some(1));
        assert!(
            Trie::read(&mut Reader::new(&bytes), 4, payloads(3)).is_none(),
            "keys out of range"
        );
        assert!(
            Trie::read(&mut Reader::new(&bytes), 5, payloads(2)).is_none(),
            "patterns out of range"
        );
        assert!(
            Trie::read(&mut Reader::new(&bytes), 5, Some).is_none(),
            "payloads that disagree"
        );
    }
}
