//! The `:` command palette: `:cancel`, `:confirm`, `:tab late`, `:lang uk`, `:quit`… with
//! completion (Tab completes, arrows pick) and a plain message for anything it does not know.

use crate::domain::{ActionKind, Language, Vocabulary};
use crate::tui::action::{Action, Hint};
use crate::tui::common::modal::frame_box;
use crate::tui::common::textarea::LineInput;
use crate::tui::keymap::Key;
use crate::tui::layout::PaneId;
use crate::tui::panes::queue::QueueTab;
use crate::tui::panes::review::Period;
use crate::tui::ui::Ui;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A command the palette runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    Refresh,
    Tab(QueueTab),
    Pane(PaneId),
    Lang(Language),
    /// The language of the scripts for this call; `None` = the customer's own.
    CallLang(Option<Language>),
    Act(ActionKind),
    /// The duty operator takes the selected order's handoff.
    TakeHandoff,
    Filter(String),
    /// The supervisor's day review: today, yesterday, a day or a range.
    Review(Period),
    /// `shift start`: the operator's shift begins.
    ShiftStart,
    /// `shift end`: the orders that need a handoff, written one after another, then the end.
    ShiftEnd,
    /// The operator's own ledger lines and balance, and the handoffs they wrote.
    Ledger,
}

/// The actions on the selected order the palette opens a form for, spelled as `opdesk act`
/// spells them. The back office's decisions on a record (a site error, an escalation) are
/// taken on the record by its id, with their own commands, not here.
pub const ACT_COMMANDS: &[ActionKind] = &[
    ActionKind::Appeal,
    ActionKind::Callback,
    ActionKind::Cancel,
    ActionKind::Claim,
    ActionKind::Comment,
    ActionKind::Complaint,
    ActionKind::Confirm,
    ActionKind::Contact,
    ActionKind::Deliver,
    ActionKind::Edit,
    ActionKind::Escalate,
    ActionKind::Handoff,
    ActionKind::Keep,
    ActionKind::NoAnswer,
    ActionKind::Pay,
    ActionKind::Question,
    ActionKind::Receive,
    ActionKind::Reserve,
    ActionKind::ResolveAppeal,
    ActionKind::Ship,
    ActionKind::SiteError,
    ActionKind::Track,
    ActionKind::Transfer,
    ActionKind::Wish,
];

/// The commands that are not actions, and their arguments, as typed.
const COMMANDS: &[(&str, &[&str])] = &[
    ("call", &["auto", "en", "uk", "ru"]),
    ("filter", &[]),
    ("help", &[]),
    ("lang", &["en", "uk", "ru"]),
    ("ledger", &[]),
    ("pane", &["queue", "customer", "script", "checklist"]),
    ("quit", &[]),
    ("refresh", &[]),
    ("review", &["today", "yesterday"]),
    ("shift", &["start", "end"]),
    ("tab", &["mine", "new", "all", "late", "handoffs"]),
    ("take-handoff", &[]),
];

/// Every command with its arguments, in alphabetical order: the actions and the rest.
fn commands() -> Vec<(&'static str, &'static [&'static str])> {
    let mut all: Vec<(&str, &[&str])> = COMMANDS.to_vec();
    all.extend(ACT_COMMANDS.iter().map(|k| (k.as_str(), &[][..])));
    all.sort_by_key(|(c, _)| *c);
    all
}

/// What the root must do after a key in the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteMsg {
    None,
    Close,
    Run(Command),
    /// Not a command; the message says what is.
    Unknown(String),
}

/// The palette's state.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    input: LineInput,
    /// Action commands the rules refuse for the selected order as things stand, with why
    /// (`cancel` → the rule and its first unmet check); shown greyed beside the command.
    pub refused: std::collections::BTreeMap<String, String>,
    /// The highlighted candidate, if the operator moved to one.
    chosen: Option<usize>,
}

