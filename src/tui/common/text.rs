//! Text measured as the terminal draws it: Cyrillic is one column a letter, CJK and emoji two,
//! combining marks none. Truncation ends in `…` and never splits a wide character. Text cut or
//! wrapped here is first made [`crate::display::visible`], the one escaping the command line uses:
//! a control character or bidi override from the data is shown, not obeyed or dropped unseen.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the text takes on screen.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The text cut to at most `max` columns, with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let text = crate::display::visible(text);
    if width(&text) <= max {
        return text.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The text cut or padded with spaces to exactly `cols` columns.
pub fn fit(text: &str, cols: usize) -> String {
    let mut out = truncate(text, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// The text broken into lines of at most `cols` columns at spaces; a word longer than a line
/// is cut.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let text = crate::display::visible(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && width(&line) + 1 + width(word) > cols {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| truncate(&l, cols)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_is_one_column_a_letter() {
        assert_eq!(width("Наталія Бондар"), 14);
        assert_eq!(truncate("Наталія Бондар", 8), "Наталія…");
        assert_eq!(width(&truncate("ТОВ \"ЭлектроМаркет Днепр\"", 10)), 10);
    }

    #[test]
    fn wide_characters_are_never_split() {
        assert_eq!(truncate("日本語テキスト", 6), "日本…");
        assert_eq!(width(&fit("日本語", 5)), 5);
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn escapes_from_the_data_are_shown_like_on_the_command_line() {
        assert_eq!(truncate("\u{1b}]0;pwned\u{7}", 20), "^[]0;pwned^G");
        assert_eq!(fit("a\u{202e}b", 11), "a<U+202E>b ");
        assert_eq!(wrap("x\u{1b}[2J y", 20), ["x^[[2J y"]);
    }

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        let lines = wrap("Команди (:) — cancel, claim, comment", 14);
        assert_eq!(lines, ["Команди (:) —", "cancel, claim,", "comment"]);
        assert!(lines.iter().all(|l| width(l) <= 14));
        assert_eq!(wrap("abcdefgh", 4), ["abc…"]);
    }
}
