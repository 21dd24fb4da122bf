//! A plan: which partners share which domain under which form. Everything not in a group runs
//! alone. Plans come from the optimiser or from a hand-written plan file (`evaluate --plan`).

use crate::error::{Diagnostic, Error, Severity};
use crate::format::toml_string;
use crate::scenario::Scenario;
use crate::scenario::locate::{Locator, Seg, render_path};
use serde::Deserialize;

/// One group of a plan: partners that share one domain under one form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Group {
    /// Index into `Scenario::domains` of the shared domain.
    pub domain: usize,
    /// Index into `Scenario::forms` of the form the members share it under.
    pub form: usize,
    /// Sorted partner indices.
    pub members: Vec<usize>,
    /// The year offset the shared service starts at, when a plan file sets it (`start =
    /// 2029`); `None`: the earliest year the members' lock-ins and the form's lead time allow.
    pub start: Option<usize>,
}

/// Which partners share which domain under which form; whatever is in no group runs alone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Sorted by domain, then form, then members.
    pub groups: Vec<Group>,
}

impl Plan {
    /// A plan of these groups, each group's members sorted and the groups in canonical order, so
    /// equal plans compare equal.
    pub fn new(mut groups: Vec<Group>) -> Self {
        for g in &mut groups {
            g.members.sort_unstable();
        }
        groups.sort();
        Plan { groups }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    group: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    domain: String,
    form: String,
    members: Vec<String>,
    /// Calendar year the shared service starts (default: as early as allowed).
    start: Option<i64>,
}

impl Plan {
    /// The plan as a plan file ([`parse_plan`] reads it back to the same plan): one
    /// `[[group]]` per group with its domain, form and members by id, and a comment naming
    /// the scenario, so a planner can edit it and `samen evaluate` it.
    pub fn to_toml(&self, s: &Scenario) -> String {
        let mut out = format!(
            "# Plan for scenario: {}\n# Evaluate with `samen evaluate SCENARIO --plan THIS_FILE`; \
             partners not listed for a domain run it alone.\n",
            s.name.replace('\n', " ")
        );
        for g in &self.groups {
            let members: Vec<String> = g
                .members
                .iter()
                .map(|&p| toml_string(&s.partners[p].id))
                .collect();
            out.push_str(&format!(
                "\n[[group]]\ndomain = {}\nform = {}\nmembers = [{}]\n",
                toml_string(&s.domains[g.domain].id),
                toml_string(&s.forms[g.form].id),
                members.join(", ")
            ));
            if let Some(t) = g.start {
                out.push_str(&format!("start = {}\n", s.base_year + t as i32));
            }
        }
        out
    }
}

/// Parses a plan file against a scenario: `[[group]]` tables with `domain`, `form`,
/// `members` (partner ids) and optionally `start` (the calendar year the group starts).
pub fn parse_plan(text: &str, file: &str, s: &Scenario) -> Result<Plan, Error> {
    let mut parser = PlanParser {
        s,
        file,
        locator: Locator::new(text),
        diags: Vec::new(),
        seen: Vec::new(),
    };
    let raw: RawPlan = toml::from_str(text).map_err(|e| parser.syntax_error(&e))?;
    let groups: Vec<Group> = raw
        .group
        .iter()
        .enumerate()
        .filter_map(|(i, g)| parser.group(i, g))
        .collect();
    if parser.diags.is_empty() {
        Ok(Plan::new(groups))
    } else {
        Err(Error::Invalid {
            file: file.to_string(),
            diagnostics: parser.diags,
        })
    }
}

/// The state of one plan file's parse: every problem is collected, so one run reports all.
struct PlanParser<'a> {
    s: &'a Scenario,
    file: &'a str,
    locator: Locator<'a>,
    diags: Vec<Diagnostic>,
    /// (group index, (domain, partner)) of every membership so far.
    seen: Vec<(usize, (usize, usize))>,
}

/// The key path of key `k` of group i.
fn at(i: usize, k: &str) -> Vec<Seg> {
    vec![Seg::Key("group".into()), Seg::Index(i), Seg::Key(k.into())]
}

