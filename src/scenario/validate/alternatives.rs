//! `[[alternative]]`: named variants of a valid base scenario, each validated as a scenario
//! of its own.

use super::overrides::apply_override;
use super::{Validator, k, path};
use crate::error::{Diagnostic, Severity};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

/// The valid base scenario the alternatives vary, with its document and ids.
struct Base<'b> {
    doc: &'b toml::Table,
    scenario: &'b Scenario,
    pids: Vec<String>,
    dids: Vec<String>,
    fids: Vec<String>,
}

impl<'b> Base<'b> {
    fn of(doc: &'b toml::Table, scenario: &'b Scenario) -> Base<'b> {
        let ids = |ids: Vec<&String>| ids.into_iter().cloned().collect();
        Base {
            doc,
            scenario,
            pids: ids(scenario.partners.iter().map(|p| &p.id).collect()),
            dids: ids(scenario.domains.iter().map(|d| &d.id).collect()),
            fids: ids(scenario.forms.iter().map(|f| &f.id).collect()),
        }
    }
}

/// What an alternative takes from the base, as indices into it.
struct Selection {
    include: Option<Vec<usize>>,
    exclude: Vec<usize>,
    forms: Option<Vec<usize>>,
    domains: Option<Vec<usize>>,
    forced: Vec<GroupRule>,
    forbidden: Vec<GroupRule>,
}

/// An override's rendered target key path, and where the override is written.
type Target = (String, Vec<Seg>);