/// Parses a complete command line.
pub fn parse(line: &str) -> Option<Command> {
    let line = line.trim().trim_start_matches(':');
    let (word, arg) = line.split_once(' ').map(|(w, a)| (w, a.trim())).unwrap_or((line, ""));
    Some(match (word, arg) {
        ("quit" | "q", "") => Command::Quit,
        ("take-handoff", "") => Command::TakeHandoff,
        ("help", "") => Command::Help,
        ("refresh", "") => Command::Refresh,
        ("tab", t) => Command::Tab(QueueTab::from_name(t)?),
        ("pane", p) => Command::Pane(PaneId::ALL.into_iter().find(|x| x.name() == p)?),
        ("lang", l) => Command::Lang(Language::parse(l).ok()?),
        ("call", "auto") => Command::CallLang(None),
        ("call", l) => Command::CallLang(Some(Language::parse(l).ok()?)),
        ("filter", text) => Command::Filter(text.to_owned()),
        ("review", period) => Command::Review(Period::parse(period)?),
        ("shift", "start") => Command::ShiftStart,
        ("shift", "end") => Command::ShiftEnd,
        ("ledger" | "handoffs", "") => Command::Ledger,
        (word, "") => Command::Act(ACT_COMMANDS.iter().copied().find(|k| k.as_str() == word)?),
        _ => return None,
    })
}

/// The completions of what is typed so far.
pub fn candidates(line: &str) -> Vec<String> {
    let line = line.trim_start();
    match line.split_once(' ') {
        None => commands()
            .into_iter()
            .filter(|(c, _)| c.starts_with(line))
            .map(|(c, args)| if args.is_empty() { c.to_owned() } else { format!("{c} ") })
            .collect(),
        Some((word, arg)) => commands()
            .into_iter()
            .filter(|(c, _)| *c == word)
            .flat_map(|(c, args)| {
                args.iter().filter(|a| a.starts_with(arg.trim())).map(move |a| format!("{c} {a}"))
            })
            .collect(),
    }
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else { return String::new() };
    let mut end = first.len();
    for item in items {
        end = end.min(
            first
                .char_indices()
                .zip(item.chars())
                .take_while(|((_, a), b)| a == b)
                .map(|((i, a), _)| i + a.len_utf8())
                .last()
                .unwrap_or(0),
        );
    }
    first[..end].to_owned()
}

impl Palette {
    pub fn text(&self) -> String {
        self.input.text()
    }

