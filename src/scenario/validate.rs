//! Raw file -> validated [`Scenario`]: every problem in the file is collected (not just the
//! first), each with its key path, location and a hint.

use super::extends::Sources;
use super::locate::{Seg, render_path};
use super::raw::*;
use super::*;
use crate::error::{Diagnostic, Error, Severity};
use crate::suggest;

/// Longest horizon accepted; beyond this a real discount rate makes the tail meaningless and a
/// typo (2035 instead of 10) is far more likely than intent.
pub const MAX_HORIZON: i64 = 60;

/// Reads the chain of files `text` extends (relative to `dir`), merges it and validates the
/// result. `canonical` is the top file's own path, when it has one (for cycle detection).
pub(super) fn parse_and_validate(
    text: &str,
    file: &str,
    dir: Option<&Path>,
    canonical: Option<std::path::PathBuf>,
) -> Result<Loaded, Error> {
    let chain = super::extends::read_chain(text.to_string(), file, dir, canonical)?;
    let (merged, src) = Sources::merge(&chain);
    // The chain is base first; the given file first reads better in messages.
    let files = chain
        .iter()
        .rev()
        .map(|f| f.path.clone().unwrap_or_else(|| f.name.clone().into()))
        .collect();
    let raw: RawFile = if chain.len() == 1 {
        chain[0].raw.clone()
    } else {
        // Each file passed the shape check on its own; merging keeps every value's type.
        match toml::Value::Table(merged.clone()).try_into() {
            Ok(raw) => raw,
            Err(e) => {
                return Err(Error::Invalid {
                    file: file.to_string(),
                    diagnostics: vec![Diagnostic {
                        severity: Severity::Error,
                        file: file.to_string(),
                        path: String::new(),
                        location: None,
                        width: None,
                        source_line: None,
                        message: format!(
                            "the files merged by `extends` do not fit together: {}",
                            e.message().trim()
                        ),
                        hint: None,
                    }],
                });
            }
        }
    };
    let mut v = Validator {
        src: &src,
        diags: Vec::new(),
    };
    let scenario = v.scenario(&raw);
    let alternatives = match &scenario {
        Some(base) if !v.diags.iter().any(|d| d.severity == Severity::Error) => {
            v.alternatives(&merged, &raw, base)
        }
        _ => Vec::new(),
    };
    let mut diags = v.diags;
    diags.sort_by(|a, b| {
        (src.rank(&a.file), a.location, a.severity, &a.path).cmp(&(
            src.rank(&b.file),
            b.location,
            b.severity,
            &b.path,
        ))
    });
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Invalid {
            file: file.to_string(),
            diagnostics: diags,
        });
    }
    match scenario {
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: diags,
            alternatives,
            files,
        }),
        None => Err(Error::Internal(
            "validation produced no scenario and no error".into(),
        )),
    }
}

/// Applies one override `key = value` to the raw document; returns the key path of the
/// field it set (as the validator names it), or a message and hint.
fn apply_override(
    doc: &mut toml::Table,
    key: &str,
    value: toml::Value,
) -> Result<Vec<Seg>, (String, Option<String>)> {
    let parts: Vec<&str> = key.split('.').collect();
    let tables =
        "scenario.FIELD, constraints.FIELD, partner.ID.FIELD, domain.ID.FIELD or form.ID.FIELD";
    let (mut node, mut target, rest): (&mut toml::Table, Vec<Seg>, &[&str]) = match parts[0] {
        "scenario" | "constraints" if parts.len() >= 2 => {
            let t = doc
                .entry(parts[0])
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match t.as_table_mut() {
                Some(t) => (t, vec![k(parts[0])], &parts[1..]),
                None => return Err((format!("`{}` is not a table", parts[0]), None)),
            }
        }
        "partner" | "domain" | "form" if parts.len() >= 3 => {
            if parts[2] == "id" {
                return Err((
                    "ids cannot be overridden".into(),
                    Some("add or exclude partners instead".into()),
                ));
            }
            let list = doc.get_mut(parts[0]).and_then(|v| v.as_array_mut());
            let Some(list) = list else {
                return Err((format!("the scenario has no `[[{}]]`", parts[0]), None));
            };
            let ids: Vec<String> = list
                .iter()
                .map(|e| {
                    e.get("id")
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                })
                .collect();
            let Some(j) = ids.iter().position(|id| id == parts[1]) else {
                let prefix = format!("{}.", parts[0]);
                let (message, hint) = suggest::unknown_id_as(parts[0], parts[1], &ids, &prefix);
                return Err((message, Some(hint)));
            };
            match list[j].as_table_mut() {
                Some(t) => (t, vec![k(parts[0]), Seg::Index(j)], &parts[2..]),
                None => return Err((format!("`{}` is not a table", parts[0]), None)),
            }
        }
        _ => {
            return Err((
                format!("cannot resolve the key path `{key}`"),
                Some(format!("write {tables}, e.g. \"form.dv.setup_cost\"")),
            ));
        }
    };
    for (i, part) in rest.iter().enumerate() {
        target.push(k(part));
        if i + 1 == rest.len() {
            node.insert(part.to_string(), value);
            return Ok(target);
        }
        let next = node
            .entry(*part)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        node = match next.as_table_mut() {
            Some(t) => t,
            None => return Err((format!("`{}` is not a table", render_path(&target)), None)),
        };
    }
    Err((
        format!("cannot resolve the key path `{key}`"),
        Some(format!("write {tables}")),
    ))
}

