//! Terminal tables (and the core search's CSV rows) of the fair split and the core requirement.

use crate::analysis::allocation::stable::{Cooperation, CoreSearch, Exclusion, Leaver};
use crate::analysis::allocation::{AllocationReport, Blocking, CooperationSplit, Split};
use crate::report::table::table_of;
use crate::report::{eur, right, table};
use comfy_table::Cell;

impl AllocationReport {
    /// Terminal tables: the players' standalone costs, each split, the cooperations and the core.
    pub fn to_table(&self) -> String {
        let cost = self.kind == "cost";
        let money = |v: f64| money_text(cost, v);
        let (gain, blocked) = verbs(cost);
        let mut out = self.opening_line(&money);
        out.push_str(&self.scope_text(&money));
        self.rest_of_table(out, &money, gain, blocked)
    }

    /// The cooperations' bills, or the whole game's core.
    fn scope_text(&self, money: &dyn Fn(f64) -> String) -> String {
        if self.scope == crate::analysis::allocation::Scope::Cooperations {
            self.cooperations_text(money)
        } else {
            self.whole_core_text(money)
        }
    }

    /// What is split, in which game, and how many coalition values it took.
    fn opening_line(&self, money: &dyn Fn(f64) -> String) -> String {
        format!(
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
        )
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
            out.push_str(&cooperation_line(c, money));
        }
        out
    }

    fn whole_core_text(&self, money: &dyn Fn(f64) -> String) -> String {
        let mut out = String::new();
        if self.scope == crate::analysis::allocation::Scope::Whole {
            out.push_str("The whole scenario as one game (an analysis: every partner is a player, also one in no group of the plan).\n");
        }
        out.push_str(&self.core_text(money));
        out
    }

    /// Whether the core is empty, with the least-core ε, or that it was not tested.
    fn core_text(&self, money: &dyn Fn(f64) -> String) -> String {
        match (self.core_nonempty, self.least_core_epsilon) {
            (Some(true), Some(e)) => nonempty_core(&money(e)),
            (Some(false), Some(e)) => empty_core(&money(e)),
            _ => "The core was not tested (too many players to tabulate the game).\n".to_string(),
        }
    }

    fn rest_of_table(
        &self,
        mut out: String,
        money: &dyn Fn(f64) -> String,
        gain: &str,
        blocked: &str,
    ) -> String {
        out.push_str(&self.fallback_note());
        out.push_str(&self.retried_note());
        out.push_str(&format!("{}\n", self.splits_table(money, gain)));
        for s in &self.splits {
            out.push_str(&self.split_notes(s, money, blocked));
        }
        out
    }

    /// The split's note, and the coalition that blocks it most when it is not in the core.
    fn split_notes(&self, s: &Split, money: &dyn Fn(f64) -> String, blocked: &str) -> String {
        let mut out = String::new();
        if let Some(note) = &s.note {
            out.push_str(&format!("{}: {note}\n", s.method));
        }
        if let Some(m) = &s.most_violated
            && s.in_core == Some(false)
        {
            out.push_str(&self.blocked_line(s, m, money, blocked));
        }
        out
    }

    fn fallback_note(&self) -> String {
        if self.fallback_coalitions.is_empty() {
            return String::new();
        }
        format!(
            "{} coalition(s) have no feasible plan of their own and are valued as going alone, e.g. {}\n",
            self.fallback_coalitions.len(),
            self.fallback_coalitions[0].join("+")
        )
    }

    /// The coalitions whose solve failed numerically first: values as exact, but said.
    fn retried_note(&self) -> String {
        let Some(first) = self.retried_coalitions.first() else {
            return String::new();
        };
        format!(
            "{} coalition value(s) needed a second attempt of the solver, e.g. {}: {}\n",
            self.retried_coalitions.len(),
            first.members.join("+"),
            first.how
        )
    }

    /// One row per player, one column per split, and whether each split is in the core.
    fn splits_table(&self, money: &dyn Fn(f64) -> String, gain: &str) -> comfy_table::Table {
        let mut header = vec!["Player".to_string(), "Alone".to_string()];
        for s in &self.splits {
            header.push(s.method.clone());
        }
        let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
        let mut t = table(&header);
        for (i, p) in self.players.iter().enumerate() {
            t.add_row(self.player_row(i, p, money, gain));
        }
        let mut core = vec![Cell::new("in the core?"), Cell::new("")];
        core.extend(self.splits.iter().map(|s| right(in_core_cell(s))));
        t.add_row(core);
        t
    }

    /// Player `i`'s cost alone and its share under each split.
    fn player_row(
        &self,
        i: usize,
        p: &str,
        money: &dyn Fn(f64) -> String,
        gain: &str,
    ) -> Vec<Cell> {
        let shares = self
            .splits
            .iter()
            .map(|s| right(share_cell(s, i, money, gain)));
        let alone = [Cell::new(p), right(money(self.standalone[i]))];
        alone.into_iter().chain(shares).collect()
    }

    /// The coalition that blocks split `s` most, and the next few.
    fn blocked_line(
        &self,
        s: &Split,
        m: &Blocking,
        money: &dyn Fn(f64) -> String,
        blocked: &str,
    ) -> String {
        format!(
            "{}: blocked; {} {blocked} {} {} on its own (most violated of {} blocking coalitions{})\n",
            s.method,
            m.members.join("+"),
            money(m.excess),
            if self.kind == "cost" { "less" } else { "more" },
            s.blocking_total,
            also_blocking(s)
        )
    }
}

