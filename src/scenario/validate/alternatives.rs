//! `[[alternative]]`: named variants of a valid base scenario, each validated as a scenario
//! of its own.

use super::overrides::apply_override;
use super::{Validator, k, path};
use crate::error::Severity;
use crate::scenario::locate::{Seg, render_path};
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    /// Validates every `[[alternative]]` of a valid base scenario into its own scenario.
    pub(super) fn alternatives(
        &mut self,
        doc: &toml::Table,
        raw: &RawFile,
        base: &Scenario,
    ) -> Vec<Alternative> {
        let pids: Vec<String> = base.partners.iter().map(|p| p.id.clone()).collect();
        let dids: Vec<String> = base.domains.iter().map(|d| d.id.clone()).collect();
        let fids: Vec<String> = base.forms.iter().map(|f| f.id.clone()).collect();
        let mut names: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, a) in raw.alternative.iter().enumerate() {
            let at = [k("alternative"), Seg::Index(i)];
            let errors_before = self.error_count();
            let name = match &a.name {
                Some(n) => n.clone(),
                None => {
                    self.err(
                        &at,
                        "every alternative needs a `name`",
                        Some("e.g. `name = \"trio without Machelen\"`".into()),
                    );
                    format!("alternative {}", i + 1)
                }
            };
            if names.contains(&name) {
                self.err(
                    &path(&at, &[k("name")]),
                    format!("duplicate alternative name `{name}`"),
                    None,
                );
            }
            names.push(name.clone());

            // Overrides: applied to the raw document, then validated like the scenario.
            let mut variant = base.clone();
            if let Some(set) = &a.set {
                let mut t = doc.clone();
                t.remove("alternative");
                let mut targets: Vec<(String, Vec<Seg>)> = Vec::new();
                for (key, value) in set {
                    let kat = path(&at, &[k("set"), k(key)]);
                    match apply_override(&mut t, key, value.clone()) {
                        Ok(target) => targets.push((render_path(&target), kat)),
                        Err((message, hint)) => self.err(&kat, message, hint),
                    }
                }
                if self.error_count() == errors_before {
                    match toml::Value::Table(t).try_into::<RawFile>() {
                        Err(e) => self.err(
                            &path(&at, &[k("set")]),
                            format!("in alternative `{name}`: {}", e.message().trim()),
                            None,
                        ),
                        Ok(raw_variant) => {
                            let mut v = Validator {
                                src: self.src,
                                diags: Vec::new(),
                            };
                            let checked = v.scenario(&raw_variant);
                            for mut d in v.diags {
                                let hit = targets.iter().find(|(target, _)| {
                                    d.path == *target
                                        || d.path.starts_with(&format!("{target}."))
                                        || d.path.starts_with(&format!("{target}["))
                                });
                                if d.severity == Severity::Warning && hit.is_none() {
                                    continue;
                                }
                                if let Some((_, kat)) = hit {
                                    let (file, location, line, width) = self.src.locate(kat);
                                    d.file = file.to_string();
                                    d.location = location;
                                    d.source_line = line;
                                    d.width = width;
                                    d.path = render_path(kat);
                                }
                                d.message = format!("in alternative `{name}`: {}", d.message);
                                self.diags.push(d);
                            }
                            if let Some(c) = checked {
                                variant = c;
                            }
                        }
                    }
                }
            }

            // Who and what takes part, and forced or forbidden groups (ids of the base).
            let list = |v: &mut Self,
                        key: &str,
                        ids: &Option<Vec<String>>,
                        known: &[String],
                        what: &str|
             -> Option<Vec<usize>> {
                ids.as_ref().map(|ids| {
                    let mut found: Vec<usize> = ids
                        .iter()
                        .enumerate()
                        .filter_map(|(j, id)| {
                            v.reference(&path(&at, &[k(key), Seg::Index(j)]), id, known, what)
                        })
                        .collect();
                    found.sort_unstable();
                    found.dedup();
                    found
                })
            };
            let include = list(self, "include", &a.include, &pids, "partner");
            let exclude = list(self, "exclude", &a.exclude, &pids, "partner").unwrap_or_default();
            let forms = list(self, "forms", &a.forms, &fids, "form");
            let domains = list(self, "domains", &a.domains, &dids, "domain");
            let groups = |v: &mut Self, key: &str, refs: &[RawGroupRef]| -> Vec<GroupRule> {
                let mut rules = Vec::new();
                for (j, g) in refs.iter().enumerate() {
                    let gat = path(&at, &[k(key), Seg::Index(j)]);
                    let (Some(d), Some(f), Some(ms)) = (&g.domain, &g.form, &g.members) else {
                        v.err(&gat, "a group needs `domain`, `form` and `members`", None);
                        continue;
                    };
                    let d = v.reference(&path(&gat, &[k("domain")]), d, &dids, "domain");
                    let f = v.reference(&path(&gat, &[k("form")]), f, &fids, "form");
                    let mut members: Vec<usize> = ms
                        .iter()
                        .enumerate()
                        .filter_map(|(m, id)| {
                            v.reference(
                                &path(&gat, &[k("members"), Seg::Index(m)]),
                                id,
                                &pids,
                                "partner",
                            )
                        })
                        .collect();
                    members.sort_unstable();
                    members.dedup();
                    if members.len() < 2 {
                        v.err(
                            &path(&gat, &[k("members")]),
                            "a group has at least two distinct members",
                            None,
                        );
                    }
                    if let (Some(domain), Some(form)) = (d, f) {
                        rules.push(GroupRule {
                            members,
                            domain,
                            form,
                        });
                    }
                }
                rules
            };
            let forced = groups(self, "force", &a.force);
            let forbidden = groups(self, "forbid", &a.forbid);
            if self.error_count() > errors_before {
                continue;
            }
            variant.constraints.forced.extend(forced);
            variant.constraints.forbidden.extend(forbidden);
            if let Some(forms) = forms {
                variant = variant.with_forms(&forms);
            }
            if let Some(domains) = domains {
                variant = variant.with_domains(&domains);
            }
            let keep: Vec<usize> = (0..pids.len())
                .filter(|p| {
                    include.as_ref().is_none_or(|inc| inc.contains(p)) && !exclude.contains(p)
                })
                .collect();
            if keep.len() < 2 {
                self.err(
                    &at,
                    format!(
                        "alternative `{name}` keeps {} partner(s): nothing to cooperate on",
                        keep.len()
                    ),
                    Some("check `include` and `exclude`".into()),
                );
                continue;
            }
            if keep.len() < pids.len() {
                variant = variant.restricted_to(&keep);
            }
            variant.name = format!("{} [{name}]", base.name);
            out.push(Alternative {
                name,
                description: a.description.clone().unwrap_or_default(),
                scenario: variant,
            });
        }
        out
    }
}
