//! The single pass that finds sentence boundaries inside one paragraph.
//!
//! The scan jumps from one candidate byte to the next (`.`, `!`, `?`, or the first byte of `…`),
//! reads the *end cluster* there (terminators, closing quotes and brackets, and the space French
//! puts before `»` and `?`), and decides from the word before and the character after whether
//! the cluster ends a sentence. Everything else in the text is skipped byte by byte.

use super::abbreviations::{Abbreviations, Kind, is_also_a_word, is_sentence_opener};

/// Bytes at which a sentence can end: `.`, `!`, `?`, and 0xE2 (the first byte of `…` U+2026,
/// confirmed by the next two bytes).
const CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[0xE2] = true;
    table
};

/// What follows the end cluster, after the whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Upper,
    Lower,
    Digit,
    /// An opening quotation mark.
    Opener,
    /// An opening bracket: `(` or `[`.
    Bracket,
    /// A dash or bullet that opens a line of dialogue or a list item.
    Dash,
    /// Punctuation that continues the sentence (`,`, `;`, `)`, `»` …).
    Continuation,
    /// Anything else (symbols, emoji, scripts without case).
    Other,
}

fn classify(c: char) -> Next {
    match c {
        '«' | '"' | '“' | '‘' | '„' | '\'' | '¿' | '¡' => Next::Opener,
        '(' | '[' => Next::Bracket,
        '-' | '–' | '—' | '‑' | '•' | '*' => Next::Dash,
        ',' | ';' | ':' | ')' | ']' | '}' | '»' | '”' | '’' | '!' | '?' | '%' | '/' => {
            Next::Continuation
        }
        c if c.is_uppercase() => Next::Upper,
        c if c.is_lowercase() => Next::Lower,
        c if c.is_numeric() => Next::Digit,
        _ => Next::Other,
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '»' | '”' | ')' | ']' | '’' | '"' | '\'')
}

fn is_opener(c: char) -> bool {
    matches!(c, '(' | '«' | '"' | '“' | '[' | '‘' | '\'' | '„')
}

/// The terminators and closers read at one candidate.
#[derive(Debug, Default)]
struct Cluster {
    /// Byte offset just after the cluster.
    end: usize,
    /// A `?` or `!` is in the cluster.
    strong: bool,
    /// `…` or three or more periods.
    ellipsis: bool,
    /// A terminator stands after a closing quote or bracket (`».`, `).`, `?).`): the sentence
    /// certainly ends there.
    terminated_after_closer: bool,
}