    /// The footer while the palette is in front.
    pub const HINTS: &'static [Hint] = &[
        (Action::Open, "footer.run"),
        (Action::NextPane, "footer.complete"),
        (Action::Down, "footer.pick"),
        (Action::Back, "footer.close"),
    ];

    pub fn key(&mut self, key: KeyEvent, action: Option<Action>) -> PaletteMsg {
        let list = candidates(&self.input.text());
        if !Key::is_text(&key) {
            match action {
                Some(Action::Back) => return PaletteMsg::Close,
                Some(Action::NextPane) => {
                    let completed = match self.chosen.and_then(|i| list.get(i)) {
                        Some(c) => c.clone(),
                        None if list.len() == 1 => list[0].clone(),
                        None => common_prefix(&list),
                    };
                    if completed.len() > self.input.text().len() || self.chosen.is_some() {
                        self.input.set_text(&completed);
                        self.chosen = None;
                    }
                    return PaletteMsg::None;
                }
                Some(Action::Down) if !list.is_empty() => {
                    self.chosen = Some(self.chosen.map_or(0, |i| (i + 1) % list.len()));
                    return PaletteMsg::None;
                }
                Some(Action::Up) if !list.is_empty() => {
                    self.chosen =
                        Some(self.chosen.map_or(list.len() - 1, |i| (i + list.len() - 1) % list.len()));
                    return PaletteMsg::None;
                }
                Some(Action::Open) => {
                    let line = match self.chosen.and_then(|i| list.get(i)) {
                        Some(c) => c.clone(),
                        None => self.input.text(),
                    };
                    if line.trim().is_empty() {
                        return PaletteMsg::Close;
                    }
                    return match parse(&line) {
                        Some(cmd) => PaletteMsg::Run(cmd),
                        None => PaletteMsg::Unknown(line.trim().to_owned()),
                    };
                }
                _ => {}
            }
        }
        if self.input.input(key) {
            self.chosen = None;
        }
        PaletteMsg::None
    }

    /// Draws the palette at the bottom of `area`, its candidates above the input.
    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, ui: &Ui<'_>) {
        let list = candidates(&self.input.text());
        let shown = list.len().min(8) as u16;
        let height = (shown + 3).min(area.height);
        let popup = Rect { y: area.y + area.height - height, height, ..area };
        let title = ui.t.t("palette.title").to_owned();
        let inner = frame_box(frame, popup, &title, ui);
        let mut lines: Vec<Line<'_>> = list
            .iter()
            .take(8)
            .enumerate()
            .map(|(i, c)| {
                let word = c.split_whitespace().next().unwrap_or_default();
                let refusal = self.refused.get(word);
                let style = if Some(i) == self.chosen {
                    ui.theme.selection
                } else if refusal.is_some() {
                    ui.theme.muted
                } else {
                    ratatui::style::Style::new()
                };
                match refusal {
                    Some(why) => Line::from(vec![
                        Span::styled(format!("  {c}"), style),
                        Span::styled(format!(" — {why}"), ui.theme.muted),
                    ]),
                    None => Line::from(Span::styled(format!("  {c}"), style)),
                }
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(ui.t.t("palette.nothing").to_owned(), ui.theme.refused));
        }
        let list_area = Rect { height: inner.height.saturating_sub(1), ..inner };
        frame.render_widget(Paragraph::new(lines), list_area);
        let line = Rect { y: inner.y + inner.height.saturating_sub(1), height: 1, ..inner };
        frame.render_widget(Paragraph::new(Span::styled(":", ui.theme.accent)), line);
        self.input.draw(frame, Rect { x: line.x + 1, width: line.width.saturating_sub(1), ..line }, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_and_complete() {
        assert_eq!(parse("tab late"), Some(Command::Tab(QueueTab::Late)));
        assert_eq!(parse(":lang uk"), Some(Command::Lang(Language::Uk)));
        assert_eq!(parse("call ru"), Some(Command::CallLang(Some(Language::Ru))));
        assert_eq!(parse("call auto"), Some(Command::CallLang(None)));
        assert_eq!(parse("cancel"), Some(Command::Act(ActionKind::Cancel)));
        assert_eq!(parse("tab nowhere"), None);
        assert_eq!(parse("review"), Some(Command::Review(Period::Today)));
        assert_eq!(parse("review yesterday"), Some(Command::Review(Period::Yesterday)));
        assert_eq!(parse("review 23.11"), None);
        assert_eq!(
            candidates("c"),
            ["call ", "callback", "cancel", "claim", "comment", "complaint", "confirm", "contact"]
        );
        assert_eq!(candidates("rev"), ["review "]);
        assert_eq!(candidates("la"), ["lang "]);
        assert_eq!(parse(":edit"), Some(Command::Act(ActionKind::Edit)));
        assert_eq!(parse("ship"), Some(Command::Act(ActionKind::Ship)));
        assert_eq!(parse("track"), Some(Command::Act(ActionKind::Track)));
        assert_eq!(candidates("t"), ["tab ", "take-handoff", "track", "transfer"]);
        assert_eq!(parse("reserve"), Some(Command::Act(ActionKind::Reserve)));
        assert_eq!(candidates("re"), ["receive", "refresh", "reserve", "resolve-appeal", "review "]);
        assert_eq!(parse("shift end"), Some(Command::ShiftEnd));
        assert_eq!(parse("shift"), None);
        assert_eq!(parse("ledger"), Some(Command::Ledger));
        assert_eq!(parse("confirm-site-error"), None);
        for kind in ACT_COMMANDS {
            assert_eq!(parse(kind.as_str()), Some(Command::Act(*kind)), "{kind}");
        }
        assert_eq!(candidates("lang u"), ["lang uk"]);
        assert_eq!(common_prefix(&candidates("co")), "co");
        assert_eq!(common_prefix(&candidates("conf")), "confirm");
        assert_eq!(common_prefix(&candidates("con")), "con");
    }
}
