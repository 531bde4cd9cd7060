//! The inline tags of a segment's text: `<g1>…</g1>` for a paired code (bold, a link), `<x2/>`
//! for a standalone one (an image, a line break), numbered per segment, as OmegaT shows them.
//! They come from a client's XLIFF ([`crate::source::xliff`]) and are written as real inline elements
//! into every XML export: `<g>`/`<x/>` in XLIFF 1.2, `<pc>`/`<ph/>` in XLIFF 2, `<bpt>`/`<ept>`/
//! `<ph>` in TMX.
//!
//! A tag is markup only when the result stays well formed: an opening tag without its closing
//! tag (or a closing tag without its opening one, or two pairs crossing) is written as text,
//! so a translator's slip can never break a file.

use std::ops::Range;

use super::xml::escape_text;

/// One inline tag, by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Open(usize),
    Close(usize),
    Standalone(usize),
}

impl Tag {
    pub fn number(self) -> usize {
        match self {
            Tag::Open(n) | Tag::Close(n) | Tag::Standalone(n) => n,
        }
    }

    /// The tag as the translator sees it.
    pub fn text(self) -> String {
        match self {
            Tag::Open(n) => format!("<g{n}>"),
            Tag::Close(n) => format!("</g{n}>"),
            Tag::Standalone(n) => format!("<x{n}/>"),
        }
    }
}

/// Reads `<g3>`, `</g3>` or `<x3/>` at the start of `text`, with its length in bytes.
pub fn tag_at(text: &str) -> Option<(Tag, usize)> {
    let (kind, rest) = if let Some(rest) = text.strip_prefix("</g") {
        ('c', rest)
    } else if let Some(rest) = text.strip_prefix("<g") {
        ('o', rest)
    } else {
        ('x', text.strip_prefix("<x")?)
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number: usize = rest[..digits].parse().ok()?;
    let tail = &rest[digits..];
    let (tag, closing) = match kind {
        'c' => (Tag::Close(number), ">"),
        'o' => (Tag::Open(number), ">"),
        _ => (Tag::Standalone(number), "/>"),
    };
    tail.starts_with(closing)
        .then(|| (tag, text.len() - tail.len() + closing.len()))
}

/// Every tag of `text`: (byte offset, tag, length), in order.
pub fn tags_of(text: &str) -> Vec<(usize, Tag, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('<') {
        let start = at + offset;
        match tag_at(&text[start..]) {
            Some((tag, len)) => {
                found.push((start, tag, len));
                at = start + len;
            }
            None => at = start + 1,
        }
    }
    found
}

/// How a translation's tags differ from its source's (spans are byte ranges of the
/// translation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagProblem {
    /// A tag of the source the translation lacks.
    Missing(Tag),
    /// A tag the source does not have (or not that many times).
    Extra(Tag, Range<usize>),
    /// A closing tag without its opening one before it, or an opening one never closed.
    Unpaired(Tag, Range<usize>),
    /// A pair closed while another one opened inside it is still open.
    Crossing(Tag, Tag, Range<usize>),
}

/// What keeps `target`'s tags from being the source's: each of the source's tags once, no
/// other, pairs opened before they close and nested, not crossed. Empty when both have none.
/// A tag the source itself leaves unpaired (a pair spanning two sentences of a paragraph, cut
/// into two segments) may stay unpaired in the translation.
pub fn compare(source: &str, target: &str) -> Vec<TagProblem> {
    let unpaired_in_source: Vec<Tag> = pairing_problems(&tags_of(source))
        .into_iter()
        .filter_map(|problem| match problem {
            TagProblem::Unpaired(tag, _) => Some(tag),
            _ => None,
        })
        .collect();
    let mut left: Vec<Tag> = tags_of(source).into_iter().map(|(_, tag, _)| tag).collect();
    let found = tags_of(target);
    let mut problems = Vec::new();
    for &(start, tag, len) in &found {
        match left.iter().position(|t| *t == tag) {
            Some(index) => {
                left.remove(index);
            }
            None => problems.push(TagProblem::Extra(tag, start..start + len)),
        }
    }
    problems.extend(left.into_iter().map(TagProblem::Missing));
    problems.extend(pairing_problems(&found).into_iter().filter(
        |p| !matches!(p, TagProblem::Unpaired(tag, _) if unpaired_in_source.contains(tag)),
    ));
    problems
}

