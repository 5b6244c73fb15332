//! Drawing the desk from the app's state: the frame, the panes in the layout of the moment,
//! the form and the overlays layer by layer from the bottom up, and the footer of the keys
//! that work in the layer in front.

use super::App;
use super::front::{Base, Front};
use crate::tui::action::{Action, Hint};
use crate::tui::chrome::{self, HeaderFacts};
use crate::tui::common::modal::frame_box;
use crate::tui::layout::{Body, PaneId, Screen};
use crate::tui::panes::checklist;
use crate::tui::panes::form::Form;
use crate::tui::ui::Ui;
use ratatui::Frame;
use ratatui::layout::Rect;

impl App {
    // ----- drawing -----

    pub(super) fn ui(&self) -> Ui<'_> {
        Ui {
            t: &self.s.i18n,
            theme: &self.s.theme,
            keys: &self.s.keymap,
            now: self.desk.now(),
            currency: self.desk.shop().shop.currency,
            typing: self.front().takes_text(),
        }
    }

    /// The keys the footer offers: those of the layer in front.
    pub fn footer_items(&self) -> Vec<Hint> {
        match self.front().hints() {
            Some(hints) => hints.to_vec(),
            None => self.desk_hints(),
        }
    }

    /// The desk's own keys, for the pane in focus and the tab shown.
    fn desk_hints(&self) -> Vec<Hint> {
        use Action as A;
        // Most important first: what fits of these is shown.
        let mut items = vec![(A::Help, "footer.help"), (A::Quit, "footer.quit")];
        match self.focus {
            PaneId::Queue => items.extend([(A::Open, "footer.open"), (A::Filter, "footer.filter")]),
            _ => items.extend([(A::Back, "footer.back"), (A::Down, "footer.scroll")]),
        }
        if self.queue.tab == super::QueueTab::Handoffs {
            items.insert(2, (A::TakeHandoff, "footer.take_handoff"));
        }
        // A second script for this situation is one key away, and the footer says which: first
        // in the script pane, after the desk's own keys elsewhere.
        let next_script = (A::NextScript, "footer.next_script");
        let scripts = self.script.scripts.len() > 1;
        if scripts && self.focus == PaneId::Script {
            items.insert(2, next_script);
        }
        items.extend([
            (A::Confirm, "footer.confirm"),
            (A::Cancel, "footer.cancel"),
            (A::Claim, "footer.claim"),
            (A::Palette, "footer.command"),
            (A::Why, "footer.why"),
            (A::NextPane, "footer.panes"),
            (A::NextTab, "footer.tabs"),
            (A::Review, "footer.review"),
        ]);
        if scripts && self.focus != PaneId::Script {
            items.push(next_script);
        }
        items
    }

    pub fn draw(&self, frame: &mut Frame<'_>) {
        let ui = self.ui();
        let screen = Screen::of(frame.area());
        if matches!(screen.body, Body::TooSmall) {
            chrome::too_small(frame, frame.area(), &ui);
            return;
        }
        let facts = HeaderFacts {
            shop: &self.desk.shop().shop.name,
            actor: &self.actor,
            tz: self.s.tz,
            new: self.queue.counts[1],
            late: self.queue.counts[3],
            alerts: &self.alerts,
        };
        chrome::header(frame, screen.header, &ui, &facts);
        // From the bottom up: the layer in front is drawn last, over the others.
        for layer in self.layers() {
            match layer {
                Front::Desk | Front::Filter => self.draw_desk(frame, &screen, &ui),
                Front::Form | Front::Review | Front::Decision | Front::Shift | Front::Ledger => {
                    match &self.base {
                        Base::Desk => {}
                        Base::Shift(shift) => shift.draw(frame, screen.body_area, &ui),
                        Base::Ledger(ledger) => ledger.draw(frame, screen.body_area, &ui),
                        Base::Form(form) => self.draw_form(frame, &screen, &ui, form),
                        Base::Review(review) => review.draw(frame, screen.body_area, &ui, screen.is_wide()),
                    }
                }
                Front::Help | Front::Why | Front::Palette | Front::Confirm => {
                    if let Some(popup) = &self.popup {
                        popup.draw(frame, screen.body_area, &ui);
                    }
                }
            }
        }
        chrome::status_line(frame, screen.status, &ui, self.status.as_ref());
        chrome::footer(frame, screen.footer, &ui, &self.footer_items());
    }

    /// The four panes in the layout of the moment.
    fn draw_desk(&self, frame: &mut Frame<'_>, screen: &Screen, ui: &Ui<'_>) {
        let has_order = self.customer.view.is_some();
        let draw_pane = |frame: &mut Frame<'_>, pane: PaneId, area: Rect| {
            let focused = pane == self.focus;
            match pane {
                PaneId::Queue => self.queue.draw(frame, area, focused, ui),
                PaneId::Customer => self.customer.draw(frame, area, focused, ui, &self.actor.login),
                PaneId::Script => self.script.draw(frame, area, focused, ui, has_order),
                PaneId::Checklist => checklist::draw(frame, area, focused, ui, self.base.form()),
            }
        };
        match screen.body {
            Body::Wide(areas) => {
                for pane in PaneId::ALL {
                    draw_pane(frame, pane, areas[pane.index()]);
                }
            }
            Body::Narrow { tabs, pane } => {
                let (line, _) = chrome::pane_tabs(ui, self.focus, self.base.form().is_some());
                frame.render_widget(ratatui::widgets::Paragraph::new(line), tabs);
                draw_pane(frame, self.focus, pane);
            }
            Body::TooSmall => {}
        }
    }

    /// The form in its box; on a narrow screen with the checklist under it.
    fn draw_form(&self, frame: &mut Frame<'_>, screen: &Screen, ui: &Ui<'_>, form: &Form) {
        let area = screen.form_area();
        let inner = frame_box(frame, area, &form.title(ui), ui);
        // On a narrow screen the checklist shares the box: the fields scroll within what
        // leaves it room for its bottom line and the first unmet checks.
        let room = if screen.is_wide() {
            inner.height
        } else {
            inner.height.saturating_sub(8).max(inner.height / 2)
        };
        let fields = Rect { height: form.height().min(room), ..inner };
        form.draw(frame, fields, ui);
        if !screen.is_wide() {
            // No checklist pane beside the form: show the verdict under it.
            let rest = inner.height.saturating_sub(fields.height + 1);
            let below = Rect { y: fields.y + fields.height + 1, height: rest, ..inner };
            checklist::draw_inside(frame, below, ui, Some(form));
        }
    }
}
