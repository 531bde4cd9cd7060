//! Numbers as a French source writes them and as an English translation writes them, brought
//! to one form so they can be compared: `1 000,5` (spaces, NBSP or U+202F between groups,
//! decimal comma) and `1,000.5` are both `1000.5`; `10 h 30` and `10:30` are both `10:30`;
//! `1er`, `2e`, `1st`, `2nd` are `1`, `2`.

/// The numbers of a French text, normalised, in order.
pub fn french(text: &str) -> Vec<String> {
    scan(text, Style::French)
}

/// The numbers of an English text, normalised, in order.
pub fn english(text: &str) -> Vec<String> {
    scan(text, Style::English)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    French,
    English,
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

fn scan(text: &str, style: Style) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let digits_at = |i: usize, n: usize| {
        (0..n).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit))
            && !chars.get(i + n).is_some_and(char::is_ascii_digit)
    };
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let mut integer = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            integer.push(chars[i]);
            i += 1;
        }
        // Groups of three digits.
        loop {
            let separator = chars.get(i).copied();
            let is_group = match (style, separator) {
                (Style::French, Some(c)) => is_group_space(c) || c == '.',
                (Style::English, Some(c)) => c == ',',
                _ => false,
            };
            if is_group && digits_at(i + 1, 3) {
                integer.extend(&chars[i + 1..i + 4]);
                i += 4;
            } else {
                break;
            }
        }
        let mut number = integer.trim_start_matches('0').to_owned();
        if number.is_empty() {
            number.push('0');
        }
        let decimal_mark = if style == Style::French { ',' } else { '.' };
        if chars.get(i) == Some(&decimal_mark) && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            i += 1;
            let mut fraction = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                fraction.push(chars[i]);
                i += 1;
            }
            let fraction = fraction.trim_end_matches('0');
            if !fraction.is_empty() {
                number = format!("{number}.{fraction}");
            }
        } else if let Some(minutes) = time_minutes(&chars, i, style) {
            number = format!("{number}:{}", minutes.0);
            i = minutes.1;
        }
        i = skip_ordinal(&chars, i, style);
        numbers.push(number);
    }
    numbers
}

/// `h 30`, `h30` (French) or `:30` (English) after an hour: the minutes and where they end.
fn time_minutes(chars: &[char], at: usize, style: Style) -> Option<(String, usize)> {
    let mut i = at;
    match style {
        Style::French => {
            while chars.get(i).is_some_and(|c| is_group_space(*c)) {
                i += 1;
            }
            if chars.get(i) != Some(&'h') {
                return None;
            }
            i += 1;
            while chars.get(i).is_some_and(|c| is_group_space(*c)) {
                i += 1;
            }
        }
        Style::English => {
            if chars.get(i) != Some(&':') {
                return None;
            }
            i += 1;
        }
    }
    let two = chars.get(i..i + 2)?;
    if two.iter().all(char::is_ascii_digit) && !chars.get(i + 2).is_some_and(char::is_ascii_digit) {
        Some((two.iter().collect(), i + 2))
    } else {
        None
    }
}

/// Skips `er`, `re`, `e`, `ème` (French) or `st`, `nd`, `rd`, `th` (English) after a number.
fn skip_ordinal(chars: &[char], at: usize, style: Style) -> usize {
    let suffixes: &[&str] = match style {
        Style::French => &["ème", "er", "re", "e"],
        Style::English => &["st", "nd", "rd", "th"],
    };
    for suffix in suffixes {
        let length = suffix.chars().count();
        let matches = chars
            .get(at..at + length)
            .is_some_and(|s| s.iter().copied().eq(suffix.chars()));
        if matches && !chars.get(at + length).is_some_and(|c| c.is_alphanumeric()) {
            return at + length;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_spellings_meet() {
        assert_eq!(
            french("1 000,5 et 4,7\u{a0}milliards, 12\u{202f}345 ans"),
            ["1000.5", "4.7", "12345"]
        );
        assert_eq!(
            english("1,000.5 and 4.7 billion, 12,345 years"),
            ["1000.5", "4.7", "12345"]
        );
        assert_eq!(french("à 10 h 30, puis 9h05"), ["10:30", "9:05"]);
        assert_eq!(english("at 10:30, then 9:05"), ["10:30", "9:05"]);
        assert_eq!(
            french("le 1er mai, la 2e fois, en 2013, 2014"),
            ["1", "2", "2013", "2014"]
        );
        assert_eq!(
            english("on 1st May, the 2nd time, in 2013, 2014"),
            ["1", "2", "2013", "2014"]
        );
        assert!(
            french("G7 et COP27").is_empty(),
            "digits inside words are names"
        );
    }
}
