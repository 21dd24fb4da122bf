//! The scenario's rules about who may share what, in one place: the candidate enumeration
//! (before the MILP is built), the evaluation of a hand-made plan and the explanation of an
//! infeasible scenario all ask these functions, so a group the optimiser never considers is
//! exactly a group `evaluate` rejects.

use crate::scenario::Scenario;

/// A scenario rule that a group can break. `Hard` facts (a group of one, a form that cannot
/// host a domain, a start after the horizon) are not rules a planner can relax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A fact no planner can relax (a group of one, a form that cannot host the domain, a start
    /// after the horizon).
    Hard,
    /// `constraints.keep_in_house[i]`.
    KeepInHouse(usize),
    /// `constraints.min_support` for partner p and domain d.
    MinSupport(usize, usize),
    /// `constraints.never_together[i]`.
    NeverTogether(usize),
    /// `constraints.must_together[i]`.
    MustTogether(usize),
    /// `constraints.max_group_size`.
    MaxGroupSize,
    /// `constraints.max_distance_km`.
    MaxDistance,
    /// `form[f].min_members` / `max_members`.
    MemberLimits(usize),
    /// `form[f].partner_kinds` for partner p.
    PartnerKinds(usize, usize),
    /// `form[f].same_municipality`.
    SameMunicipality(usize),
    /// `form[f].min_kind`.
    MinKind(usize),
    /// The i-th group an alternative forces.
    Forced(usize),
    /// The i-th group an alternative forbids.
    Forbidden(usize),
}

/// One broken rule and how it reads to a planner.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong, for a planner: the partners, domain and scenario key involved.
    pub message: String,
}

/// What the checks of one group found. A strict enumeration only asks whether a group is
/// allowed, for each of the tens of thousands of (group, form, domain) it rejects on a region;
/// there the messages nobody reads are not formatted (they were 7% of the arrondissement's
/// model build).
struct Found {
    breaches: Vec<Breach>,
    messages: bool,
}

impl Found {
    /// Every breach with its message.
    fn with_messages() -> Self {
        Found {
            breaches: Vec::new(),
            messages: true,
        }
    }

    /// Every breach, messages left empty.
    fn rules_only() -> Self {
        Found {
            breaches: Vec::new(),
            messages: false,
        }
    }

    /// Rule broken; `message` says how, formatted only when messages are wanted.
    fn add(&mut self, rule: Rule, message: impl FnOnce() -> String) {
        let message = if self.messages {
            message()
        } else {
            String::new()
        };
        self.breaches.push(Breach { rule, message });
    }
}

/// Rules that stop partner p from sharing domain d at all (keep-in-house, minimum support).
pub fn share_breaches(s: &Scenario, p: usize, d: usize) -> Vec<Breach> {
    let mut out = Found::with_messages();
    share_checks(s, p, d, &mut out);
    out.breaches
}

fn share_checks(s: &Scenario, p: usize, d: usize, out: &mut Found) {
    keep_in_house_check(s, p, d, out);
    support_check(s, p, d, out);
}

fn keep_in_house_check(s: &Scenario, p: usize, d: usize, out: &mut Found) {
    for (i, &(kp, kd)) in s.constraints.keep_in_house.iter().enumerate() {
        if kp == p && kd.is_none_or(|kd| kd == d) {
            out.add(Rule::KeepInHouse(i), || {
                format!(
                    "{} keeps `{}` in house (constraints.keep_in_house)",
                    s.partners[p].id, s.domains[d].id
                )
            });
        }
    }
}

/// Partner p's support for sharing domain d is below `constraints.min_support`.
fn support_check(s: &Scenario, p: usize, d: usize, out: &mut Found) {
    let (Some(min), Some(score)) = (s.constraints.min_support, s.partners[p].support[d]) else {
        return;
    };
    if score < min {
        out.add(Rule::MinSupport(p, d), || {
            format!(
                "{}'s support for sharing `{}` is {score}, below constraints.min_support = {min}",
                s.partners[p].id, s.domains[d].id
            )
        });
    }
}

/// May partner p share domain d at all?
pub fn may_share(s: &Scenario, p: usize, d: usize) -> bool {
    let mut out = Found::rules_only();
    share_checks(s, p, d, &mut out);
    out.breaches.is_empty()
}

/// Every rule that `members` (sorted, distinct) break by sharing domain d under form f;
/// empty when the group is allowed.
pub fn group_breaches(s: &Scenario, members: &[usize], d: usize, f: usize) -> Vec<Breach> {
    group_breaches_at(
        s,
        members,
        d,
        f,
        &mut crate::costs::Sites::new(s, members, f),
    )
}

