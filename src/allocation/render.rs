//! Terminal table of an allocation report.

use super::AllocationReport;
use crate::report::{eur, right, table};
use comfy_table::Cell;

impl AllocationReport {
    pub fn to_table(&self) -> String {
        let cost = self.kind == "cost";
        // `+ 0.0` turns -0.0 into 0.0.
        let money = |v: f64| {
            if cost {
                eur(v)
            } else {
                format!("{:.4}", v + 0.0)
            }
        };
        let (gain, blocked) = if cost {
            ("saves", "would pay")
        } else {
            ("gains", "would earn")
        };
        let mut out = format!(
            "Splitting {} ({} game, {} players; {} coalition values{})\n",
            money(self.total),
            self.kind,
            self.players.len(),
            self.coalitions_evaluated,
            if self.exact {
                ", exact"
            } else {
                ", not tabulated: sampled where needed"
            }
        );
        if self.scope == super::Scope::Cooperations {
            out.push_str(&self.cooperations_text(&money));
        } else {
            out.push_str(&self.whole_core_text(&money));
        }
        self.rest_of_table(out, &money, gain, blocked)
    }

    /// Per cooperation: who settles which bill, and whether it can be split stably.
    fn cooperations_text(&self, money: &dyn Fn(f64) -> String) -> String {
        let mut out = String::from(
            "Each cooperation of the plan settles its own bill among its members; a partner in no group pays its cost alone.\n",
        );
        if self.cooperations.is_empty() {
            out.push_str("The plan has no cooperation: every partner runs every domain alone and pays its cost alone.\n");
        }
        for c in &self.cooperations {
            let verdict = match (c.core_nonempty, c.least_core_epsilon) {
                (Some(true), _) => "a stable split exists (non-empty core)".to_string(),
                (Some(false), Some(e)) => format!(
                    "NO split is stable (empty core): some members would do better on their own; every subset would have to be conceded {} (least-core ε)",
                    money(e)
                ),
                _ => "stability not tested (too many members to tabulate its game)".to_string(),
            };
            out.push_str(&format!(
                "- {}: bill {} against {} alone ({} saved); {verdict}. Groups: {}\n",
                c.members.join(" + "),
                money(c.cost),
                money(c.standalone),
                money(c.standalone - c.cost),
                c.groups.join(", ")
            ));
        }
        out
    }

    fn whole_core_text(&self, money: &dyn Fn(f64) -> String) -> String {
        let mut out = String::new();
        if self.scope == super::Scope::Whole {
            out.push_str("The whole scenario as one game (an analysis: every partner is a player, also one in no group of the plan).\n");
        }
        match (self.core_nonempty, self.least_core_epsilon) {
            (Some(true), Some(e)) => out.push_str(&format!("The core is non-empty (least-core ε = {}): stable splits exist.\n", money(e))),
            (Some(false), Some(e)) => out.push_str(&format!(
                "The core is EMPTY: every split leaves some group better off alone; the least-core ε = {} is the smallest amount every coalition would have to be conceded.\n", money(e)
            )),
            _ => out.push_str("The core was not tested (too many players to tabulate the game).\n"),
        }
        out
    }

    fn rest_of_table(
        &self,
        mut out: String,
        money: &dyn Fn(f64) -> String,
        gain: &str,
        blocked: &str,
    ) -> String {
        if !self.fallback_coalitions.is_empty() {
            out.push_str(&format!(
                "{} coalition(s) have no feasible plan of their own and are valued as going alone, e.g. {}\n",
                self.fallback_coalitions.len(),
                self.fallback_coalitions[0].join("+")
            ));
        }
        let mut header = vec!["Player".to_string(), "Alone".to_string()];
        for s in &self.splits {
            header.push(s.method.clone());
        }
        let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
        let mut t = table(&header);
        for (i, p) in self.players.iter().enumerate() {
            let mut row = vec![Cell::new(p), right(money(self.standalone[i]))];
            for s in &self.splits {
                let cell = match (s.shares.get(i), &s.std_error) {
                    (Some(x), Some(se)) => format!("{} ± {}", money(*x), money(se[i])),
                    (Some(x), None) => format!("{} ({gain} {})", money(*x), money(s.savings[i])),
                    (None, _) => "-".into(),
                };
                row.push(right(cell));
            }
            t.add_row(row);
        }
        let mut core = vec![Cell::new("in the core?"), Cell::new("")];
        for s in &self.splits {
            core.push(right(match s.in_core {
                Some(true) => "yes".into(),
                Some(false) => format!("NO ({} blocking)", s.blocking_total),
                None => "not tested".into(),
            }));
        }
        t.add_row(core);
        out.push_str(&format!("{t}\n"));
        for s in &self.splits {
            if let Some(note) = &s.note {
                out.push_str(&format!("{}: {note}\n", s.method));
            }
            if let Some(m) = &s.most_violated
                && s.in_core == Some(false)
            {
                out.push_str(&format!(
                    "{}: blocked; {} {blocked} {} {} on its own (most violated of {} blocking coalitions{})\n",
                    s.method,
                    m.members.join("+"),
                    money(m.excess),
                    if self.kind == "cost" { "less" } else { "more" },
                    s.blocking_total,
                    if s.blocking.len() > 1 {
                        format!(
                            "; also {}",
                            s.blocking[1..].iter().take(5).map(|b| b.members.join("+")).collect::<Vec<_>>().join(", ")
                        )
                    } else {
                        String::new()
                    }
                ));
            }
        }
        out
    }
}
