//! How the desk words things for people: times ("23h" old, "due in 3h", "2d late") and text from
//! outside made safe for a terminal. Shared by the command line and the workstation so both say
//! the same thing.
//!
//! # Text from outside
//!
//! A customer's name, a feed's comment or an operator's note may hold characters a terminal
//! obeys instead of showing: C0 controls (ESC starts the sequences that clear the screen, retitle
//! the window or write the clipboard), DEL, C1 controls (U+009B is a one-byte CSI), and the
//! invisible characters that reorder or hide text (bidi embeddings, overrides, isolates and
//! marks; line and paragraph separators). [`visible`] shows each of them escaped, the way `less`
//! and `cat -v` do:
//!
//! | character | shown as |
//! |-----------|----------|
//! | C0 control U+0000–U+001F | caret notation: ESC `^[`, BEL `^G`, CR `^M`, LF `^J`, TAB `^I` |
//! | DEL U+007F | `^?` |
//! | C1 control U+0080–U+009F, bidi and other invisible format characters | `<U+202E>` |
//!
//! [`visible_lines`] is the same but keeps line feeds, for text laid out in lines.
//! JSON output keeps the data exact: [`json_safe`].

use chrono::{DateTime, Duration, Utc};
use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is (see the module header).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Arabic letter mark, left-to-right and right-to-left marks.
            '\u{061C}' | '\u{200E}' | '\u{200F}'
            // Line and paragraph separators: some terminals break the line there.
            | '\u{2028}' | '\u{2029}'
            // Embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
            | '\u{202A}'..='\u{202E}'
            // Isolates (LRI, RLI, FSI, PDI) and the deprecated shaping controls.
            | '\u{2066}'..='\u{206F}'
            // Interlinear annotation marks.
            | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `text` with every character [`is_unsafe`] shown escaped, line feeds and tabs included: one
/// line, safe for any terminal. Borrowed when there is nothing to escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Like [`visible`], but line feeds stay: for text laid out in lines.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// serde_json's output with every remaining unsafe character escaped as `\uXXXX`. Outside
/// strings JSON has only ASCII punctuation and whitespace, so each one found is inside a string,
/// where the escape means the same character.
pub fn json_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        // serde_json escapes C0 already; the line feeds here are its own layout.
        if is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && c == '\n';
    if !text.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) || kept(c) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            out.push('^');
            out.push(char::from(b'@' + c as u8));
        } else if c == '\u{7f}' {
            out.push_str("^?");
        } else {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    Cow::Owned(out)
}

/// The unit a person would read a span in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanUnit {
    Minutes,
    Hours,
    Days,
}

/// A span as a count of the unit a person would pick: minutes under an hour, hours under two
/// days, days beyond. The one place this choice is made, for the CLI and the workstation.
pub fn span_parts(d: Duration) -> (i64, SpanUnit) {
    let minutes = d.num_minutes().abs();
    if minutes < 60 {
        (minutes, SpanUnit::Minutes)
    } else if minutes < 48 * 60 {
        (minutes / 60, SpanUnit::Hours)
    } else {
        (minutes / (24 * 60), SpanUnit::Days)
    }
}

/// A compact age or span: `45m`, `23h`, `6d`.
pub fn span(d: Duration) -> String {
    let (n, unit) = span_parts(d);
    let suffix = match unit {
        SpanUnit::Minutes => "m",
        SpanUnit::Hours => "h",
        SpanUnit::Days => "d",
    };
    format!("{n}{suffix}")
}

/// A deadline relative to now: `in 3h`, or `2d late` once passed.
pub fn countdown(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if due > now { format!("in {}", span(due - now)) } else { format!("{} late", span(now - due)) }
}

/// A moment as a person at the desk reads it, in the shop's zone: `11-23 18:00`.
pub fn moment<Tz: chrono::TimeZone>(t: &DateTime<Tz>, zone: chrono_tz::Tz) -> String {
    t.with_timezone(&zone).format("%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_pick_the_unit_a_person_would() {
        assert_eq!(span(Duration::minutes(45)), "45m");
        assert_eq!(span(Duration::hours(23)), "23h");
        assert_eq!(span(Duration::hours(47)), "47h");
        assert_eq!(span(Duration::days(6)), "6d");
    }

    #[test]
    fn terminal_escapes_are_shown_not_obeyed() {
        let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
        assert_eq!(visible(hostile), "^[]0;pwned^G^[[2J");
        assert_eq!(visible("a\u{7f}b\u{9b}c"), "a^?b<U+009B>c");
        assert_eq!(visible("evil\u{202e}gpj.exe\u{2066}"), "evil<U+202E>gpj.exe<U+2066>");
        assert_eq!(visible("two\nlines\r\tx"), "two^Jlines^M^Ix");
        assert_eq!(visible_lines("two\nlines\r\tx"), "two\nlines^M^Ix");
        assert!(matches!(visible("Олена Коваль 👩‍💻"), Cow::Borrowed(_)), "plain text is not copied");
    }

    #[test]
    fn a_passed_deadline_reads_late() {
        let now = Utc::now();
        assert_eq!(countdown(now + Duration::hours(3), now), "in 3h");
        assert_eq!(countdown(now - Duration::days(2), now), "2d late");
    }
}
