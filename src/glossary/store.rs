//! Entries kept compactly: each entry encoded into one shared byte buffer, decoded when a hit
//! asks for it. A million entries take their text plus four bytes each, instead of a dozen
//! separately allocated strings and vectors per entry; and the buffer is what the cache
//! stores, so loading it back is one copy.

use super::binary::{Reader, Writer};
use super::{CaseMode, Entry, Number};

/// A list of entries, encoded.
#[derive(Debug, Default, Clone)]
pub struct EntryStore {
    bytes: Vec<u8>,
    /// Where each entry starts in `bytes`.
    starts: Vec<u32>,
}

impl EntryStore {
    /// An empty store with room for exactly these entries.
    pub fn with_room_for(entries: &[Entry]) -> Self {
        let text = |s: &str| 4 + s.len();
        let optional = |s: &Option<String>| 1 + s.as_deref().map_or(0, text);
        let list = |v: &[String]| 4 + v.iter().map(|s| text(s)).sum::<usize>();
        let bytes = entries
            .iter()
            .map(|e| {
                text(&e.source)
                    + text(&e.target)
                    + optional(&e.id)
                    + list(&e.source_variants)
                    + list(&e.target_variants)
                    + list(&e.forbidden)
                    + optional(&e.note)
                    + optional(&e.pos)
                    + 1
                    + 4
            })
            .sum();
        EntryStore {
            bytes: Vec::with_capacity(bytes),
            starts: Vec::with_capacity(entries.len()),
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Appends an entry; returns its number.
    pub fn push(&mut self, entry: &Entry) -> u32 {
        let id = self.starts.len() as u32;
        self.starts.push(self.bytes.len() as u32);
        let mut out = Writer(std::mem::take(&mut self.bytes));
        out.str(&entry.source);
        out.str(&entry.target);
        out.opt(entry.id.as_deref());
        out.strs(&entry.source_variants);
        out.strs(&entry.target_variants);
        out.strs(&entry.forbidden);
        out.opt(entry.note.as_deref());
        out.opt(entry.pos.as_deref());
        let case = match entry.case {
            CaseMode::Insensitive => 0,
            CaseMode::Sensitive => 1,
            CaseMode::Permissive => 2,
        };
        let number = entry.number.code();
        out.u8(case
            | u8::from(entry.inflect) << 2
            | u8::from(entry.whole_word) << 3
            | u8::from(entry.accent_sensitive) << 4
            | number << 5);
        out.u32(entry.line.map_or(0, |l| l as u32));
        self.bytes = out.0;
        id
    }

    /// Entry number `id`.
    pub fn get(&self, id: u32) -> Entry {
        let start = self.starts[id as usize] as usize;
        let bytes = self.bytes.get(start..).unwrap_or_default();
        decode(&mut Reader::new(bytes)).unwrap_or_default()
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32s(&self.starts);
        out.u64(self.bytes.len() as u64);
        out.0.extend_from_slice(&self.bytes);
    }

    pub fn read(input: &mut Reader) -> Option<EntryStore> {
        let starts = input.u32s()?;
        let len = usize::try_from(input.u64()?).ok()?;
        let bytes = input.take(len)?.to_vec();
        let in_bounds = starts.windows(2).all(|w| w[0] <= w[1])
            && starts
                .last()
                .is_none_or(|last| (*last as usize) < bytes.len());
        in_bounds.then_some(EntryStore { bytes, starts })
    }
}

fn decode(input: &mut Reader) -> Option<Entry> {
    let source = input.string()?;
    let target = input.string()?;
    let id = input.opt()?;
    let source_variants = input.strings()?;
    let target_variants = input.strings()?;
    let forbidden = input.strings()?;
    let note = input.opt()?;
    let pos = input.opt()?;
    let flags = input.u8()?;
    let line = input.u32()? as usize;
    Some(Entry {
        id,
        source,
        target,
        source_variants,
        target_variants,
        forbidden,
        note,
        pos,
        case: match flags & 3 {
            1 => CaseMode::Sensitive,
            2 => CaseMode::Permissive,
            _ => CaseMode::Insensitive,
        },
        inflect: flags & 4 != 0,
        number: Number::from_code((flags >> 5) & 3),
        whole_word: flags & 8 != 0,
        accent_sensitive: flags & 16 != 0,
        line: (line > 0).then_some(line),
    })
}