/// Pairs closed before they open, never closed, or crossed.
fn pairing_problems(found: &[(usize, Tag, usize)]) -> Vec<TagProblem> {
    let mut problems = Vec::new();
    let mut open: Vec<(Tag, Range<usize>)> = Vec::new();
    for &(start, tag, len) in found {
        let span = start..start + len;
        match tag {
            Tag::Standalone(_) => {}
            Tag::Open(_) => open.push((tag, span)),
            Tag::Close(number) => match open.iter().rposition(|(t, _)| *t == Tag::Open(number)) {
                Some(index) if index + 1 == open.len() => {
                    open.pop();
                }
                Some(index) => {
                    let (inner, _) = open[open.len() - 1];
                    problems.push(TagProblem::Crossing(open[index].0, inner, span));
                    open.remove(index);
                }
                None => problems.push(TagProblem::Unpaired(tag, span)),
            },
        }
    }
    problems.extend(
        open.into_iter()
            .map(|(tag, span)| TagProblem::Unpaired(tag, span)),
    );
    problems
}

/// Whether every tag of `text` is one `known` accepts, well nested: written as markup, none
/// would be left as text.
pub fn all_writable(text: &str, known: impl Fn(Tag) -> bool) -> bool {
    let all = tags_of(text);
    all.iter().all(|(_, tag, _)| known(*tag)) && well_nested_tags(text, &known).len() == all.len()
}

/// `text` written into `out` with every tag that `known` accepts and that is well nested
/// written by `markup`, and everything else (other tags included) escaped as XML text.
pub fn write_marked_up(
    text: &str,
    out: &mut String,
    known: impl Fn(Tag) -> bool,
    mut markup: impl FnMut(Tag, &mut String),
) {
    let tags = well_nested_tags(text, known);
    let mut at = 0;
    for (start, tag, len) in tags {
        escape_text(&text[at..start], out);
        markup(tag, out);
        at = start + len;
    }
    escape_text(&text[at..], out);
}