/// [`group_breaches`], asking `sites` (the group's under form f) where it would run.
pub fn group_breaches_at(
    s: &Scenario,
    members: &[usize],
    d: usize,
    f: usize,
    sites: &mut crate::costs::Sites,
) -> Vec<Breach> {
    let mut out = Found::with_messages();
    group_checks(s, members, d, f, sites, &mut out);
    out.breaches
}

/// Whether `members` may share domain d under form f: [`group_breaches_at`] is empty, asked
/// without formatting the messages of the rules it breaks.
pub fn group_allowed_at(
    s: &Scenario,
    members: &[usize],
    d: usize,
    f: usize,
    sites: &mut crate::costs::Sites,
) -> bool {
    let mut out = Found::rules_only();
    group_checks(s, members, d, f, sites, &mut out);
    out.breaches.is_empty()
}

fn group_checks(
    s: &Scenario,
    members: &[usize],
    d: usize,
    f: usize,
    sites: &mut crate::costs::Sites,
    out: &mut Found,
) {
    hard_checks(s, members, d, f, out);
    size_checks(s, members.len(), f, out);
    distance_check(s, members, d, f, sites, out);
    for &p in members {
        kind_check(s, p, f, out);
        share_checks(s, p, d, out);
    }
    legal_checks(s, members, f, out);
    never_together_checks(s, members, out);
    forced_checks(s, members, d, f, out);
    forbidden_checks(s, members, d, f, out);
    must_together_checks(s, members, d, out);
}

/// The facts no planner can relax: a group of one, a form that cannot host the domain, a
/// start after the horizon.
fn hard_checks(s: &Scenario, members: &[usize], d: usize, f: usize, out: &mut Found) {
    let fm = &s.forms[f];
    group_size_fact(s, members.len(), f, out);
    if !fm.domains[d] {
        out.add(Rule::Hard, || {
            format!(
                "form `{}` does not allow domain `{}`",
                fm.id, s.domains[d].id
            )
        });
    }
    late_start_check(s, members, d, f, out);
}

/// A group needs two members; an existing provider is joined by one partner at a time (its
/// price does not depend on who else joins).
fn group_size_fact(s: &Scenario, n: usize, f: usize, out: &mut Found) {
    let fm = &s.forms[f];
    match fm.is_provider() {
        false if n < 2 => out.add(Rule::Hard, || {
            "a group needs at least two members".to_string()
        }),
        true if n != 1 => out.add(Rule::Hard, || {
            format!(
                "`{}` is an existing provider: each partner joins it on its own, not in a group of {n}",
                fm.id
            )
        }),
        _ => {}
    }
}

/// The group could start sharing only after the horizon.
fn late_start_check(s: &Scenario, members: &[usize], d: usize, f: usize, out: &mut Found) {
    let fm = &s.forms[f];
    let start = crate::costs::start_year(s, members, d, fm.lead_time);
    if start >= s.horizon {
        out.add(Rule::Hard, || {
            format!(
                "the group could only start sharing `{}` in {}, after the horizon (lead time of `{}` and lock-ins)",
                s.domains[d].id,
                s.base_year + start as i32,
                fm.id
            )
        });
    }
}

/// The form's member limits and the scenario's maximum group size, for a group of `n`.
fn size_checks(s: &Scenario, n: usize, f: usize, out: &mut Found) {
    member_limits_check(s, n, f, out);
    if let Some(max) = s.constraints.max_group_size
        && n > max
    {
        out.add(Rule::MaxGroupSize, || {
            format!("the group has {n} members, above constraints.max_group_size = {max}")
        });
    }
}

/// A group of `n` outside form f's member limits.
fn member_limits_check(s: &Scenario, n: usize, f: usize, out: &mut Found) {
    let fm = &s.forms[f];
    // A provider's one member is a fact (`group_size_fact`), not a limit to relax.
    if fm.is_provider() || (n >= fm.min_members && n <= fm.max_members) {
        return;
    }
    out.add(Rule::MemberLimits(f), || {
        let max = if fm.max_members == usize::MAX {
            "no maximum".to_string()
        } else {
            format!("at most {}", fm.max_members)
        };
        format!(
            "form `{}` takes at least {} members and {max}; the group has {n}",
            fm.id, fm.min_members
        )
    });
}

/// No member within the distance limit of the others can be the group's site.
fn distance_check(
    s: &Scenario,
    members: &[usize],
    d: usize,
    f: usize,
    sites: &mut crate::costs::Sites,
    out: &mut Found,
) {
    let Some(max) = s.constraints.max_distance_km else {
        return;
    };
    if members.len() < 2 || sites.of(d).is_some() {
        return;
    }
    out.add(Rule::MaxDistance, || {
        let whom = if s.forms[f].hosted {
            "its host (the member with the largest volume)"
        } else {
            "one member"
        };
        format!("the members are not all within {max} km of {whom} (constraints.max_distance_km)")
    });
}