fn nonempty_core(epsilon: &str) -> String {
    format!("The core is non-empty (least-core ε = {epsilon}): stable splits exist.\n")
}

fn empty_core(epsilon: &str) -> String {
    format!(
        "The core is EMPTY: every split leaves some group better off alone; the least-core ε = {epsilon} is the smallest amount every coalition would have to be conceded.\n"
    )
}

/// Euro in a cost game, else the value with four decimals.
fn money_text(cost: bool, v: f64) -> String {
    if cost {
        eur(v)
    } else {
        // `+ 0.0` turns -0.0 into 0.0.
        format!("{:.4}", v + 0.0)
    }
}

/// What a player does against going alone, and what a blocking coalition would do alone.
fn verbs(cost: bool) -> (&'static str, &'static str) {
    if cost {
        ("saves", "would pay")
    } else {
        ("gains", "would earn")
    }
}

/// A cooperation's bill against its members' costs alone, and whether it splits stably.
fn cooperation_line(c: &CooperationSplit, money: &dyn Fn(f64) -> String) -> String {
    format!(
        "- {}: bill {} against {} alone ({} saved); {}. Groups: {}\n",
        c.members.join(" + "),
        money(c.cost),
        money(c.standalone),
        money(c.standalone - c.cost),
        cooperation_verdict(c, money),
        c.groups.join(", ")
    )
}

fn cooperation_verdict(c: &CooperationSplit, money: &dyn Fn(f64) -> String) -> String {
    match (c.core_nonempty, c.least_core_epsilon) {
        (Some(true), _) => "a stable split exists (non-empty core)".to_string(),
        (Some(false), Some(e)) => format!(
            "NO split is stable (empty core): some members would do better on their own; every subset would have to be conceded {} (least-core ε)",
            money(e)
        ),
        _ => "stability not tested (too many members to tabulate its game)".to_string(),
    }
}

/// Player `i`'s share under split `s`, with its standard error or its gain.
fn share_cell(s: &Split, i: usize, money: &dyn Fn(f64) -> String, gain: &str) -> String {
    match (s.shares.get(i), &s.std_error) {
        (Some(x), Some(se)) => format!("{} ± {}", money(*x), money(se[i])),
        (Some(x), None) => format!("{} ({gain} {})", money(*x), money(s.savings[i])),
        (None, _) => "-".into(),
    }
}

fn in_core_cell(s: &Split) -> String {
    match s.in_core {
        Some(true) => "yes".into(),
        Some(false) => format!("NO ({} blocking)", s.blocking_total),
        None => "not tested".into(),
    }
}

/// The blocking coalitions after the first, at most five.
fn also_blocking(s: &Split) -> String {
    if s.blocking.len() > 1 {
        let next: Vec<String> = s.blocking[1..]
            .iter()
            .take(5)
            .map(|b| b.members.join("+"))
            .collect();
        format!("; also {}", next.join(", "))
    } else {
        String::new()
    }
}

impl CoreSearch {
    /// Terminal tables: the verdict, the cooperations of the plan shown with a core split
    /// (or their least-core ε), and every cooperation excluded on the way.
    pub fn to_table(&self) -> String {
        let mut out = format!("\nCore requirement (--require-core): {}\n", self.message);
        out.push_str(&self.shown_text());
        if !self.excluded.is_empty() {
            out.push_str(&format!("Excluded on the way (an empty core: some subset pays less on its own under every split)\n{}\n", self.excluded_table()));
        }
        out
    }

    /// The cooperations of the plan shown, with a core split or who would leave.
    fn shown_text(&self) -> String {
        let shown = self.shown();
        if shown.is_empty() {
            return "The plan shown has no cooperation of two or more partners.\n".to_string();
        }
        let t = table_of(&SHOWN_HEADER, shown.iter().map(shown_row));
        let whose = if self.plan_npv.is_some() {
            "the plan"
        } else {
            "the unconstrained optimum"
        };
        format!("Cooperations of {whose}\n{t}\n")
    }