impl PlanParser<'_> {
    fn diag(&self, segs: &[Seg], message: String, hint: Option<String>) -> Diagnostic {
        self.diag_at(segs, self.locator.place_path(segs), message, hint)
    }

    fn diag_at(
        &self,
        segs: &[Seg],
        place: Option<(crate::error::Location, usize)>,
        message: String,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: self.file.to_string(),
            path: render_path(segs),
            location: place.map(|(l, _)| l),
            source_line: place.and_then(|(l, _)| self.locator.line_text(l.line)),
            width: place.map(|(_, w)| w),
            message,
            hint,
        }
    }

    fn syntax_error(&self, e: &toml::de::Error) -> Error {
        let place = e.span().map(|sp| self.locator.place(sp));
        let hint = "a plan is a list of `[[group]]` tables with `domain`, `form` and `members` \
                    (and optionally `start = YEAR`)";
        Error::Invalid {
            file: self.file.to_string(),
            diagnostics: vec![self.diag_at(
                &[],
                place,
                e.message().trim().to_string(),
                Some(hint.into()),
            )],
        }
    }

    /// The index of `id` among `known`, or a located "unknown" error with a suggestion.
    fn lookup(&mut self, segs: Vec<Seg>, id: &str, known: Vec<&str>, what: &str) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| *k == id) {
            return Some(i);
        }
        let (message, hint) = crate::suggest::unknown_id(what, id, &known);
        let d = self.diag(&segs, message, Some(hint));
        self.diags.push(d);
        None
    }

    /// Group i, when its domain and form are known (its errors are collected either way).
    fn group(&mut self, i: usize, g: &RawGroup) -> Option<Group> {
        let s = self.s;
        let d = self.lookup(
            at(i, "domain"),
            &g.domain,
            s.domains.iter().map(|d| d.id.as_str()).collect(),
            "domain",
        );
        let f = self.lookup(
            at(i, "form"),
            &g.form,
            s.forms.iter().map(|f| f.id.as_str()).collect(),
            "form",
        );
        let members = self.members(i, g);
        if let Some(domain) = d {
            self.once_per_domain(i, domain, &members);
        }
        let (domain, form) = (d?, f?);
        let start = self.start(i, g.start, &members, domain, form);
        Some(Group {
            domain,
            form,
            members,
            start,
        })
    }

    /// Group i's `start` as a year offset: within the horizon and not before the earliest
    /// year its members' lock-ins and the form's lead time allow (each an error otherwise).
    fn start(
        &mut self,
        i: usize,
        year: Option<i64>,
        members: &[usize],
        d: usize,
        f: usize,
    ) -> Option<usize> {
        let s = self.s;
        let year = year?;
        let earliest = crate::costs::start_year(s, members, d, s.forms[f].lead_time);
        let first = s.base_year as i64 + earliest as i64;
        let last = s.base_year as i64 + s.horizon as i64 - 1;
        let problem = match year {
            y if y > last => Some(format!("{y} is after the horizon's last year {last}")),
            y if y < first => Some(format!(
                "{y} is before {first}, the first year this group can start (its members' \
                 lock-ins and the form's lead time)"
            )),
            _ => None,
        };
        if let Some(message) = problem {
            let hint = format!("write a year from {first} to {last}, or leave `start` out");
            let d = self.diag(&at(i, "start"), message, Some(hint));
            self.diags.push(d);
            return None;
        }
        Some((year - s.base_year as i64) as usize)
    }

    /// The known members of group i, sorted; a partner listed twice is an error.
    fn members(&mut self, i: usize, g: &RawGroup) -> Vec<usize> {
        let s = self.s;
        let mut members = Vec::new();
        for (j, m) in g.members.iter().enumerate() {
            let mut segs = at(i, "members");
            segs.push(Seg::Index(j));
            let ids = s.partners.iter().map(|p| p.id.as_str()).collect();
            if let Some(p) = self.lookup(segs, m, ids, "partner") {
                members.push(p);
            }
        }
        let n = members.len();
        members.sort_unstable();
        members.dedup();
        if members.len() != n {
            let d = self.diag(&at(i, "members"), "a partner is listed twice".into(), None);
            self.diags.push(d);
        }
        members
    }

    /// A partner runs a domain in one group at most: an error for each earlier group it is in.
    fn once_per_domain(&mut self, i: usize, domain: usize, members: &[usize]) {
        for &p in members {
            if let Some(&(earlier, _)) = self.seen.iter().find(|&&(_, key)| key == (domain, p)) {
                let message = format!(
                    "partner `{}` is already in group {} for domain `{}`",
                    self.s.partners[p].id,
                    earlier + 1,
                    self.s.domains[domain].id
                );
                let hint = "a partner runs a domain in one group at most (or alone): remove it from one of the two groups";
                let d = self.diag(&at(i, "members"), message, Some(hint.into()));
                self.diags.push(d);
            }
            self.seen.push((i, (domain, p)));
        }
    }
}
