//! Plain-text tables for the terminal, measured in display columns so Cyrillic and wide
//! characters line up. Every cell is shown through [`crate::display::visible`]: a line feed or an
//! escape sequence in a name cannot break a row or reach the terminal.

use crate::display::visible;
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Left-aligned columns separated by two spaces; the last column is not padded.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<Cow<'_, str>>> =
        rows.iter().map(|row| row.iter().map(|cell| visible(cell)).collect()).collect();
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < columns {
                text.push_str(&" ".repeat(widths[i].saturating_sub(cell.width())));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in &rows {
        line(&mut row.iter().map(|c| c.as_ref()));
    }
    out
}

/// Cuts `text` to at most `max` display columns, marking the cut with `…`.
pub fn fit(text: &str, max: usize) -> String {
    let text = visible(text);
    if text.width() <= max {
        return text.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_names_are_cut_by_display_width() {
        assert_eq!(super::fit("Наталія Бондар", 20), "Наталія Бондар");
        let cut = super::fit("ТОВ \"ЭлектроМаркет Днепр\" (контактное лицо)", 12);
        assert_eq!(unicode_width::UnicodeWidthStr::width(cut.as_str()), 12);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn a_cell_is_one_line_whatever_it_holds() {
        let out = super::render(&["id", "name"], &[vec!["A".into(), "x\ny\u{1b}[2J".into()]]);
        assert_eq!(out, "id  name\nA   x^Jy^[[2J\n");
        assert_eq!(super::fit("\u{1b}[2Jabc", 4), "^[[…");
    }

    #[test]
    fn cyrillic_cells_line_up_by_display_width() {
        let out = super::render(
            &["id", "customer", "total"],
            &[
                vec!["A".into(), "Олена Коваль".into(), "₴1".into()],
                vec!["B".into(), "Ivan".into(), "₴2".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        let col = |l: &str| unicode_width::UnicodeWidthStr::width(&l[..l.find('₴').unwrap()]);
        assert_eq!(col(lines[1]), col(lines[2]));
    }
}