    fn excluded_table(&self) -> comfy_table::Table {
        table_of(&EXCLUDED_HEADER, self.excluded.iter().map(excluded_row))
    }

    /// Long-format CSV rows (`table,key,field,value`, no header) to append to a report's CSV.
    pub fn to_csv_rows(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        let mut put = |key: &str, field: &str, value: String| {
            let _ = w.write_record(["core", key, field, &value]);
        };
        self.search_rows(&mut put);
        for c in self.shown() {
            shown_rows(c, &mut put);
        }
        for e in &self.excluded {
            excluded_rows(e, &mut put);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The search's status, rounds and NPVs.
    fn search_rows(&self, put: &mut impl FnMut(&str, &str, String)) {
        put("", "status", self.status_name());
        put("", "rounds", self.rounds.to_string());
        put("", "optimum_npv", format!("{:.6}", self.optimum_npv));
        if let Some(v) = self.plan_npv {
            put("", "plan_npv", format!("{v:.6}"));
        }
    }
}

impl CoreSearch {
    /// The status as the JSON output names it (`optimum_stable`, ...).
    fn status_name(&self) -> String {
        serde_json::to_value(self.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// An excluded cooperation's round and least-core ε.
fn excluded_rows(e: &Exclusion, put: &mut impl FnMut(&str, &str, String)) {
    let key = e.cooperation.members.join("+");
    put(&key, "excluded_in_round", e.round.to_string());
    let epsilon = format!("{:.6}", e.cooperation.epsilon);
    put(&key, "excluded_epsilon", epsilon);
}

/// A shown cooperation's cost, least-core ε and core split.
fn shown_rows(c: &Cooperation, put: &mut impl FnMut(&str, &str, String)) {
    let key = c.members.join("+");
    put(&key, "cost", format!("{:.6}", c.cost));
    put(&key, "least_core_epsilon", format!("{:.6}", c.epsilon));
    if let Some(x) = &c.core_split {
        for (m, v) in c.members.iter().zip(x) {
            put(&key, &format!("core_split.{m}"), format!("{v:.6}"));
        }
    }
}

const SHOWN_HEADER: [&str; 4] = [
    "Cooperation",
    "Bill (NPV)",
    "Least-core ε",
    "Core split (nucleolus) or who would leave",
];

fn shown_row(c: &Cooperation) -> Vec<Cell> {
    vec![
        Cell::new(c.members.join("+")),
        right(eur(c.cost)),
        right(eur(c.epsilon)),
        Cell::new(core_detail(c)),
    ]
}

const EXCLUDED_HEADER: [&str; 6] = [
    "Round",
    "Plan NPV",
    "Excluded cooperation",
    "Its groups",
    "Least-core ε",
    "Who would leave",
];

fn excluded_row(e: &Exclusion) -> Vec<Cell> {
    let c = &e.cooperation;
    vec![
        right(e.round.to_string()),
        right(eur(e.plan_npv)),
        Cell::new(c.members.join("+")),
        Cell::new(excluded_groups(c)),
        right(eur(c.epsilon)),
        Cell::new(leaver_text(c)),
    ]
}

/// A cooperation's core split per member, else who would leave.
fn core_detail(c: &Cooperation) -> String {
    match (&c.core_split, &c.leaver) {
        (Some(x), _) => split_text(&c.members, x),
        (None, Some(l)) => leaver_phrase(l, "would pay"),
        (None, None) => String::new(),
    }
}

/// Each member's share, one a line.
fn split_text(members: &[String], x: &[f64]) -> String {
    let shares: Vec<String> = members
        .iter()
        .zip(x)
        .map(|(m, v)| format!("{m} {}", eur(*v)))
        .collect();
    shares.join("\n")
}

fn excluded_groups(c: &Cooperation) -> String {
    if c.never {
        format!(
            "{}\n(and every other arrangement of these partners)",
            c.groups.join("\n")
        )
    } else {
        c.groups.join("\n")
    }
}

fn leaver_text(c: &Cooperation) -> String {
    c.leaver
        .as_ref()
        .map(|l| leaver_phrase(l, "pays"))
        .unwrap_or_default()
}

/// Who would leave and how much less it `pays` (or `would pay`) on its own.
fn leaver_phrase(l: &Leaver, pays: &str) -> String {
    format!(
        "{} {pays} {} less on its own",
        l.members.join("+"),
        eur(l.excess)
    )
}