struct Validator<'a> {
    /// Where each (merged) key path is written: file, line and column.
    src: &'a Sources<'a>,
    diags: Vec<Diagnostic>,
}

fn k(s: &str) -> Seg {
    Seg::Key(s.to_string())
}
fn path(base: &[Seg], more: &[Seg]) -> Vec<Seg> {
    base.iter().chain(more).cloned().collect()
}

impl<'a> Validator<'a> {
    /// Validates every `[[alternative]]` of a valid base scenario into its own scenario.
    fn alternatives(
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

    fn error_count(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    fn push(&mut self, severity: Severity, at: &[Seg], message: String, hint: Option<String>) {
        let (file, location, source_line, width) = self.src.locate(at);
        self.diags.push(Diagnostic {
            severity,
            file: file.to_string(),
            path: render_path(at),
            source_line,
            width,
            location,
            message,
            hint,
        });
    }
    fn err(&mut self, at: &[Seg], message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Error, at, message.into(), hint);
    }
    fn warn(&mut self, at: &[Seg], message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Warning, at, message.into(), hint);
    }

    /// A finite amount within [lo, hi]; reports and returns `default` otherwise.
    fn num(
        &mut self,
        at: &[Seg],
        value: Option<f64>,
        default: Option<f64>,
        lo: f64,
        hi: f64,
        unit: &str,
    ) -> f64 {
        match value {
            None => match default {
                Some(d) => d,
                None => {
                    self.err(
                        at,
                        "missing required field",
                        Some(format!("give a value in {unit}")),
                    );
                    0.0
                }
            },
            Some(x) if !x.is_finite() => {
                self.err(
                    at,
                    format!("must be a finite number, found {x}"),
                    Some(format!("give a value in {unit}")),
                );
                default.unwrap_or(0.0)
            }
            Some(x) if x < lo || x > hi => {
                let range = match (lo.is_finite(), hi.is_finite()) {
                    (true, true) => format!("between {lo} and {hi}"),
                    (true, false) => format!("at least {lo}"),
                    (false, true) => format!("at most {hi}"),
                    _ => "finite".into(),
                };
                self.err(
                    at,
                    format!("{x} is out of range: must be {range}"),
                    Some(format!("unit: {unit}")),
                );
                default.unwrap_or(0.0)
            }
            Some(x) => x,
        }
    }

    fn int(
        &mut self,
        at: &[Seg],
        value: Option<i64>,
        default: Option<i64>,
        lo: i64,
        hi: i64,
        unit: &str,
    ) -> i64 {
        match value {
            None => match default {
                Some(d) => d,
                None => {
                    self.err(
                        at,
                        "missing required field",
                        Some(format!("give a whole number of {unit}")),
                    );
                    lo
                }
            },
            Some(x) if x < lo || x > hi => {
                self.err(
                    at,
                    format!("{x} is out of range: must be between {lo} and {hi}"),
                    Some(format!("unit: {unit}")),
                );
                default.unwrap_or(lo)
            }
            Some(x) => x,
        }
    }

    fn id(
        &mut self,
        at: &[Seg],
        value: &Option<String>,
        what: &str,
        seen: &mut Vec<String>,
    ) -> String {
        let Some(id) = value.clone() else {
            self.err(
                at,
                format!("every {what} needs an `id`"),
                Some("a short unique name such as `kortenberg`".into()),
            );
            let placeholder = format!("?{}", seen.len());
            seen.push(placeholder.clone());
            return placeholder;
        };
        if id.is_empty() || id.contains(['+', '|', ',', '[', ']', ' ']) {
            self.err(
                at,
                format!("{what} id `{id}` is empty or contains one of `+|,[] `"),
                Some("use letters, digits, `-` and `_`".into()),
            );
        }
        if seen.contains(&id) {
            self.err(
                at,
                format!("duplicate {what} id `{id}`"),
                Some(format!("each {what} id must be unique")),
            );
        }
        seen.push(id.clone());
        id
    }

