//! The staff-coupling rows both formulations write: each partner pays the staff its choices
//! need in house, lays no one off, and moves into its vehicles only the FTE they can take.

use crate::milp::{Milp, Sense};
use crate::scenario::Scenario;

/// The staff-coupling rows of partner p in year t, named alike in both formulations:
/// `need`: paid F ≥ Σ fte·x over `need` (the FTE each chosen option needs in house);
/// `no_layoff`: F + T ≥ E_p (1-a)^t; with transfers `(T, cap)`, `transfer`: T ≤ Σ w·x over
/// `cap` (the FTE p may move into its vehicles); with a retained organisation, `retained`:
/// F ≥ the FTE p keeps whatever it shares.
pub(crate) fn staff_rows(
    m: &mut Milp,
    s: &Scenario,
    p: usize,
    t: usize,
    paid: usize,
    need: Vec<(usize, f64)>,
    transfer: Option<(usize, Vec<(usize, f64)>)>,
) {
    let at = format!("{},{}", s.partners[p].id, s.base_year + t as i32);
    let mut row = Vec::with_capacity(need.len() + 1);
    row.push((paid, 1.0));
    row.extend(need.into_iter().map(|(x, fte)| (x, -fte)));
    m.add_row(format!("need[{at}]"), row, Sense::Ge, 0.0);
    let retained = s.partners[p].retained_fte;
    if retained > 0.0 {
        m.add_row(
            format!("retained[{at}]"),
            vec![(paid, 1.0)],
            Sense::Ge,
            retained,
        );
    }
    let mut floor = vec![(paid, 1.0)];
    if let Some((moved, cap)) = transfer {
        floor.push((moved, 1.0));
        let mut row = Vec::with_capacity(cap.len() + 1);
        row.push((moved, 1.0));
        row.extend(cap.into_iter().map(|(x, w)| (x, -w)));
        m.add_row(format!("transfer[{at}]"), row, Sense::Le, 0.0);
    }
    m.add_row(
        format!("no_layoff[{at}]"),
        floor,
        Sense::Ge,
        s.remaining_staff(p, t),
    );
}