pub(super) struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    abbreviations: &'a Abbreviations,
    /// Where the sentence being read starts (its first non-space byte).
    sentence_start: usize,
    /// Whether a straight-quoted quotation is open at `quotes_counted_to` (each `"` toggles it).
    quotation_open: bool,
    quotes_counted_to: usize,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str, abbreviations: &'a Abbreviations) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            abbreviations,
            sentence_start: 0,
            quotation_open: false,
            quotes_counted_to: 0,
        }
    }

    pub(super) fn run(mut self, out: &mut Vec<usize>) {
        self.sentence_start = self.skip_space(0);
        let mut i = 0;
        while let Some(candidate) = self.next_candidate(i) {
            let cluster = self.cluster(candidate);
            if let Some(boundary) = self.decide(candidate, &cluster) {
                out.push(boundary);
                self.sentence_start = self.skip_space(boundary);
            }
            i = cluster.end.max(candidate + 1);
        }
    }

    fn next_candidate(&self, from: usize) -> Option<usize> {
        let mut i = from;
        while i < self.bytes.len() {
            let byte = self.bytes[i];
            if CANDIDATE[byte as usize]
                && (byte != 0xE2 || self.bytes[i..].starts_with("…".as_bytes()))
            {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().next()
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.text[..i].chars().next_back()
    }

    /// The first offset at or after `i` that is not whitespace (or the text's end).
    fn skip_space(&self, i: usize) -> usize {
        let rest = &self.text[i..];
        i + (rest.len() - rest.trim_start().len())
    }

    /// Whether the straight quote at `at`, after a terminator and a space, closes the sentence's
    /// quotation (`savoir. " Elle`) rather than opening the next one (`0.86. " J'ai senti…"`).
    /// It closes when a quotation is open; when none is (its opening was in an earlier
    /// paragraph), a quote alone between spaces closes if no other quote follows to pair it
    /// with, or if the next one opens right after it (`monde. " "C'est`).
    fn spaced_quote_closes(&mut self, at: usize) -> bool {
        let from = self.quotes_counted_to.min(at);
        let toggles = memchr::memchr_iter(b'"', &self.bytes[from..at]).count();
        self.quotation_open ^= toggles % 2 == 1;
        self.quotes_counted_to = at;
        let closes = self.quotation_open || {
            let alone = self.char_at(at + 1).is_none_or(char::is_whitespace);
            let next_visible = self.char_at(self.skip_space(at + 1));
            let paired_later = memchr::memchr(b'"', &self.bytes[at + 1..]).is_some();
            alone && (!paired_later || next_visible == Some('"'))
        };
        if closes {
            self.quotation_open = false;
            self.quotes_counted_to = at + 1;
        }
        closes
    }

    fn cluster(&mut self, start: usize) -> Cluster {
        let mut cluster = Cluster::default();
        let mut j = start;
        let mut periods_in_a_row = 0;
        let mut saw_closer = false;
        while let Some(c) = self.char_at(j) {
            match c {
                '.' => {
                    periods_in_a_row += 1;
                    if periods_in_a_row >= 3 {
                        cluster.ellipsis = true;
                    }
                    cluster.terminated_after_closer |= saw_closer;
                }
                '!' | '?' => {
                    periods_in_a_row = 0;
                    cluster.strong = true;
                    cluster.terminated_after_closer |= saw_closer;
                }
                '…' => {
                    periods_in_a_row = 0;
                    cluster.ellipsis = true;
                }
                c if is_closer(c) => {
                    periods_in_a_row = 0;
                    saw_closer = true;
                }
                c if c.is_whitespace() => {
                    // French puts a (narrow) no-break space before `»`, `?` and `!`: those stay
                    // in the cluster; any other whitespace ends it.
                    let k = self.skip_space(j);
                    let closes = match self.char_at(k) {
                        Some('»' | '”' | '?' | '!') => true,
                        // A quote with a letter right after it opens the next sentence's
                        // quotation (`conclu. "Nous verrons`): the boundary falls before it.
                        Some('"') => {
                            !self.char_at(k + 1).is_some_and(char::is_alphabetic)
                                && self.spaced_quote_closes(k)
                        }
                        _ => false,
                    };
                    if !closes {
                        break;
                    }
                    j = k;
                    continue;
                }
                _ => break,
            }
            j += c.len_utf8();
        }
        cluster.end = j;
        cluster
    }

    /// The boundary (the cluster's end) if the cluster at `candidate` ends a sentence.
    fn decide(&self, candidate: usize, cluster: &Cluster) -> Option<usize> {
        let after = cluster.end;
        if !self.char_at(after)?.is_whitespace() {
            return None; // `1.5`, `U.S.A.`, `www.x.fr`, `?!x`
        }
        let next_start = self.skip_space(after);
        let next = classify(self.char_at(next_start)?);
        if next == Next::Continuation {
            return None;
        }
        let ends = if cluster.terminated_after_closer {
            true
        } else if cluster.strong {
            next != Next::Lower
        } else if cluster.ellipsis {
            // `(…)` marks a cut in a quotation; a lower-case word or a number after an
            // ellipsis continues the sentence (`il en reste... 40 sur 300`).
            let elision = matches!(self.char_before(candidate), Some('(' | '['));
            !elision && !matches!(next, Next::Lower | Next::Digit)
        } else {
            self.period_ends(candidate, next, next_start)
        };
        ends.then_some(after)
    }

    /// Whether a single period at `period` ends the sentence, from the word before it.
    fn period_ends(&self, period: usize, next: Next, next_start: usize) -> bool {
        let before = &self.text[..period];
        let raw_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let raw = &before[raw_start..];
        let word = raw.trim_start_matches(is_opener);
        if word.is_empty() {
            return true;
        }
        if word.ends_with(is_closer) {
            return true; // `Sujet".` — a period after a closing quote is a real end
        }
        let initial = raw_start == self.sentence_start;
        // `l’art. 12`, `d'apr. J.-C.`: the abbreviation is behind an elided article.
        let word = without_elision(word);
        if let Some(kind) = self.abbreviations.kind(word, initial) {
            // `(voir par ex.) Mais`: closed by a bracket, an introducing abbreviation has
            // nothing left to introduce, so it may end the sentence.
            let closed_by_bracket = matches!(self.char_at(period + 1), Some(')' | ']'));
            return match kind {
                Kind::Title => false,
                Kind::NeverFinal if !closed_by_bracket => false,
                // `art. L. 123-4`: a code reference after `art.`, not a new sentence.
                Kind::MayEnd if is_also_a_word(word) && self.code_reference_at(next_start) => false,
                Kind::NeverFinal | Kind::MayEnd => {
                    matches!(next, Next::Upper | Next::Opener | Next::Dash)
                }
                Kind::AlwaysEnds => true,
            };
        }
        if next == Next::Lower && is_list_number(word) && self.after_colon_or_semicolon(raw_start) {
            return false; // `deux volets : 1. une hausse ; 2. une baisse`: an inline list
        }
        if looks_like_initials(word) && !self.follows_degree_sign(raw_start) {
            return match next {
                Next::Lower | Next::Digit | Next::Bracket => false,
                Next::Upper => self.opens_sentence(next_start),
                _ => true,
            };
        }
        if initial && is_list_number(word) {
            return false; // `1. À partir de…`: a numbered item, not a sentence
        }
        true
    }

    /// Whether the word at `word_start` follows a colon or a semicolon (spaces between).
    fn after_colon_or_semicolon(&self, word_start: usize) -> bool {
        self.text[..word_start].trim_end().ends_with([':', ';'])
    }

    /// `2° C.`: a single letter after a degree sign is a unit, not an initial.
    fn follows_degree_sign(&self, word_start: usize) -> bool {
        self.text[..word_start].trim_end().ends_with('°')
    }

    /// A code's reference at `start`: one capital letter and a period (`L.`, `R.`, `D.`).
    fn code_reference_at(&self, start: usize) -> bool {
        let mut chars = self.text[start..].chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next() == Some('.')
    }

    /// Whether the capitalised word at `start` reads as the start of a new sentence rather than
    /// the rest of a name (`G. W. Bush`, `J. Le Pen`).
    fn opens_sentence(&self, start: usize) -> bool {
        let word = leading_word(&self.text[start..]);
        if !is_sentence_opener(word) {
            return false;
        }
        // `L'`, `J'`, `C'`, `D'` open sentences; `L.` or `J. ` alone are a second initial
        // (`J. L. Borges`, `R. J. Reynolds`).
        if word.chars().count() == 1 {
            let after = self.text[start + word.len()..].chars().next();
            return matches!(after, Some('\'' | '’' | 'ʼ'));
        }
        if matches!(word, "Le" | "La" | "Les" | "De" | "Du" | "Des") {
            // `J. Le Pen`: a particle followed by another capitalised word is part of a name.
            let rest = self.skip_space(start + word.len());
            let following = self.char_at(rest);
            return !following.is_some_and(char::is_uppercase);
        }
        true
    }
}

/// `word` without an elided article, pronoun or conjunction in front (`l’`, `d'`, `qu’`,
/// `jusqu’`, `lorsqu'`…, either apostrophe, any case).
fn without_elision(word: &str) -> &str {
    const ELIDED: &[&str] = &[
        "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
    ];
    let Some((head, rest)) = word.split_once(['\'', '’']) else {
        return word;
    };
    let elided = ELIDED
        .iter()
        .any(|e| head.len() == e.len() && head.eq_ignore_ascii_case(e));
    if elided && !rest.is_empty() {
        rest
    } else {
        word
    }
}

/// The letters at the start of `text` (up to an apostrophe, a space or punctuation).
fn leading_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// `E`, `J.-P`, `G.W`, `U.S.A`, `P.A`, `LL.AA.II.RR`, `Ph.D`: letters in short groups joined by
/// periods (or `.-`), or a single capital letter.
fn looks_like_initials(word: &str) -> bool {
    let mut parts = word
        .split(['.', '-'])
        .filter(|part| !part.is_empty())
        .peekable();
    let mut count = 0;
    let mut single_capital = false;
    for part in parts.by_ref() {
        let mut letters = 0;
        for c in part.chars() {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
        }
        if letters > 3 {
            return false;
        }
        single_capital = letters == 1 && part.chars().all(char::is_uppercase);
        count += 1;
    }
    match count {
        0 => false,
        1 => single_capital && !word.contains(['.', '-']),
        _ => word.contains('.'),
    }
}

/// `1`, `12`, `IV`: a short number that opens a numbered list item.
fn is_list_number(word: &str) -> bool {
    let digits = word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit());
    let roman = word.len() <= 5 && word.bytes().all(|b| b"IVXLC".contains(&b));
    !word.is_empty() && (digits || roman)
}
