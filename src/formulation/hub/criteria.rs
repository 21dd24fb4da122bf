//! The criteria rows and objective terms of the hub model (`super::super::criteria`): every
//! membership variable (a slot's `open` for its host, `y` for the others) and every alone
//! choice decides one cell.

use super::Builder;
use crate::formulation::criteria::{self as crit, Cell};

impl Builder<'_> {
    /// `min_score[ID]` rows and the weighted objective's terms.
    pub(super) fn criteria(&mut self) {
        if self.s.criteria.is_empty() {
            return;
        }
        let cells = self.cells();
        self.objective.extend(crit::value_terms(self.s, &cells));
        for c in crit::with_min(self.s) {
            crit::min_row(&mut self.m, self.s, c, &cells, None);
        }
    }

    /// Each slot's membership variables, then each alone choice, as cells.
    fn cells(&self) -> Vec<Cell> {
        let mut out = Vec::new();
        for slot in &self.slots {
            let vars = std::iter::once(slot.open).chain(slot.others.iter().map(|&(_, y)| y));
            out.extend(vars.map(|var| Cell {
                var,
                domain: slot.domain,
                form: Some(slot.form),
                members: 1,
            }));
        }
        for row in &self.alone.var {
            for (domain, x) in row.iter().enumerate() {
                out.extend(x.map(|var| Cell {
                    var,
                    domain,
                    form: None,
                    members: 1,
                }));
            }
        }
        out
    }
}
