//! A selection in a long list seen through a short viewport: where the cursor is and which row
//! is at the top. Movement is clamped; the viewport follows the cursor with a margin.

/// A cursor over `len` rows and the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListPos {
    pub selected: usize,
    pub top: usize,
}

impl ListPos {
    /// Moves by `delta` rows within `0..len`.
    pub fn step(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
    }

    pub fn to(&mut self, index: usize, len: usize) {
        self.selected = index.min(len.saturating_sub(1));
    }

    /// Scrolls so the cursor is visible in `height` rows.
    pub fn follow(&mut self, height: usize, len: usize) {
        let height = height.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
        self.top = self.top.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewport_follows_the_cursor() {
        let mut p = ListPos::default();
        p.step(15, 100);
        p.follow(10, 100);
        assert_eq!((p.selected, p.top), (15, 6));
        p.step(-1000, 100);
        p.follow(10, 100);
        assert_eq!((p.selected, p.top), (0, 0));
        p.to(500, 100);
        assert_eq!(p.selected, 99);
    }
}
