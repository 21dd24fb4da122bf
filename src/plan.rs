//! A plan: which partners share which domain under which form. Everything not in a group runs
//! alone. Plans come from the optimiser or from a hand-written plan file (`evaluate --plan`).

use crate::error::{Diagnostic, Error, Severity};
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
}

/// Parses a plan file against a scenario: `[[group]]` tables with `domain`, `form` and
/// `members` (partner ids).
pub fn parse_plan(text: &str, file: &str, s: &Scenario) -> Result<Plan, Error> {
    let locator = Locator::new(text);
    let diag = |segs: &[Seg],
                place: Option<(crate::error::Location, usize)>,
                message: String,
                hint: Option<String>| Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        path: render_path(segs),
        location: place.map(|(l, _)| l),
        source_line: place.and_then(|(l, _)| locator.line_text(l.line)),
        width: place.map(|(_, w)| w),
        message,
        hint,
    };
    let raw: RawPlan = toml::from_str(text).map_err(|e| Error::Invalid {
        file: file.to_string(),
        diagnostics: vec![diag(
            &[],
            e.span().map(|sp| locator.place(sp)),
            e.message().trim().to_string(),
            Some(
                "a plan is a list of `[[group]]` tables with `domain`, `form` and `members`".into(),
            ),
        )],
    })?;
    let mut diags = Vec::new();
    let mut groups = Vec::new();
    // (group index, (domain, partner)) of every membership so far.
    let mut seen: Vec<(usize, (usize, usize))> = Vec::new();
    let lookup = |segs: Vec<Seg>,
                  id: &str,
                  known: Vec<&str>,
                  what: &str,
                  diags: &mut Vec<Diagnostic>|
     -> Option<usize> {
        if let Some(i) = known.iter().position(|k| *k == id) {
            return Some(i);
        }
        let (message, hint) = crate::suggest::unknown_id(what, id, &known);
        diags.push(diag(&segs, locator.place_path(&segs), message, Some(hint)));
        None
    };
    for (i, g) in raw.group.iter().enumerate() {
        let at = |k: &str| vec![Seg::Key("group".into()), Seg::Index(i), Seg::Key(k.into())];
        let d = lookup(
            at("domain"),
            &g.domain,
            s.domains.iter().map(|d| d.id.as_str()).collect(),
            "domain",
            &mut diags,
        );
        let f = lookup(
            at("form"),
            &g.form,
            s.forms.iter().map(|f| f.id.as_str()).collect(),
            "form",
            &mut diags,
        );
        let mut members = Vec::new();
        for (j, m) in g.members.iter().enumerate() {
            let mut segs = at("members");
            segs.push(Seg::Index(j));
            if let Some(p) = lookup(
                segs,
                m,
                s.partners.iter().map(|p| p.id.as_str()).collect(),
                "partner",
                &mut diags,
            ) {
                members.push(p);
            }
        }
        let n = members.len();
        members.sort_unstable();
        members.dedup();
        if members.len() != n {
            diags.push(diag(
                &at("members"),
                locator.place_path(&at("members")),
                "a partner is listed twice".into(),
                None,
            ));
        }
        if let Some(domain) = d {
            for &p in &members {
                if let Some(&(earlier, _)) = seen.iter().find(|&&(_, key)| key == (domain, p)) {
                    diags.push(diag(
                        &at("members"),
                        locator.place_path(&at("members")),
                        format!(
                            "partner `{}` is already in group {} for domain `{}`",
                            s.partners[p].id,
                            earlier + 1,
                            s.domains[domain].id
                        ),
                        Some(
                            "a partner runs a domain in one group at most (or alone): remove it from one of the two groups".into(),
                        ),
                    ));
                }
                seen.push((i, (domain, p)));
            }
        }
        if let (Some(domain), Some(form)) = (d, f) {
            groups.push(Group {
                domain,
                form,
                members,
            });
        }
    }
    if diags.is_empty() {
        Ok(Plan::new(groups))
    } else {
        Err(Error::Invalid {
            file: file.to_string(),
            diagnostics: diags,
        })
    }
}