    /// Resolves an id reference, with a did-you-mean hint.
    fn reference(&mut self, at: &[Seg], id: &str, known: &[String], what: &str) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| k == id) {
            return Some(i);
        }
        let (message, hint) = suggest::unknown_id(what, id, known);
        self.err(at, message, Some(hint));
        None
    }

    /// A partner's `municipality` that is no gemeente's but close to one is probably a typo.
    fn municipalities(&mut self, partners: &[Partner]) {
        let towns: Vec<&str> = partners
            .iter()
            .filter(|p| p.kind == "gemeente")
            .filter_map(|p| p.municipality.as_deref())
            .collect();
        for (i, p) in partners.iter().enumerate() {
            let Some(m) = p.municipality.as_deref() else {
                continue;
            };
            if towns.contains(&m) {
                continue;
            }
            if let Some(guess) = suggest::did_you_mean(m, &towns) {
                self.warn(
                    &[k("partner"), Seg::Index(i), k("municipality")],
                    format!("no gemeente of this scenario belongs to municipality `{m}`"),
                    Some(format!(
                        "{guess} (a gemeente's municipality is its id unless it sets one)"
                    )),
                );
            }
        }
    }

    fn kind(&mut self, at: &[Seg], kind: &str) -> bool {
        if PARTNER_KINDS.contains(&kind) {
            return true;
        }
        let allowed = suggest::list(PARTNER_KINDS);
        let hint = match suggest::did_you_mean(kind, PARTNER_KINDS) {
            Some(guess) => format!("{guess} (allowed: {allowed})"),
            None => format!("allowed kinds: {allowed}"),
        };
        self.err(at, format!("unknown partner kind `{kind}`"), Some(hint));
        false
    }

    fn scenario(&mut self, raw: &RawFile) -> Option<Scenario> {
        let s = match &raw.scenario {
            Some(s) => s.clone(),
            None => {
                self.err(
                    &[],
                    "missing `[scenario]` table",
                    Some("add `[scenario]` with at least `base_year` and `horizon`".into()),
                );
                RawScenario {
                    name: None,
                    base_year: None,
                    horizon: None,
                    discount_rate: None,
                    salary_per_fte: None,
                    salary_by_kind: None,
                    attrition_rate: None,
                    distance_cost_per_km: None,
                }
            }
        };
        let sp = [k("scenario")];
        let name = s.name.clone().unwrap_or_else(|| "unnamed scenario".into());
        let base_year = self.int(
            &path(&sp, &[k("base_year")]),
            s.base_year,
            None,
            1900,
            2200,
            "calendar year",
        ) as i32;
        let horizon = self.int(
            &path(&sp, &[k("horizon")]),
            s.horizon,
            None,
            1,
            MAX_HORIZON,
            "years",
        ) as usize;
        let discount_rate = self.num(
            &path(&sp, &[k("discount_rate")]),
            s.discount_rate,
            Some(0.03),
            -0.99,
            1.0,
            "a real rate per year (0.03 = 3%)",
        );
        if discount_rate > 0.2 {
            self.warn(
                &path(&sp, &[k("discount_rate")]),
                format!("a real discount rate of {discount_rate} is unusually high"),
                Some("rates are fractions: 0.03 means 3%".into()),
            );
        }
        let salary_per_fte = self.num(
            &path(&sp, &[k("salary_per_fte")]),
            s.salary_per_fte,
            Some(65_000.0),
            0.0,
            1e7,
            "euro per FTE per year",
        );
        let mut salary_by_kind = BTreeMap::new();
        for (kind, &v) in s.salary_by_kind.iter().flatten() {
            let at = path(&sp, &[k("salary_by_kind"), k(kind)]);
            if self.kind(&at, kind) {
                let v = self.num(&at, Some(v), None, 0.0, 1e7, "euro per FTE per year");
                salary_by_kind.insert(kind.clone(), v);
            }
        }
        let attrition_rate = self.num(
            &path(&sp, &[k("attrition_rate")]),
            s.attrition_rate,
            Some(0.03),
            0.0,
            0.99,
            "share of staff leaving per year (0.03 = 3%)",
        );
        let distance_cost_per_km = self.num(
            &path(&sp, &[k("distance_cost_per_km")]),
            s.distance_cost_per_km,
            Some(0.0),
            0.0,
            1e6,
            "euro per km per member per year",
        );

        // Domains first: partners refer to them.
        let mut domain_ids = Vec::new();
        for (i, d) in raw.domain.iter().enumerate() {
            self.id(
                &[k("domain"), Seg::Index(i)],
                &d.id,
                "domain",
                &mut domain_ids,
            );
        }
        let mut partner_ids = Vec::new();
        for (i, p) in raw.partner.iter().enumerate() {
            self.id(
                &[k("partner"), Seg::Index(i)],
                &p.id,
                "partner",
                &mut partner_ids,
            );
        }
        if raw.partner.len() < 2 {
            self.err(
                &[],
                format!(
                    "the scenario has {} partner(s): there is nothing to cooperate on",
                    raw.partner.len()
                ),
                Some("add at least two `[[partner]]` tables".into()),
            );
        }
        if raw.domain.is_empty() {
            self.err(
                &[],
                "the scenario has no `[[domain]]`: there is nothing to share",
                Some(
                    "add at least one `[[domain]]` table with standalone and shared cost sheets"
                        .into(),
                ),
            );
        }

        let partners: Vec<Partner> = raw
            .partner
            .iter()
            .enumerate()
            .map(|(i, p)| self.partner(i, p, &partner_ids, &domain_ids, base_year, horizon))
            .collect();
        self.municipalities(&partners);
        let domains: Vec<Domain> = raw
            .domain
            .iter()
            .enumerate()
            .map(|(i, d)| self.domain(i, d, &domain_ids, &partners))
            .collect();
        let mut form_ids = Vec::new();
        let forms: Vec<Form> = raw
            .form
            .iter()
            .enumerate()
            .map(|(i, f)| self.form(i, f, &mut form_ids, &domain_ids, &partners, horizon))
            .collect();
        if raw.form.is_empty() {
            self.warn(
                &[],
                "the scenario has no `[[form]]`: every partner stays alone",
                Some("add cooperation forms such as `informal` or `interlokale-vereniging`".into()),
            );
        }
        let constraints = self.constraints(raw.constraints.as_ref(), &partner_ids, &domain_ids);
        if distance_cost_per_km > 0.0 || constraints.max_distance_km.is_some() {
            for (i, p) in partners.iter().enumerate() {
                if p.location.is_none() {
                    self.err(
                        &[k("partner"), Seg::Index(i)],
                        format!(
                            "partner `{}` has no `location`, but distances are used",
                            p.id
                        ),
                        Some("add `location = { lat = 50.88, lon = 4.70 }` (WGS84 degrees), or drop `distance_cost_per_km` and `max_distance_km`".into()),
                    );
                }
            }
        }
        Some(Scenario {
            name,
            base_year,
            horizon,
            discount_rate,
            salary_per_fte,
            salary_by_kind,
            attrition_rate,
            distance_cost_per_km,
            partners,
            domains,
            forms,
            constraints,
        })
    }

    fn partner(
        &mut self,
        i: usize,
        p: &RawPartner,
        ids: &[String],
        domain_ids: &[String],
        base_year: i32,
        horizon: usize,
    ) -> Partner {
        let at = [k("partner"), Seg::Index(i)];
        let id = ids[i].clone();
        let kind = match &p.kind {
            Some(kind) => {
                self.kind(&path(&at, &[k("kind")]), kind);
                kind.clone()
            }
            None => {
                self.err(
                    &path(&at, &[k("kind")]),
                    "missing required field `kind`",
                    Some(format!("one of: {}", PARTNER_KINDS.join(", "))),
                );
                "other".into()
            }
        };
        let mut drivers = BTreeMap::new();
        let population = self.num(
            &path(&at, &[k("population")]),
            p.population,
            None,
            0.0,
            1e9,
            "inhabitants",
        );
        drivers.insert("population".to_string(), population);
        for (name, value) in [
            ("staff", p.staff),
            ("sites", p.sites),
            ("devices", p.devices),
        ] {
            if let Some(v) = value {
                let v = self.num(&path(&at, &[k(name)]), Some(v), None, 0.0, 1e9, "count");
                drivers.insert(name.to_string(), v);
            }
        }
        for (name, &v) in p.drivers.iter().flatten() {
            let dat = path(&at, &[k("drivers"), k(name)]);
            if STANDARD_DRIVERS.contains(&name.as_str()) {
                self.err(
                    &dat,
                    format!("`{name}` is a standard driver"),
                    Some(format!("set `{name} = ...` directly on the partner")),
                );
                continue;
            }
            let v = self.num(&dat, Some(v), None, 0.0, 1e12, "driver units");
            drivers.insert(name.clone(), v);
        }
        let ict_fte = self.num(
            &path(&at, &[k("ict_fte")]),
            p.ict_fte,
            Some(0.0),
            0.0,
            1e5,
            "FTE",
        );
        let mut locked_until = vec![0; domain_ids.len()];
        for (d, &year) in p.locked_until.iter().flatten() {
            let lat = path(&at, &[k("locked_until"), k(d)]);
            if let Some(di) = self.reference(&lat, d, domain_ids, "domain") {
                let t = year - base_year as i64;
                if !(1800..=2300).contains(&year) {
                    self.err(
                        &lat,
                        format!("{year} is not a plausible calendar year"),
                        Some(
                            "give the calendar year from which the partner is free, e.g. 2028"
                                .into(),
                        ),
                    );
                } else if t >= horizon as i64 {
                    self.warn(&lat, format!("locked until {year}, beyond the horizon's last year {}: this partner cannot share `{d}` within the horizon", base_year as i64 + horizon as i64 - 1), Some("check the year (the first year the partner is free), or lengthen `scenario.horizon`".into()));
                    locked_until[di] = horizon;
                } else {
                    locked_until[di] = t.max(0) as usize;
                }
            }
        }
        let location = p.location.as_ref().map(|l| {
            let lat = self.num(
                &path(&at, &[k("location"), k("lat")]),
                Some(l.lat),
                None,
                -90.0,
                90.0,
                "degrees latitude (WGS84)",
            );
            let lon = self.num(
                &path(&at, &[k("location"), k("lon")]),
                Some(l.lon),
                None,
                -180.0,
                180.0,
                "degrees longitude (WGS84)",
            );
            (lat, lon)
        });
        let budget = p.budget.map(|b| {
            self.num(
                &path(&at, &[k("budget")]),
                Some(b),
                None,
                0.0,
                1e12,
                "euro per year",
            )
        });
        let mut support = vec![None; domain_ids.len()];
        for (d, &s) in p.support.iter().flatten() {
            let sat = path(&at, &[k("support"), k(d)]);
            if let Some(di) = self.reference(&sat, d, domain_ids, "domain") {
                support[di] = Some(self.num(
                    &sat,
                    Some(s),
                    None,
                    0.0,
                    1.0,
                    "support score from 0 (none) to 1 (full)",
                ));
            }
        }
        let municipality = p
            .municipality
            .clone()
            .or_else(|| (kind == "gemeente").then(|| id.clone()));
        Partner {
            municipality,
            id,
            name: p.name.clone().unwrap_or_else(|| ids[i].clone()),
            kind,
            drivers,
            ict_fte,
            locked_until,
            location,
            budget,
            support,
        }
    }

    fn sheet(&mut self, at: &[Seg], raw: Option<&RawSheet>, shared: bool) -> CostSheet {
        let Some(s) = raw else {
            let which = if shared { "shared" } else { "standalone" };
            self.err(
                at,
                format!("missing `[domain.{which}]` cost sheet"),
                Some("give at least `fixed_cost` or `unit_cost`".into()),
            );
            return CostSheet {
                fixed_cost: 0.0,
                unit_cost: 0.0,
                fte_fixed: 0.0,
                fte_per_unit: 0.0,
                capex_fixed: 0.0,
                capex_per_unit: 0.0,
                lifetime: 0,
                scale: ScaleCurve::flat(),
                integration_per_member: 0.0,
                coordination_per_member: 0.0,
            };
        };
        let amount = |v: &mut Self, key: &str, x: Option<f64>, unit: &str| {
            v.num(&path(at, &[k(key)]), x, Some(0.0), 0.0, 1e12, unit)
        };
        let fixed_cost = amount(self, "fixed_cost", s.fixed_cost, "euro per year");
        let unit_cost = amount(
            self,
            "unit_cost",
            s.unit_cost,
            "euro per driver unit per year",
        );
        let fte_fixed = amount(self, "fte_fixed", s.fte_fixed, "FTE");
        let fte_per_unit = amount(self, "fte_per_unit", s.fte_per_unit, "FTE per driver unit");
        let capex_fixed = amount(self, "capex_fixed", s.capex_fixed, "euro per investment");
        let capex_per_unit = amount(
            self,
            "capex_per_unit",
            s.capex_per_unit,
            "euro per driver unit per investment",
        );
        let integration_per_member = amount(
            self,
            "integration_per_member",
            s.integration_per_member,
            "euro per joining member, once",
        );
        let coordination_per_member = amount(
            self,
            "coordination_per_member",
            s.coordination_per_member,
            "euro per member per year",
        );
        if !shared {
            for (key, x) in [
                ("integration_per_member", s.integration_per_member),
                ("coordination_per_member", s.coordination_per_member),
            ] {
                if x.is_some() {
                    self.err(
                        &path(at, &[k(key)]),
                        format!("`{key}` only applies to the `shared` sheet"),
                        Some("move it to `[domain.shared]`".into()),
                    );
                }
            }
        }
        let has_capex = capex_fixed > 0.0 || capex_per_unit > 0.0;
        let lifetime = match s.lifetime {
            None if has_capex => {
                self.err(
                    &path(at, &[k("lifetime")]),
                    "an investment needs a `lifetime`",
                    Some("years the investment lasts before renewal, e.g. 5".into()),
                );
                1
            }
            None => 0,
            Some(l) => {
                self.int(&path(at, &[k("lifetime")]), Some(l), None, 1, 100, "years") as usize
            }
        };
        let mut points = Vec::new();
        for (j, pt) in s.scale.iter().flatten().enumerate() {
            let pat = path(at, &[k("scale"), Seg::Index(j)]);
            if pt.len() != 2 {
                self.err(
                    &pat,
                    format!("a breakpoint has 2 numbers, found {}", pt.len()),
                    Some("write `[volume, multiplier]`, e.g. `[20000, 0.9]`".into()),
                );
                continue;
            }
            let q = self.num(
                &pat,
                Some(pt[0]),
                None,
                0.0,
                1e12,
                "driver units (pooled volume)",
            );
            let m = self.num(
                &pat,
                Some(pt[1]),
                None,
                1e-6,
                100.0,
                "multiplier of unit costs (1 = no scale effect)",
            );
            if let Some(&(prev, _)) = points.last()
                && q <= prev
            {
                self.err(
                    &pat,
                    format!("breakpoint volumes must increase: {q} after {prev}"),
                    Some("sort the breakpoints by volume".into()),
                );
                continue;
            }
            points.push((q, m));
        }
        CostSheet {
            fixed_cost,
            unit_cost,
            fte_fixed,
            fte_per_unit,
            capex_fixed,
            capex_per_unit,
            lifetime,
            scale: ScaleCurve { points },
            integration_per_member,
            coordination_per_member,
        }
    }

    fn domain(&mut self, i: usize, d: &RawDomain, ids: &[String], partners: &[Partner]) -> Domain {
        let at = [k("domain"), Seg::Index(i)];
        let driver = match &d.driver {
            Some(dr) => dr.clone(),
            None => {
                self.err(
                    &path(&at, &[k("driver")]),
                    "missing required field `driver`",
                    Some(format!(
                        "the partner attribute that drives demand: {} or an extra driver",
                        STANDARD_DRIVERS.join(", ")
                    )),
                );
                "population".into()
            }
        };
        let mut missing = Vec::new();
        for p in partners {
            if !p.drivers.contains_key(&driver) {
                missing.push(p.id.clone());
            }
        }
        if !missing.is_empty() && !partners.is_empty() {
            let mut known: Vec<&str> = STANDARD_DRIVERS.to_vec();
            for p in partners {
                known.extend(p.drivers.keys().map(|s| s.as_str()));
            }
            known.sort();
            known.dedup();
            let hint = match suggest::closest(&driver, known.iter().copied()) {
                Some(best) if best != driver => format!("did you mean `{best}`?"),
                _ => format!("give every partner `{driver}` (or `drivers.{driver}`)"),
            };
            self.err(
                &path(&at, &[k("driver")]),
                format!(
                    "driver `{driver}` is not given for partner(s) {}",
                    missing.join(", ")
                ),
                Some(hint),
            );
        }
        let growth = self.num(
            &path(&at, &[k("growth")]),
            d.growth,
            Some(0.0),
            -0.5,
            1.0,
            "growth of demand per year (0.01 = 1%)",
        );
        let standalone = self.sheet(&path(&at, &[k("standalone")]), d.standalone.as_ref(), false);
        let shared = self.sheet(&path(&at, &[k("shared")]), d.shared.as_ref(), true);
        Domain {
            id: ids[i].clone(),
            name: d.name.clone().unwrap_or_else(|| ids[i].clone()),
            driver,
            growth,
            standalone,
            shared,
        }
    }

    fn form(
        &mut self,
        i: usize,
        f: &RawForm,
        ids: &mut Vec<String>,
        domain_ids: &[String],
        partners: &[Partner],
        horizon: usize,
    ) -> Form {
        let at = [k("form"), Seg::Index(i)];
        let id = self.id(&at, &f.id, "form", ids);
        let amount = |v: &mut Self, key: &str, x: Option<f64>, unit: &str| {
            v.num(&path(&at, &[k(key)]), x, Some(0.0), 0.0, 1e12, unit)
        };
        let setup_cost = amount(self, "setup_cost", f.setup_cost, "euro, once per vehicle");
        let governance_fixed = amount(
            self,
            "governance_fixed",
            f.governance_fixed,
            "euro per vehicle per year",
        );
        let governance_per_member = amount(
            self,
            "governance_per_member",
            f.governance_per_member,
            "euro per member per year",
        );
        let min_members = self.int(
            &path(&at, &[k("min_members")]),
            f.min_members,
            Some(2),
            2,
            100_000,
            "members",
        ) as usize;
        let max_members = match f.max_members {
            None => usize::MAX,
            Some(m) => self.int(
                &path(&at, &[k("max_members")]),
                Some(m),
                None,
                1,
                100_000,
                "members",
            ) as usize,
        };
        if min_members > max_members {
            self.err(
                &path(&at, &[k("max_members")]),
                format!("max_members {max_members} is below min_members {min_members}"),
                Some("no group could use this form".into()),
            );
        }
        let domains = match &f.domains {
            None => vec![true; domain_ids.len()],
            Some(list) => {
                let mut allowed = vec![false; domain_ids.len()];
                for (j, d) in list.iter().enumerate() {
                    if let Some(di) = self.reference(
                        &path(&at, &[k("domains"), Seg::Index(j)]),
                        d,
                        domain_ids,
                        "domain",
                    ) {
                        allowed[di] = true;
                    }
                }
                allowed
            }
        };
        let partner_kinds = f.partner_kinds.as_ref().map(|list| {
            for (j, kind) in list.iter().enumerate() {
                self.kind(&path(&at, &[k("partner_kinds"), Seg::Index(j)]), kind);
            }
            list.clone()
        });
        if let Some(kinds) = &partner_kinds {
            let n = partners.iter().filter(|p| kinds.contains(&p.kind)).count();
            if n < min_members.min(2) || n < 2 {
                self.warn(
                    &path(&at, &[k("partner_kinds")]),
                    format!(
                        "only {n} partner(s) of the allowed kinds: no group can use form `{id}`"
                    ),
                    Some("widen `partner_kinds`, or drop the form if it is not meant for this scenario".into()),
                );
            }
        }
        if domains.iter().all(|a| !a) && !domain_ids.is_empty() {
            self.warn(
                &path(&at, &[k("domains")]),
                format!("form `{id}` allows no domain: no group can use it"),
                None,
            );
        }
        let lead_time = self.int(
            &path(&at, &[k("lead_time")]),
            f.lead_time,
            Some(0),
            0,
            100,
            "years",
        ) as usize;
        if lead_time >= horizon && horizon > 0 {
            self.warn(&path(&at, &[k("lead_time")]), format!("lead time of {lead_time} years reaches past the {horizon}-year horizon: form `{id}` can never deliver"), None);
        }
        let vat_rate = self.num(
            &path(&at, &[k("vat_rate")]),
            f.vat_rate,
            Some(0.0),
            0.0,
            1.0,
            "a fraction: 0.21 = 21%",
        );
        let shared_salary = f.shared_salary.map(|x| {
            self.num(
                &path(&at, &[k("shared_salary")]),
                Some(x),
                None,
                1.0,
                1e7,
                "euro per FTE per year",
            )
        });
        if shared_salary.is_some() && f.hosted == Some(true) {
            self.warn(
                &path(&at, &[k("shared_salary")]),
                "a hosted form's staff are the host's and cost the host's salary: `shared_salary` is not used",
                Some("drop `shared_salary`, or set `hosted = false` for a vehicle with staff of its own".into()),
            );
        }
        let min_kind = self.min_kind(&at, f.min_kind.as_ref());
        if f.same_municipality == Some(true) {
            self.unplaced(&at, &id, partners, f.partner_kinds.as_deref());
        }
        let legal_personality = f.legal_personality;
        // Under a gemeente-OCMW beheersovereenkomst (one municipality) the staff of both bodies
        // serve the shared service by law (DLB art. 196 §2) without changing employer, which is
        // what `staff_transfer` prices; elsewhere a form without legal personality cannot take
        // staff over.
        if legal_personality == Some(false)
            && f.staff_transfer == Some(true)
            && f.same_municipality != Some(true)
        {
            self.warn(
                &path(&at, &[k("staff_transfer")]),
                format!("form `{id}` has no legal personality, so no staff can transfer to it"),
                Some("samen prices `staff_transfer = true` as staff paid once for the shared work; set it to false unless the members' staff serve the shared service without changing employer".into()),
            );
        }
        Form {
            same_municipality: f.same_municipality.unwrap_or(false),
            min_kind,
            legal_personality,
            id,
            name: f.name.clone().unwrap_or_else(|| ids[i].clone()),
            setup_cost,
            governance_fixed,
            governance_per_member,
            min_members,
            max_members,
            domains,
            partner_kinds,
            lead_time,
            staff_transfer: f.staff_transfer.unwrap_or(false),
            vat_rate,
            hosted: f.hosted.unwrap_or(false),
            shared_salary,
        }
    }

    /// A `same_municipality` form never admits a partner that names no municipality: say so
    /// for the partners of the kinds it is open to.
    fn unplaced(&mut self, at: &[Seg], id: &str, partners: &[Partner], kinds: Option<&[String]>) {
        let open = |p: &Partner| kinds.is_none_or(|k| k.contains(&p.kind));
        let none: Vec<&str> = partners
            .iter()
            .filter(|p| open(p) && p.municipality.is_none())
            .map(|p| p.id.as_str())
            .collect();
        if !none.is_empty() {
            self.warn(
                &path(at, &[k("same_municipality")]),
                format!(
                    "form `{id}` joins partners of one municipality, and {} name(s) none: it will never include them",
                    none.join(", ")
                ),
                Some("give each partner that belongs to a gemeente `municipality = \"<the gemeente's id>\"`".into()),
            );
        }
    }

    /// `min_kind = { gemeente = 2 }`: known kinds, whole numbers of at least 1.
    fn min_kind(
        &mut self,
        at: &[Seg],
        raw: Option<&BTreeMap<String, i64>>,
    ) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for (kind, &n) in raw.into_iter().flatten() {
            let kat = path(at, &[k("min_kind"), k(kind)]);
            if self.kind(&kat, kind) {
                let n = self.int(&kat, Some(n), None, 1, 100_000, "members of that kind");
                out.push((kind.clone(), n as usize));
            }
        }
        out
    }

    fn constraints(
        &mut self,
        raw: Option<&RawConstraints>,
        pids: &[String],
        dids: &[String],
    ) -> Constraints {
        let Some(c) = raw else {
            return Constraints {
                individual_rationality: true,
                ..Constraints::default()
            };
        };
        let at = [k("constraints")];
        let max_group_size = c.max_group_size.map(|m| {
            self.int(
                &path(&at, &[k("max_group_size")]),
                Some(m),
                None,
                1,
                100_000,
                "partners",
            ) as usize
        });
        let max_vehicles_per_partner = c.max_vehicles_per_partner.map(|m| {
            self.int(
                &path(&at, &[k("max_vehicles_per_partner")]),
                Some(m),
                None,
                0,
                100_000,
                "vehicles",
            ) as usize
        });
        let max_distance_km = c.max_distance_km.map(|m| {
            self.num(
                &path(&at, &[k("max_distance_km")]),
                Some(m),
                None,
                0.0,
                40_000.0,
                "km, straight line from a member to its group's host",
            )
        });
        let min_support = c.min_support.map(|m| {
            self.num(
                &path(&at, &[k("min_support")]),
                Some(m),
                None,
                0.0,
                1.0,
                "support score from 0 to 1",
            )
        });
        let min_saving = self.num(
            &path(&at, &[k("min_saving")]),
            c.min_saving,
            Some(0.0),
            0.0,
            0.99,
            "share of the standalone NPV (0.05 = 5%)",
        );
        let individual_rationality = c.individual_rationality.unwrap_or(true);
        if c.min_saving.is_some() && !individual_rationality {
            self.warn(
                &path(&at, &[k("min_saving")]),
                "min_saving has no effect while individual_rationality = false",
                None,
            );
        }
        let mut keep_in_house = Vec::new();
        for (j, r) in c.keep_in_house.iter().enumerate() {
            let rat = path(&at, &[k("keep_in_house"), Seg::Index(j)]);
            let p = match &r.partner {
                Some(p) => self.reference(&path(&rat, &[k("partner")]), p, pids, "partner"),
                None => {
                    self.err(&rat, "missing `partner`", Some("`{ partner = \"id\", domain = \"id\" }`; leave out `domain` for every domain".into()));
                    None
                }
            };
            let d = match &r.domain {
                Some(d) => self
                    .reference(&path(&rat, &[k("domain")]), d, dids, "domain")
                    .map(Some),
                None => Some(None),
            };
            if let (Some(p), Some(d)) = (p, d) {
                keep_in_house.push((p, d));
            }
        }
        let mut never_together = Vec::new();
        for (j, pair) in c.never_together.iter().enumerate() {
            let rat = path(&at, &[k("never_together"), Seg::Index(j)]);
            if pair.len() != 2 {
                self.err(
                    &rat,
                    format!(
                        "a never-together rule names 2 partners, found {}",
                        pair.len()
                    ),
                    Some("write `[\"a\", \"b\"]`; add one rule per pair".into()),
                );
                continue;
            }
            let a = self.reference(&path(&rat, &[Seg::Index(0)]), &pair[0], pids, "partner");
            let b = self.reference(&path(&rat, &[Seg::Index(1)]), &pair[1], pids, "partner");
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    self.err(
                        &rat,
                        "a never-together rule names the same partner twice",
                        None,
                    );
                } else {
                    never_together.push((a.min(b), a.max(b)));
                }
            }
        }
        let mut must_together = Vec::new();
        for (j, r) in c.must_together.iter().enumerate() {
            let rat = path(&at, &[k("must_together"), Seg::Index(j)]);
            let list = r.partners.clone().unwrap_or_default();
            if list.len() < 2 {
                self.err(
                    &path(&rat, &[k("partners")]),
                    "a must-together rule names at least 2 partners",
                    None,
                );
                continue;
            }
            let mut ps = Vec::new();
            for (m, p) in list.iter().enumerate() {
                if let Some(p) = self.reference(
                    &path(&rat, &[k("partners"), Seg::Index(m)]),
                    p,
                    pids,
                    "partner",
                ) {
                    ps.push(p);
                }
            }
            let d = match &r.domain {
                Some(d) => self
                    .reference(&path(&rat, &[k("domain")]), d, dids, "domain")
                    .map(Some),
                None => Some(None),
            };
            ps.sort_unstable();
            ps.dedup();
            if let Some(d) = d
                && ps.len() == list.len()
            {
                must_together.push((ps, d));
            }
        }
        Constraints {
            forced: Vec::new(),
            forbidden: Vec::new(),
            max_group_size,
            max_vehicles_per_partner,
            max_distance_km,
            min_support,
            individual_rationality,
            min_saving,
            keep_in_house,
            never_together,
            must_together,
        }
    }
}