impl Validator<'_> {
    /// Validates every `[[alternative]]` of a valid base scenario into its own scenario.
    pub(super) fn alternatives(
        &mut self,
        doc: &toml::Table,
        raw: &RawFile,
        base: &Scenario,
    ) -> Vec<Alternative> {
        let base = Base::of(doc, base);
        let mut names = Vec::new();
        (raw.alternative.iter().enumerate())
            .filter_map(|(i, a)| self.alternative(&base, i, a, &mut names))
            .collect()
    }

    /// One alternative; `None` when it has an error (reported). `names` are those so far.
    fn alternative(
        &mut self,
        base: &Base,
        i: usize,
        a: &RawAlternative,
        names: &mut Vec<String>,
    ) -> Option<Alternative> {
        let at = [k("alternative"), Seg::Index(i)];
        let errors_before = self.error_count();
        let name = self.alternative_name(&at, i, a.name.as_ref(), names);
        let overridden =
            (a.set.as_ref()).and_then(|set| self.overridden(base, &at, &name, set, errors_before));
        let selection = self.selection(base, &at, a);
        if self.error_count() > errors_before {
            return None;
        }
        let variant = selection.apply(overridden.unwrap_or_else(|| base.scenario.clone()));
        let mut variant = self.kept(&at, &name, variant, &selection, base.pids.len())?;
        variant.name = format!("{} [{name}]", base.scenario.name);
        Some(Alternative {
            name,
            description: a.description.clone().unwrap_or_default(),
            scenario: variant,
        })
    }

    /// The alternative's unique `name`; `alternative N` stands in for a missing one.
    fn alternative_name(
        &mut self,
        at: &[Seg],
        i: usize,
        raw: Option<&String>,
        names: &mut Vec<String>,
    ) -> String {
        let name = match raw {
            Some(n) => n.clone(),
            None => self.unnamed(at, i),
        };
        if names.contains(&name) {
            self.err(
                &path(at, &[k("name")]),
                format!("duplicate alternative name `{name}`"),
                None,
            );
        }
        names.push(name.clone());
        name
    }

    /// Reports the missing name of alternative `i`; its stand-in.
    fn unnamed(&mut self, at: &[Seg], i: usize) -> String {
        self.err(
            at,
            "every alternative needs a `name`",
            Some("e.g. `name = \"trio without Machelen\"`".into()),
        );
        format!("alternative {}", i + 1)
    }

    /// `set`: the overrides applied to the base document, validated as a scenario; `None`
    /// when the alternative has an error so far (`errors_before` is the count before it), an
    /// override does not apply or the result does not parse (each reported).
    fn overridden(
        &mut self,
        base: &Base,
        at: &[Seg],
        name: &str,
        set: &toml::Table,
        errors_before: usize,
    ) -> Option<Scenario> {
        let mut doc = base.doc.clone();
        doc.remove("alternative");
        let targets = self.apply_overrides(at, &mut doc, set);
        if self.error_count() > errors_before {
            return None;
        }
        let raw = self.parsed(at, name, doc)?;
        self.revalidate(&raw, name, &targets)
    }

    /// The overridden document as a scenario file; `None` when it does not parse (reported).
    fn parsed(&mut self, at: &[Seg], name: &str, doc: toml::Table) -> Option<RawFile> {
        match toml::Value::Table(doc).try_into::<RawFile>() {
            Err(e) => {
                self.err(
                    &path(at, &[k("set")]),
                    format!("in alternative `{name}`: {}", e.message().trim()),
                    None,
                );
                None
            }
            Ok(raw) => Some(raw),
        }
    }

    /// Applies each override to `doc`; returns their targets.
    fn apply_overrides(
        &mut self,
        at: &[Seg],
        doc: &mut toml::Table,
        set: &toml::Table,
    ) -> Vec<Target> {
        let mut targets = Vec::new();
        for (key, value) in set {
            let kat = path(at, &[k("set"), k(key)]);
            match apply_override(doc, key, value.clone()) {
                Ok(target) => targets.push((super::named_path(self.doc, &target), kat)),
                Err((message, hint)) => self.err(&kat, message, hint),
            }
        }
        targets
    }

    /// Validates an overridden file as a scenario of its own. Its errors are the
    /// alternative's; its warnings only when an override caused them (the base's own are
    /// reported once already).
    fn revalidate(&mut self, raw: &RawFile, name: &str, targets: &[Target]) -> Option<Scenario> {
        let mut v = super::Validator {
            src: self.src,
            doc: self.doc,
            diags: Vec::new(),
        };
        let checked = v.scenario(raw);
        for d in v.diags {
            if let Some(d) = self.attributed(d, name, targets) {
                self.diags.push(d);
            }
        }
        checked
    }

    /// A diagnostic of an overridden file, moved to the override that caused it when one did.
    fn attributed(&self, mut d: Diagnostic, name: &str, targets: &[Target]) -> Option<Diagnostic> {
        let hit = cause(targets, &d.path);
        if d.severity == Severity::Warning && hit.is_none() {
            return None;
        }
        if let Some((_, kat)) = hit {
            self.move_to(&mut d, kat);
        }
        d.message = format!("in alternative `{name}`: {}", d.message);
        Some(d)
    }

    /// Points `d` at the override written at `kat`.
    fn move_to(&self, d: &mut Diagnostic, kat: &[Seg]) {
        let (file, location, line, width) = self.src.locate(kat);
        d.file = file.to_string();
        d.location = location;
        d.source_line = line;
        d.width = width;
        d.path = super::named_path(self.doc, kat);
    }

    /// Who and what takes part, and the forced or forbidden groups (ids of the base).
    fn selection(&mut self, base: &Base, at: &[Seg], a: &RawAlternative) -> Selection {
        let mut ids = |key: &str, ids: &Option<Vec<String>>, known: &[String], what: &str| {
            let ids = ids.as_ref()?;
            Some(self.references(&path(at, &[k(key)]), ids, known, what))
        };
        let include = ids("include", &a.include, &base.pids, "partner");
        let exclude = ids("exclude", &a.exclude, &base.pids, "partner").unwrap_or_default();
        let forms = ids("forms", &a.forms, &base.fids, "form");
        let domains = ids("domains", &a.domains, &base.dids, "domain");
        Selection {
            include,
            exclude,
            forms,
            domains,
            forced: self.groups(base, at, "force", &a.force),
            forbidden: self.groups(base, at, "forbid", &a.forbid),
        }
    }

    /// `force` or `forbid`: groups named by ids of the base.
    fn groups(
        &mut self,
        base: &Base,
        at: &[Seg],
        key: &str,
        refs: &[RawGroupRef],
    ) -> Vec<GroupRule> {
        (refs.iter().enumerate())
            .filter_map(|(j, g)| self.group(base, &path(at, &[k(key), Seg::Index(j)]), g))
            .collect()
    }

    fn group(&mut self, base: &Base, at: &[Seg], g: &RawGroupRef) -> Option<GroupRule> {
        let (Some(d), Some(f), Some(ms)) = (&g.domain, &g.form, &g.members) else {
            self.err(at, "a group needs `domain`, `form` and `members`", None);
            return None;
        };
        let domain = self.reference(&path(at, &[k("domain")]), d, &base.dids, "domain");
        let form = self.reference(&path(at, &[k("form")]), f, &base.fids, "form");
        let listed = path(at, &[k("members")]);
        let members = self.references(&listed, ms, &base.pids, "partner");
        if members.len() < 2 {
            self.err(&listed, "a group has at least two distinct members", None);
        }
        Some(GroupRule {
            members,
            domain: domain?,
            form: form?,
        })
    }

    /// The variant restricted to the partners it keeps, of the base's `n`; at least two.
    fn kept(
        &mut self,
        at: &[Seg],
        name: &str,
        variant: Scenario,
        selection: &Selection,
        n: usize,
    ) -> Option<Scenario> {
        let keep: Vec<usize> = (0..n).filter(|p| selection.keeps(p)).collect();
        if keep.len() < 2 {
            self.too_few(at, name, keep.len());
            return None;
        }
        Some(if keep.len() < n {
            variant.restricted_to(&keep)
        } else {
            variant
        })
    }

    fn too_few(&mut self, at: &[Seg], name: &str, kept: usize) {
        self.err(
            at,
            format!("alternative `{name}` keeps {kept} partner(s): nothing to cooperate on"),
            Some("check `include` and `exclude`".into()),
        );
    }
}

/// The override whose target `path` is, or lies under.
fn cause<'t>(targets: &'t [Target], path: &str) -> Option<&'t Target> {
    targets.iter().find(|(target, _)| {
        path == *target
            || path.starts_with(&format!("{target}."))
            || path.starts_with(&format!("{target}["))
    })
}

impl Selection {
    fn keeps(&self, p: &usize) -> bool {
        self.include.as_ref().is_none_or(|inc| inc.contains(p)) && !self.exclude.contains(p)
    }

    /// The forced and forbidden groups, forms and domains applied to `variant`.
    fn apply(&self, mut variant: Scenario) -> Scenario {
        variant
            .constraints
            .forced
            .extend(self.forced.iter().cloned());
        variant
            .constraints
            .forbidden
            .extend(self.forbidden.iter().cloned());
        if let Some(forms) = &self.forms {
            variant = variant.with_forms(forms);
        }
        if let Some(domains) = &self.domains {
            variant = variant.with_domains(domains);
        }
        variant
    }
}