/// Form f is not open to partner p's kind.
fn kind_check(s: &Scenario, p: usize, f: usize, out: &mut Found) {
    let fm = &s.forms[f];
    let Some(kinds) = fm.partner_kinds.as_ref() else {
        return;
    };
    if !kinds.contains(&s.partners[p].kind) {
        out.add(Rule::PartnerKinds(f, p), || {
            format!(
                "form `{}` is not open to {} (kind `{}`)",
                fm.id, s.partners[p].id, s.partners[p].kind
            )
        });
    }
}

fn never_together_checks(s: &Scenario, members: &[usize], out: &mut Found) {
    for (i, &(a, b)) in s.constraints.never_together.iter().enumerate() {
        if members.contains(&a) && members.contains(&b) {
            out.add(Rule::NeverTogether(i), || {
                format!(
                    "{} and {} may never be together (constraints.never_together)",
                    s.partners[a].id, s.partners[b].id
                )
            });
        }
    }
}

/// The forced groups of domain d (an alternative's) that this other group with some of
/// their members breaks.
fn forced_checks(s: &Scenario, members: &[usize], d: usize, f: usize, out: &mut Found) {
    for (i, g) in s.constraints.forced.iter().enumerate() {
        let exact = g.members == members && g.form == f;
        if g.domain == d && !exact && members.iter().any(|p| g.members.contains(p)) {
            out.add(Rule::Forced(i), || forced_message(s, i));
        }
    }
}

/// The groups an alternative forbids that this group is.
fn forbidden_checks(s: &Scenario, members: &[usize], d: usize, f: usize, out: &mut Found) {
    for (i, g) in s.constraints.forbidden.iter().enumerate() {
        if g.domain == d && g.members == members && g.form == f {
            out.add(Rule::Forbidden(i), || {
                format!(
                    "the alternative forbids {}",
                    group_name(s, &g.members, g.domain, g.form)
                )
            });
        }
    }
}

/// A group that holds some, but not all, of partners who must share domain d together.
fn must_together_checks(s: &Scenario, members: &[usize], d: usize, out: &mut Found) {
    for (i, (must, md)) in s.constraints.must_together.iter().enumerate() {
        if md.is_none_or(|md| md == d) {
            let inside = must.iter().filter(|p| members.contains(p)).count();
            if inside > 0 && inside < must.len() {
                out.add(Rule::MustTogether(i), || {
                    format!(
                        "{} must be together for `{}` (constraints.must_together)",
                        ids(s, must),
                        s.domains[d].id
                    )
                });
            }
        }
    }
}

/// The form's legal conditions on its members: one municipality (a beheersovereenkomst is
/// between a gemeente and its own OCMW), and a least number of members of some kinds (an
/// intergemeentelijk samenwerkingsverband needs two gemeenten).
pub fn legal_breaches(s: &Scenario, members: &[usize], f: usize) -> Vec<Breach> {
    let mut out = Found::with_messages();
    legal_checks(s, members, f, &mut out);
    out.breaches
}

fn legal_checks(s: &Scenario, members: &[usize], f: usize, out: &mut Found) {
    if s.forms[f].same_municipality && !same_municipality(s, members) {
        out.add(Rule::SameMunicipality(f), || {
            municipality_message(s, members, f)
        });
    }
    min_kind_checks(s, members, f, out);
}

/// Form f joins only partners of one municipality, and these are not.
fn municipality_message(s: &Scenario, members: &[usize], f: usize) -> String {
    let towns: Vec<String> = members
        .iter()
        .map(|&p| match s.partners[p].municipality.as_deref() {
            Some(m) => format!("{} (municipality {m})", s.partners[p].id),
            None => format!("{} (no municipality given)", s.partners[p].id),
        })
        .collect();
    format!(
        "form `{}` joins only partners of one municipality (form.same_municipality), not {}",
        s.forms[f].id,
        towns.join(", ")
    )
}

/// The kinds of which form f needs more members than the group has.
fn min_kind_checks(s: &Scenario, members: &[usize], f: usize, out: &mut Found) {
    let fm = &s.forms[f];
    for (kind, need) in &fm.min_kind {
        let have = members
            .iter()
            .filter(|&&p| &s.partners[p].kind == kind)
            .count();
        if have < *need {
            out.add(Rule::MinKind(f), || {
                format!(
                    "form `{}` needs at least {need} member(s) of kind `{kind}` (form.min_kind); the group has {have}",
                    fm.id
                )
            });
        }
    }
}