/// The tags of `text` that can be written as markup: (byte offset, tag, length), in order.
fn well_nested_tags(text: &str, known: impl Fn(Tag) -> bool) -> Vec<(usize, Tag, usize)> {
    let mut candidates = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find('<') {
        let start = at + found;
        match tag_at(&text[start..]).filter(|(tag, _)| known(*tag)) {
            Some((tag, len)) => {
                candidates.push((start, tag, len));
                at = start + len;
            }
            None => at = start + 1,
        }
    }
    let mut keep = vec![false; candidates.len()];
    let mut open: Vec<(usize, usize)> = Vec::new(); // (number, index in candidates)
    for (index, (_, tag, _)) in candidates.iter().enumerate() {
        match *tag {
            Tag::Standalone(_) => keep[index] = true,
            Tag::Open(number) => open.push((number, index)),
            Tag::Close(number) => {
                if open.last().is_some_and(|(n, _)| *n == number) {
                    let (_, opening) = open.pop().expect("just looked");
                    keep[opening] = true;
                    keep[index] = true;
                }
            }
        }
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter_map(|(candidate, keep)| keep.then_some(candidate))
        .collect()
}

/// Markup for passeur's own XLIFF 1.2 exports.
pub fn xliff12_markup(tag: Tag, out: &mut String) {
    match tag {
        Tag::Open(n) => out.push_str(&format!("<g id=\"{n}\">")),
        Tag::Close(_) => out.push_str("</g>"),
        Tag::Standalone(n) => out.push_str(&format!("<x id=\"{n}\"/>")),
    }
}

/// Markup for passeur's own XLIFF 2 exports.
pub fn xliff2_markup(tag: Tag, out: &mut String) {
    match tag {
        Tag::Open(n) => out.push_str(&format!("<pc id=\"{n}\">")),
        Tag::Close(_) => out.push_str("</pc>"),
        Tag::Standalone(n) => out.push_str(&format!("<ph id=\"{n}\"/>")),
    }
}

/// Markup for TMX: the tag itself is the native code, so reading the file back
/// ([`from_native_code`]) gives the same text.
pub fn tmx_markup(tag: Tag, out: &mut String) {
    let (element, attribute) = match tag {
        Tag::Open(_) => ("bpt", "i"),
        Tag::Close(_) => ("ept", "i"),
        Tag::Standalone(_) => ("ph", "x"),
    };
    out.push_str(&format!("<{element} {attribute}=\"{}\">", tag.number()));
    escape_text(&tag.text(), out);
    out.push_str(&format!("</{element}>"));
}

/// The tag a TMX native code stands for, when its content is one of passeur's tags.
pub fn from_native_code(code: &str) -> Option<Tag> {
    tag_at(code)
        .filter(|(_, len)| *len == code.len())
        .map(|(tag, _)| tag)
}

/// `text` with real inline elements: for writers that own all the tags (exports).
pub fn write_with(text: &str, out: &mut String, markup: fn(Tag, &mut String)) {
    write_marked_up(text, out, |_| true, markup);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xliff12(text: &str) -> String {
        let mut out = String::new();
        write_with(text, &mut out, xliff12_markup);
        out
    }

    #[test]
    fn a_translation_s_tags_are_compared_with_the_source_s() {
        let source = "Le <g1>président</g1> a parlé<x2/>.";
        assert!(compare(source, "The <g1>president</g1> spoke<x2/>.").is_empty());
        assert!(compare("Il pleut.", "It rains.").is_empty());
        assert_eq!(
            compare(source, "The president spoke."),
            vec![
                TagProblem::Missing(Tag::Open(1)),
                TagProblem::Missing(Tag::Close(1)),
                TagProblem::Missing(Tag::Standalone(2)),
            ]
        );
        assert_eq!(
            compare(source, "The <g1>president</g1> spoke<x2/><x9/>."),
            vec![TagProblem::Extra(Tag::Standalone(9), 33..38)]
        );
        assert_eq!(
            compare("<g1>a</g1> <g2>b</g2>", "<g1>a <g2>b</g1></g2>"),
            vec![TagProblem::Crossing(Tag::Open(1), Tag::Open(2), 11..16)]
        );
        assert_eq!(
            compare(source, "</g1>The president<g1> spoke<x2/>."),
            vec![
                TagProblem::Unpaired(Tag::Close(1), 0..5),
                TagProblem::Unpaired(Tag::Open(1), 18..22),
            ]
        );
    }

    #[test]
    fn a_pair_the_source_leaves_open_may_stay_open() {
        // A quotation in italics over two sentences: each segment has half of the pair.
        assert!(compare("<g1>« Il pleut.", "<g1>“It is raining.").is_empty());
        assert!(compare("Il neige. »</g1>", "It is snowing.”</g1>").is_empty());
        assert_eq!(
            compare("<g1>« Il pleut.", "“It is raining."),
            vec![TagProblem::Missing(Tag::Open(1))]
        );
        assert_eq!(
            compare("<g1>« Il</g1> pleut.", "<g1>“It is raining."),
            vec![
                TagProblem::Missing(Tag::Close(1)),
                TagProblem::Unpaired(Tag::Open(1), 0..4)
            ]
        );
    }

    #[test]
    fn well_nested_tags_become_elements_and_the_rest_stays_text() {
        assert_eq!(
            xliff12("<g1>Marie</g1>’s <x2/> & <g3>cat"),
            "<g id=\"1\">Marie</g>’s <x id=\"2\"/> &amp; &lt;g3&gt;cat"
        );
        // Crossing pairs: the inner one is kept, the outer one is text.
        assert_eq!(
            xliff12("<g1>a<g2>b</g1>c</g2>"),
            "&lt;g1&gt;a<g id=\"2\">b&lt;/g1&gt;c</g>"
        );
        assert_eq!(xliff12("</g1>x<g1>"), "&lt;/g1&gt;x&lt;g1&gt;");
        assert_eq!(xliff12("<g12>a</g12><x>"), "<g id=\"12\">a</g>&lt;x&gt;");
    }

    #[test]
    fn tmx_codes_read_back_as_the_same_tags() {
        let mut out = String::new();
        write_with("<g1>OCS</g1><x2/>", &mut out, tmx_markup);
        assert_eq!(
            out,
            "<bpt i=\"1\">&lt;g1&gt;</bpt>OCS<ept i=\"1\">&lt;/g1&gt;</ept><ph x=\"2\">&lt;x2/&gt;</ph>"
        );
        assert_eq!(from_native_code("<g1>"), Some(Tag::Open(1)));
        assert_eq!(from_native_code("</g1>"), Some(Tag::Close(1)));
        assert_eq!(from_native_code("<x2/>"), Some(Tag::Standalone(2)));
        assert_eq!(from_native_code("<b>"), None);
        assert_eq!(from_native_code("<g1>x"), None);
    }
}
