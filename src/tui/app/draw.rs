//! Drawing the desk from the app's state: the frame, the panes in the layout of the moment,
//! the form and the overlays, and the footer of keys that work right now.

use super::App;
use crate::tui::action::{Action, Hint};
use crate::tui::chrome::{self, HeaderFacts};
use crate::tui::common::modal::{Confirm, frame_box};
use crate::tui::layout::{Body, PaneId, Screen};
use crate::tui::panes::checklist;
use crate::tui::panes::form::Form;
use crate::tui::panes::help::Help;
use crate::tui::panes::palette::Palette;
use crate::tui::panes::queue::QueuePane;
use crate::tui::panes::review::ReviewPane;
use crate::tui::panes::why::Why;
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
            typing: self.confirm.is_none()
                && (self.form.is_some() || self.queue.is_editing() || self.palette.is_some()),
        }
    }

    /// The keys the footer offers in the current context: the overlay's own list, else the
    /// desk's.
    fn footer_items(&self) -> Vec<Hint> {
        use Action as A;
        let own: Option<&[Hint]> = if self.confirm.is_some() {
            Some(Confirm::<super::Pending>::HINTS)
        } else if self.help.is_some() {
            Some(Help::HINTS)
        } else if self.why.is_some() {
            Some(Why::HINTS)
        } else if self.palette.is_some() {
            Some(Palette::HINTS)
        } else if let Some(review) = &self.review {
            Some(if review.ask.is_some() { ReviewPane::ASK_HINTS } else { ReviewPane::HINTS })
        } else if self.form.is_some() {
            Some(Form::HINTS)
        } else if self.queue.is_editing() {
            Some(QueuePane::FILTER_HINTS)
        } else {
            None
        };
        if let Some(own) = own {
            return own.to_vec();
        }
        // Most important first: what fits of these is shown.
        let mut items = vec![(A::Help, "footer.help"), (A::Quit, "footer.quit")];
        match self.focus {
            PaneId::Queue => items.extend([(A::Open, "footer.open"), (A::Filter, "footer.filter")]),
            _ => items.extend([(A::Back, "footer.back"), (A::Down, "footer.scroll")]),
        }
        if self.queue.tab == super::QueueTab::Handoffs {
            items.insert(2, (A::TakeHandoff, "footer.take_handoff"));
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
        };
        chrome::header(frame, screen.header, &ui, &facts);
        let has_order = self.customer.view.is_some();
        let draw_pane = |frame: &mut Frame<'_>, pane: PaneId, area: Rect| {
            let focused = pane == self.focus;
            match pane {
                PaneId::Queue => self.queue.draw(frame, area, focused, &ui),
                PaneId::Customer => self.customer.draw(frame, area, focused, &ui, &self.actor.login),
                PaneId::Script => self.script.draw(frame, area, focused, &ui, has_order),
                PaneId::Checklist => checklist::draw(frame, area, focused, &ui, self.form.as_ref()),
            }
        };
        match screen.body {
            Body::Wide(areas) => {
                for pane in PaneId::ALL {
                    draw_pane(frame, pane, areas[pane.index()]);
                }
            }
            Body::Narrow { tabs, pane } => {
                let (line, _) = chrome::pane_tabs(&ui, self.focus, self.form.is_some());
                frame.render_widget(ratatui::widgets::Paragraph::new(line), tabs);
                draw_pane(frame, self.focus, pane);
            }
            Body::TooSmall => {}
        }
        if let Some(form) = &self.form {
            let area = screen.form_area();
            let inner = frame_box(frame, area, &form.title(&ui), &ui);
            // On a narrow screen the checklist shares the box: the fields scroll within what
            // leaves it room for its bottom line and the first unmet checks.
            let room = if screen.is_wide() {
                inner.height
            } else {
                inner.height.saturating_sub(8).max(inner.height / 2)
            };
            let fields = Rect { height: form.height().min(room), ..inner };
            form.draw(frame, fields, &ui);
            if !screen.is_wide() {
                // No checklist pane beside the form: show the verdict under it.
                let rest = inner.height.saturating_sub(fields.height + 1);
                let below = Rect { y: fields.y + fields.height + 1, height: rest, ..inner };
                checklist::draw_inside(frame, below, &ui, Some(form));
            }
        }
        if let Some(review) = &self.review {
            review.draw(frame, screen.body_area, &ui, screen.is_wide());
        }
        chrome::status_line(frame, screen.status, &ui, self.status.as_ref());
        chrome::footer(frame, screen.footer, &ui, &self.footer_items());
        if let Some(p) = &self.palette {
            p.draw(frame, screen.body_area, &ui);
        }
        if let Some(h) = &self.help {
            h.draw(frame, screen.body_area, &ui);
        }
        if let Some(w) = &self.why {
            w.draw(frame, screen.body_area, &ui);
        }
        if let Some(c) = &self.confirm {
            c.draw(frame, screen.body_area, &ui);
        }
    }
}