/// Do all `members` name one municipality?
pub fn same_municipality(s: &Scenario, members: &[usize]) -> bool {
    let first = members
        .first()
        .and_then(|&p| s.partners[p].municipality.as_deref());
    first.is_some()
        && members
            .iter()
            .all(|&p| s.partners[p].municipality.as_deref() == first)
}

fn forced_message(s: &Scenario, i: usize) -> String {
    let g = &s.constraints.forced[i];
    format!(
        "the alternative forces the group {}",
        group_name(s, &g.members, g.domain, g.form)
    )
}

/// Rules broken when partner p runs domain d alone (must-together, forced groups).
pub fn alone_breaches(s: &Scenario, p: usize, d: usize) -> Vec<Breach> {
    let mut out = Found::with_messages();
    for (i, (must, md)) in s.constraints.must_together.iter().enumerate() {
        if md.is_none_or(|md| md == d) && must.contains(&p) {
            out.add(Rule::MustTogether(i), || {
                format!(
                    "{} must be together for `{}` (constraints.must_together), so {} cannot run it alone",
                    ids(s, must),
                    s.domains[d].id,
                    s.partners[p].id
                )
            });
        }
    }
    for (i, g) in s.constraints.forced.iter().enumerate() {
        if g.domain == d && g.members.contains(&p) {
            out.add(Rule::Forced(i), || forced_message(s, i));
        }
    }
    out.breaches
}

/// The partners' ids joined by `+` (`a+b+c`): how messages name a group.
pub fn ids(s: &Scenario, members: &[usize]) -> String {
    let mut out = String::with_capacity(members.len() * 16);
    push_ids(&mut out, s, members);
    out
}

/// Appends [`ids`] to `out`: the model names every one of a region's hundred thousand
/// variables and rows by its group, so they are written in place, not joined from pieces.
pub fn push_ids(out: &mut String, s: &Scenario, members: &[usize]) {
    for (i, &p) in members.iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.push_str(&s.partners[p].id);
    }
}

/// [`contradictions`] as the error of `samen check` (an infeasible scenario), or `Ok` when
/// there is none.
pub fn check_contradictions(s: &Scenario) -> Result<(), crate::error::Error> {
    let found = contradictions(s);
    if found.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = found.iter().map(|c| format!("  - {c}")).collect();
    let list = list.join("\n");
    Err(crate::error::Error::Infeasible(format!(
        "these rules contradict each other (no plan can satisfy them; no solve needed to see it):\n{list}"
    )))
}

/// Contradictions between rules that no plan can satisfy, found without solving: a
/// must-together group that a never-together rule splits, that keeps a member's domain in
/// house, or that is larger than any group may be. `samen check` reports them.
pub fn contradictions(s: &Scenario) -> Vec<String> {
    let c = &s.constraints;
    let mut out = Vec::new();
    for (i, (must, md)) in c.must_together.iter().enumerate() {
        let what = |d: Option<usize>| match d {
            Some(d) => format!("`{}`", s.domains[d].id),
            None => "every domain".to_string(),
        };
        let rule = format!(
            "constraints.must_together[{i}] ({} for {})",
            ids(s, must),
            what(*md)
        );
        for (j, &(a, b)) in c.never_together.iter().enumerate() {
            if must.contains(&a) && must.contains(&b) {
                out.push(format!(
                    "{rule} needs {} and {} together, but constraints.never_together[{j}] keeps them apart",
                    s.partners[a].id, s.partners[b].id
                ));
            }
        }
        for (j, &(p, kd)) in c.keep_in_house.iter().enumerate() {
            let overlaps = match (md, kd) {
                (Some(m), Some(k)) => m == &k,
                _ => true,
            };
            if must.contains(&p) && overlaps {
                out.push(format!(
                    "{rule} needs {} in a group, but constraints.keep_in_house[{j}] keeps {} of it in house",
                    s.partners[p].id,
                    what(kd)
                ));
            }
        }
        if let Some(max) = c.max_group_size
            && must.len() > max
        {
            out.push(format!(
                "{rule} has {} partners, above constraints.max_group_size = {max}",
                must.len()
            ));
        }
    }
    out
}

/// `kortenberg+machelen|network|interlokale`: how groups are named in rules and models.
pub fn group_name(s: &Scenario, members: &[usize], d: usize, f: usize) -> String {
    let mut out = String::with_capacity(members.len() * 16 + 32);
    push_group_name(&mut out, s, members, d, f);
    out
}

/// Appends [`group_name`] to `out`.
pub fn push_group_name(out: &mut String, s: &Scenario, members: &[usize], d: usize, f: usize) {
    push_ids(out, s, members);
    for id in [&s.domains[d].id, &s.forms[f].id] {
        out.push('|');
        out.push_str(id);
    }
}
