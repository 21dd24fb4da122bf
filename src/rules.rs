//! The scenario's rules about who may share what, in one place: the candidate enumeration
//! (before the MILP is built) and the evaluation of a hand-made plan both ask these functions,
//! so a group the optimiser never considers is exactly a group `evaluate` rejects.

use crate::scenario::Scenario;

/// May partner p share domain d at all (keep-in-house, minimum support)?
pub fn may_share(s: &Scenario, p: usize, d: usize) -> Result<(), String> {
    let c = &s.constraints;
    if c.keep_in_house
        .iter()
        .any(|&(kp, kd)| kp == p && kd.is_none_or(|kd| kd == d))
    {
        return Err(format!(
            "{} keeps `{}` in house (constraints.keep_in_house)",
            s.partners[p].id, s.domains[d].id
        ));
    }
    if let (Some(min), Some(score)) = (c.min_support, s.partners[p].support[d])
        && score < min
    {
        return Err(format!(
            "{}'s support for sharing `{}` is {score}, below constraints.min_support = {min}",
            s.partners[p].id, s.domains[d].id
        ));
    }
    Ok(())
}

/// Every reason why `members` (sorted, distinct) may not share domain d under form f;
/// empty when the group is allowed. Rules that concern a single partner are in
/// [`may_share`] and are checked here too.
pub fn group_violations(s: &Scenario, members: &[usize], d: usize, f: usize) -> Vec<String> {
    let mut why = Vec::new();
    let fm = &s.forms[f];
    let dom = &s.domains[d].id;
    let n = members.len();
    if n < 2 {
        why.push("a group needs at least two members".to_string());
    }
    if !fm.domains[d] {
        why.push(format!("form `{}` does not allow domain `{dom}`", fm.id));
    }
    if n < fm.min_members || n > fm.max_members {
        let max = if fm.max_members == usize::MAX {
            "no maximum".to_string()
        } else {
            format!("at most {}", fm.max_members)
        };
        why.push(format!(
            "form `{}` takes at least {} members and {max}; the group has {n}",
            fm.id, fm.min_members
        ));
    }
    if let Some(max) = s.constraints.max_group_size
        && n > max
    {
        why.push(format!(
            "the group has {n} members, above constraints.max_group_size = {max}"
        ));
    }
    for &p in members {
        if let Some(kinds) = &fm.partner_kinds
            && !kinds.contains(&s.partners[p].kind)
        {
            why.push(format!(
                "form `{}` is not open to {} (kind `{}`)",
                fm.id, s.partners[p].id, s.partners[p].kind
            ));
        }
        if let Err(e) = may_share(s, p, d) {
            why.push(e);
        }
    }
    for &(a, b) in &s.constraints.never_together {
        if members.contains(&a) && members.contains(&b) {
            why.push(format!(
                "{} and {} may never be together (constraints.never_together)",
                s.partners[a].id, s.partners[b].id
            ));
        }
    }
    for (must, md) in &s.constraints.must_together {
        if md.is_none_or(|md| md == d) {
            let inside = must.iter().filter(|p| members.contains(p)).count();
            if inside > 0 && inside < must.len() {
                why.push(format!(
                    "{} must be together for `{dom}` (constraints.must_together)",
                    ids(s, must)
                ));
            }
        }
    }
    let start = crate::costs::start_year(s, members, d, fm.lead_time);
    if start >= s.horizon {
        why.push(format!(
            "the group could only start sharing `{dom}` in {}, after the horizon (lead time of `{}` and lock-ins)",
            s.base_year + start as i32,
            fm.id
        ));
    }
    why
}

/// Why partner p may not run domain d alone (a must-together rule); None when it may.
pub fn alone_violation(s: &Scenario, p: usize, d: usize) -> Option<String> {
    s.constraints
        .must_together
        .iter()
        .find(|(must, md)| md.is_none_or(|md| md == d) && must.contains(&p))
        .map(|(must, _)| {
            format!(
                "{} must be together for `{}` (constraints.must_together), so {} cannot run it alone",
                ids(s, must),
                s.domains[d].id,
                s.partners[p].id
            )
        })
}

pub fn ids(s: &Scenario, members: &[usize]) -> String {
    members
        .iter()
        .map(|&p| s.partners[p].id.as_str())
        .collect::<Vec<_>>()
        .join("+")
}
